"""End to end: the quiz in a real JupyterLab, driven in headless Debian Chromium with Playwright.

Opens a notebook with the quiz, runs it, reveals an answer, rates it, and checks that the review
reached the progress file. The screenshot is kept in test-artifacts/ (git-ignored).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest
from conftest import BIN, ROOT, free_port, stop

pytestmark = pytest.mark.slow
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError("CI must install Debian's chromium (.ci/run does) for the browser tests")
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True)



@pytest.fixture
def lab(tmp_path):
    """A JupyterLab server on loopback, serving a folder with one quiz notebook."""
    work, progress = tmp_path / "work", tmp_path / "progress"
    work.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Quiz"),
                nbformat.v4.new_code_cell('from course import quiz\n\nquiz.Quiz(round="coding")')]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nbformat.write(nb, str(work / "quiz.ipynb"))
    port, token = free_port(), secrets.token_hex(16)
    env = {**os.environ, "ML_INTERVIEW_LAB_DATA": str(progress), "JUPYTER_RUNTIME_DIR": str(tmp_path / "rt")}
    cmd = [str(BIN / "jupyter"), "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
           f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={work}", "--ServerApp.port_retries=0",
           "--LabApp.news_url=", "--allow-root"]
    log = open(tmp_path / "lab.log", "w")  # noqa: SIM115 - closed in finally, after the server stops
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=5)
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.5)
        else:
            raise AssertionError("JupyterLab did not start:\n" + (tmp_path / "lab.log").read_text()[-3000:])
        yield f"{base}/lab/tree/quiz.ipynb?token={token}", progress
    finally:
        stop(proc)
        log.close()


def test_reveal_and_rate_in_a_real_browser_records_the_review(lab):
    from playwright.sync_api import sync_playwright

    url, progress = lab
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        page = browser.new_page(viewport={"width": 1300, "height": 950})
        try:
            page.goto(url)
            page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90_000)
            page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=90_000)
            page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
            page.get_by_role("menuitem", name=re.compile("^Run All Cells")).first.click()
            reveal = page.get_by_role("button", name="Reveal answer")
            reveal.wait_for(timeout=90_000)
            question = page.locator(".widget-html-content b").first.inner_text()
            reveal.click()
            page.get_by_text("Framework (").first.wait_for(timeout=30_000)
            page.get_by_role("button", name="Good", exact=True).click()
            saved = page.get_by_text("comes back in").first
            saved.wait_for(timeout=30_000)
            saved.scroll_into_view_if_needed()
            page.screenshot(path=str(ARTIFACTS / "quiz-browser.png"))
        except Exception:
            page.screenshot(path=str(ARTIFACTS / "quiz-browser-failure.png"))
            raise
        finally:
            browser.close()
    log = progress / "reviews.jsonl"
    assert log.exists(), "the rating never reached the progress folder"
    events = [json.loads(line) for line in log.read_text().splitlines()]
    assert [(e["kind"], e["rating"]) for e in events] == [("review", 3)]
    snapshot = json.loads((progress / "progress.json").read_text())
    assert snapshot["events"][0]["id"] == events[0]["id"]
    assert question.strip(), "the question text was shown"
