from tests.browser.conftest import browser, page  # noqa: F401 - the browser fixtures, for the journey test
