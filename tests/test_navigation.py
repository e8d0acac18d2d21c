"""The main navigation marks the page you are on, for screen readers too, and the chrome helps keyboards."""

import pytest


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/", "Dashboard"),
        ("/applications/", "Applications"),
        ("/letters/", "Letters"),
        ("/materials/", "Materials"),
        ("/reports/", "Reports"),
        ("/exports/", "Reports"),
        ("/reminders/", None),
    ],
)
def test_exactly_the_current_section_is_marked(owner_client, path, current):
    body = owner_client.get(path).content.decode()
    marked = [chunk.split(">", 1)[1].split("<", 1)[0] for chunk in body.split('aria-current="page"')[1:]]
    assert marked == ([current] if current else [])


def test_every_page_starts_with_a_skip_link_to_the_main_content(owner_client):
    body = owner_client.get("/applications/").content.decode()
    assert body.index('href="#main"') < body.index("<nav") and 'id="main"' in body


def test_the_favicon_is_found(client):
    from django.contrib.staticfiles import finders

    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("jobtracker/favicon.svg")
    assert finders.find("jobtracker/favicon.svg")
