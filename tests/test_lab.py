"""`make lab` copies the notebooks and serves JupyterLab at the start page, headless."""

from __future__ import annotations

import json
import os
import queue
import re
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT, free_port, stop

pytestmark = pytest.mark.slow



def test_make_lab_serves_the_start_page(tmp_path: Path):
    work, port = tmp_path / "my-work", free_port()
    env = {**os.environ, "BROWSER": "true", "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    proc = subprocess.Popen(["make", "--no-print-directory", "lab", f"PORT={port}", f"WORK={work}"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env=env, start_new_session=True)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout], daemon=True).start()
    log, url = [], None
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and url is None:
            try:
                line = lines.get(timeout=1)
            except queue.Empty:
                if proc.poll() is not None:
                    break
                continue
            log.append(line)
            match = re.search(rf"(http://127\.0\.0\.1:{port}/lab/tree/\S+\?token=\w+)", line)
            url = match.group(1) if match else None
        assert url, "no URL printed:\n" + "".join(log[-40:])
        assert "00_start_here/00_start_here.ipynb" in url
        assert (work / "00_start_here" / "00_start_here.ipynb").is_file()
        for _ in range(60):  # the URL is printed just before the server starts listening
            try:
                with urllib.request.urlopen(url, timeout=30) as response:
                    assert response.status == 200
                break
            except urllib.error.URLError:
                time.sleep(1)
        else:
            raise AssertionError("JupyterLab never answered:\n" + "".join(log[-40:]))
        token = url.split("token=")[1]
        api = f"http://127.0.0.1:{port}/api/contents/00_start_here/00_start_here.ipynb?token={token}"
        with urllib.request.urlopen(api, timeout=30) as response:
            assert json.loads(response.read())["type"] == "notebook"
    finally:
        stop(proc)
