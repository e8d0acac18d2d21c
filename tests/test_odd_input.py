"""No user input ever produces a 500: odd values in every form field and query parameter of every page.

One test per page, so a failure names the page, and each GET's status is checked, not only its absence of a
crash: the page itself answers 200 (or a redirect for POST-only views), odd query strings never 5xx.
"""

import re

import pytest

from tests.url_helpers import ALL_URLS, owned_objects, url_for

SKIP = ("accounts:", "admin:")  # Django's own auth views; covered by tests/accounts
NOT_A_PAGE = {"reminders:unsubscribe", "accounts:password_reset_confirm"}
# A sample of what breaks naive parsing: NUL, huge and negative numbers, impossible dates, NaN, long RTL text.
ODD = ["\x00", "9" * 40, "-99999999999", "2026-02-30", "0001-01-01", "NaN", "1e999", "\u202e\U0001f4a5" * 300, "25:61"]
NAME = re.compile(r'name="([^"]+)"')
PAGES = sorted(n for n in ALL_URLS if not n.startswith(SKIP) and ":" in n and n not in NOT_A_PAGE)
DESTRUCTIVE = ("delete", "accept", "commit")
QUERY_KEYS = ["q", "page", "sort", "past", "kind", "next", "season", "stage", "track", "category", "position"]


@pytest.mark.parametrize("name", PAGES)
def test_no_form_field_or_query_parameter_of_the_page_produces_a_server_error(owner_client, owner, name):
    url = url_for(name, owner, owned_objects(owner))
    page = owner_client.get(url)
    assert page.status_code in (200, 302, 405), f"GET {name} answered {page.status_code}"
    html = "" if page.streaming or page.status_code != 200 else page.content.decode(errors="replace")
    fields = sorted(set(NAME.findall(html)) - {"csrfmiddlewaretoken"})
    for value in ODD:
        odd_get = owner_client.get(url, dict.fromkeys([*fields, *QUERY_KEYS], value))
        assert odd_get.status_code < 500, f"GET {name} with {value[:20]!r} answered {odd_get.status_code}"
        if any(word in name for word in DESTRUCTIVE):
            continue
        # Every field at once: Django cleans all fields, so a crash in any of them surfaces.
        posted = owner_client.post(url, dict.fromkeys(fields or ["x"], value))
        assert posted.status_code < 500, f"POST {name} with {value[:20]!r} answered {posted.status_code}"
