def lockout_username(request, credentials=None):
    """The e-mail a log-in attempt is counted against, lower-cased as log-in itself matches it."""
    raw = (credentials or {}).get("username") or request.POST.get("username") or ""
    return raw.strip().lower() or None
