#!/usr/bin/env python3
"""Container health check for the web role: succeed only when PATH answers 200 with {"status": "ok"}.

Usage: healthcheck.py [PATH_OR_URL]   (default: /healthz/ on http://127.0.0.1:8000)

Standard library only: the slim image has no curl. The request looks like one a TLS proxy forwards,
so production settings (DEBUG=0) accept it instead of rejecting or redirecting it:

- Host is the first usable ALLOWED_HOSTS entry; Django answers 400 to a host it does not allow.
- X-Forwarded-Proto: https matches SECURE_PROXY_SSL_HEADER, so SECURE_SSL_REDIRECT does not answer
  this plain-HTTP loopback request with a redirect to https://.

Redirects are not followed and proxies from the environment are ignored: a redirect means the settings
and this check disagree, and that is reported as a failure.
"""

import json
import os
import sys
import urllib.error
import urllib.request

DEFAULT_BASE = "http://127.0.0.1:8000"
DEFAULT_PATH = "/healthz/"


def host_header(allowed_hosts: str) -> str:
    """The Host to send: the first ALLOWED_HOSTS entry that names a host (".example.com" -> "example.com")."""
    for entry in allowed_hosts.split(","):
        host = entry.strip().lstrip(".")
        if host and host != "*":
            return host
    return "localhost"


def target_url(argument: str) -> str:
    if argument.startswith(("http://", "https://")):
        return argument
    if not argument.startswith("/"):
        raise ValueError(f"expected a path starting with / or an http(s) URL, not {argument!r}")
    return DEFAULT_BASE + argument


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # urllib then raises HTTPError with the 3xx status


def check(url: str, *, allowed_hosts: str, timeout: float) -> str | None:
    """None when healthy, otherwise the reason it is not."""
    request = urllib.request.Request(  # noqa: S310 - target_url only lets http(s) through
        url,
        headers={"Host": host_header(allowed_hosts), "X-Forwarded-Proto": "https", "Accept": "application/json"},
    )
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirects)
    try:
        with opener.open(request, timeout=timeout) as response:
            status, body = response.status, response.read()
    except urllib.error.HTTPError as exc:
        location = exc.headers.get("Location") if exc.headers else None
        return f"{url} answered {exc.code}" + (f" (redirect to {location})" if location else "")
    except OSError as exc:  # URLError, refused connections and time-outs are all OSErrors
        return f"{url} unreachable: {exc}"
    try:
        payload = json.loads(body)
    except ValueError:
        return f"{url} answered {status} without JSON"
    if status != 200 or not isinstance(payload, dict) or payload.get("status") != "ok":
        return f"{url} answered {status}: {payload}"
    return None


def main(argv: list[str]) -> int:
    try:
        url = target_url(argv[1] if len(argv) > 1 else DEFAULT_PATH)
    except ValueError as exc:
        print(f"healthcheck: {exc}", file=sys.stderr)
        return 2
    problem = check(
        url,
        allowed_hosts=os.environ.get("ALLOWED_HOSTS", ""),
        timeout=float(os.environ.get("HEALTHCHECK_TIMEOUT") or 4),
    )
    if problem:
        print(f"unhealthy: {problem}", file=sys.stderr)
        return 1
    print("healthy")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
