"""A strict content policy on every page: scripts and styles from this site only, none inline."""

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=\"", re.IGNORECASE)
HANDLER = re.compile(r"\son[a-z]+=\"", re.IGNORECASE)
PAGES = [p for p in TEMPLATES.rglob("*.html") if "emails" not in p.parts]  # e-mails are read in mail clients


@pytest.mark.parametrize("template", PAGES, ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_template_carries_inline_script_style_or_event_handlers(template):
    text = template.read_text()
    assert not INLINE_SCRIPT.search(text), "inline <script>: move it to static/jobtracker/*.js"
    assert not INLINE_STYLE.search(text), "inline style: move it to static/jobtracker/app.css"
    assert not HANDLER.search(text), "an on*= handler: use app.js"


def test_every_page_sends_the_policy(owner_client):
    response = owner_client.get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
    assert "Content-Security-Policy-Report-Only" not in response


def test_the_login_page_and_errors_send_it_too(client, db):
    assert "Content-Security-Policy" in client.get("/accounts/login/")
    assert "Content-Security-Policy" in client.get("/healthz/")
