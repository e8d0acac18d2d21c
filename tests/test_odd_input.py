"""No user input ever produces a 500: odd values in every form field and query parameter of every page."""

import re

import pytest

from tests.url_helpers import ALL_URLS, owned_objects, url_for

SKIP = ("accounts:", "admin:")  # Django's own auth views; covered by tests/accounts
# A sample of what breaks naive parsing: NUL, huge and negative numbers, impossible dates, NaN, long RTL text.
ODD = ["\x00", "9" * 40, "-99999999999", "2026-02-30", "0001-01-01", "NaN", "1e999", "\u202e\U0001f4a5" * 300, "25:61"]
NAME = re.compile(r'name="([^"]+)"')


def _url(name, owner, objects):
    if name in ("reminders:unsubscribe", "accounts:password_reset_confirm"):
        return None
    return url_for(name, owner, objects)


@pytest.mark.django_db
def test_no_form_or_query_parameter_produces_a_500(owner_client, owner):
    objects = owned_objects(owner)
    failures = []
    names = sorted(n for n in ALL_URLS if not n.startswith(SKIP) and ":" in n)
    for name in names:
        url = _url(name, owner, objects)
        if url is None:
            continue
        try:
            page = owner_client.get(url)
        except Exception as error:
            failures.append((name, "GET", repr(error)[:200]))
            continue
        html = "" if page.streaming or page.status_code != 200 else page.content.decode(errors="replace")
        fields = sorted(set(NAME.findall(html)) - {"csrfmiddlewaretoken"})
        for value in ODD:
            try:
                owner_client.get(url, dict.fromkeys([*fields, "q", "page", "sort", "past", "kind", "next"], value))
            except Exception as error:
                failures.append((name, "GET", value[:20], repr(error)[:200]))
            if "delete" in name or "accept" in name or "commit" in name:
                continue
            # Every field at once: Django cleans all fields, so a crash in any of them surfaces.
            data = dict.fromkeys(fields or ["x"], value)
            try:
                response = owner_client.post(url, data)
                if response.status_code >= 500:
                    failures.append((name, "POST", value[:20], response.status_code))
            except Exception as error:
                failures.append((name, "POST", value[:20], repr(error)[:200]))
    seen = {}
    for f in failures:
        seen.setdefault((f[0], f[-1]), f)
    assert not seen, "\n".join(map(str, seen.values()))
