"""Take the README's screenshots (board, month calendar, report, its PDF) from a running jobtracker with the
demo account (make run).

    python docs/take_screenshots.py [base URL]      # default http://127.0.0.1:8000

Needs Chromium (/usr/bin/chromium or CHROMIUM_PATH) and poppler's pdftoppm for the PDF page (skipped without
it); development only.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(__file__).resolve().parent / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def main() -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1500}, base_url=BASE, accept_downloads=True)
        page.goto("/accounts/login/")
        page.fill("#id_username", "demo@jobtracker.test")
        page.fill("#id_password", "demo-season-2026")
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        page.set_viewport_size({"width": 1400, "height": 900})
        page.goto("/applications/board/")
        page.screenshot(path=OUT / "board.png")
        page.goto("/calendar/?view=month")
        page.screenshot(path=OUT / "calendar-month.png", full_page=True)
        page.set_viewport_size({"width": 1280, "height": 1500})
        page.goto("/reports/")
        page.screenshot(path=OUT / "report.png")
        if not shutil.which("pdftoppm"):
            print("pdftoppm not found: the PDF page screenshot is left as it was")
            browser.close()
            return
        with page.expect_download() as download:
            page.click("text=Download PDF (A4)")
        with tempfile.TemporaryDirectory() as folder:
            pdf = Path(folder) / "report.pdf"
            download.value.save_as(pdf)
            subprocess.run(  # noqa: S603 - fixed arguments, a developer's own tool
                [
                    shutil.which("pdftoppm"),
                    "-png",
                    "-r",
                    "80",
                    "-f",
                    "1",
                    "-l",
                    "1",
                    "-singlefile",
                    pdf,
                    OUT / "report-pdf",
                ],
                check=True,
            )
        browser.close()


if __name__ == "__main__":
    main()
