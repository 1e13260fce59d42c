"""The grading sandbox (bubblewrap): no network, limits, and one writable folder."""

from __future__ import annotations

import os
import shutil
import socket
import sys
import threading
from pathlib import Path

import pytest
from conftest import ROOT

from course.grading import sandbox

if shutil.which("bwrap") is None:
    if os.environ.get("CI"):
        raise RuntimeError("CI must install Debian's bubblewrap (.ci/run does) for the sandbox tests")
    pytest.skip("bubblewrap is not installed (apt-get install bubblewrap)", allow_module_level=True)

QUICK = sandbox.Limits(wall_seconds=60, cpu_seconds=30, memory_bytes=2 * 1024**3)


def python(code: str, workdir: Path, limits: sandbox.Limits = QUICK) -> sandbox.SandboxResult:
    return sandbox.run([sys.executable, "-c", code], workdir, limits)


def test_code_runs_and_writes_only_its_folder(tmp_path):
    work, outside = tmp_path / "student", tmp_path / "other-student.txt"
    outside.write_text("their answers")
    work.mkdir()
    (work / "data.csv").write_text("x,y\n1,2\n")
    code = (f"open('mine.txt', 'w').write('ok')\nprint(open('mine.txt').read(), open('data.csv').read().split()[1])\n"
            f"open({str(outside)!r}, 'a').write('overwritten')\n"  # lands in the sandbox's private /tmp
            f"for path in ['/usr/evil', 'data.csv']:\n    try:\n        open(path, 'w')\n"
            f"    except OSError as exc:\n        print('refused', type(exc).__name__)\n")
    result = python(code, work)
    assert result.ok, result.stderr
    assert result.stdout.split() == ["ok", "1,2", "refused", "OSError", "refused", "OSError"]
    assert sorted(p.name for p in work.iterdir()) == ["data.csv"]  # what it wrote stayed in the sandbox
    assert outside.read_text() == "their answers"
    assert not Path("/usr/evil").exists()


def test_what_the_code_writes_is_capped_in_total(tmp_path):
    code = """
import os
for folder in ('.', '/tmp'):
    for i in range(100):
        try:
            with open(os.path.join(folder, f'f{i}'), 'wb') as f:
                f.write(b'0' * 1_000_000)
        except OSError as exc:
            print(folder, 'full after', i, 'MB', exc.errno)
            break
"""
    result = python(code, tmp_path / "w", sandbox.Limits(wall_seconds=60, cpu_seconds=30, disk_bytes=20 * 1024**2))
    assert result.ok, result.stderr
    assert result.stdout.split("\n")[:2] == [". full after 20 MB 28", "/tmp full after 20 MB 28"], result.stdout


def test_the_course_source_and_gradebook_are_invisible(tmp_path):
    code = (f"import os, course\nprint(sorted(os.listdir({str(ROOT)!r})))\n"
            f"print(os.path.exists({str(ROOT / 'source' / '02_coding' / '02_coding.ipynb')!r}))")
    result = python(code, tmp_path / "w")
    assert result.ok, result.stderr
    listing, exists = result.stdout.split("\n")[:2]
    assert "course" in listing and "source" not in listing and "gradebook.db" not in listing, listing
    assert exists == "False"


def test_no_network_not_even_the_hosts_loopback(tmp_path):
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    accepted = []
    threading.Thread(target=lambda: accepted.append(server.accept()), daemon=True).start()
    result = python(f"import socket; socket.create_connection(('127.0.0.1', {port}), timeout=3)", tmp_path / "w")
    server.close()
    assert not result.ok and "ConnectionRefusedError" in result.stderr
    assert not accepted


def test_an_infinite_loop_ends_at_the_wall_clock_limit(tmp_path):
    result = python("import time\nwhile True: time.sleep(0.1)", tmp_path / "w",
                    sandbox.Limits(wall_seconds=3, cpu_seconds=30))
    assert result.returncode is None and result.problem.startswith("timeout")


def test_a_busy_loop_ends_at_the_cpu_limit(tmp_path):
    result = python("while True: pass", tmp_path / "w", sandbox.Limits(wall_seconds=60, cpu_seconds=2))
    assert "CPU time limit" in result.problem or "killed" in result.problem


def test_memory_is_capped(tmp_path):
    result = python("x = bytearray(3 * 1024**3)", tmp_path / "w",
                    sandbox.Limits(wall_seconds=60, memory_bytes=1024**3))
    assert not result.ok and "MemoryError" in result.stderr


def test_huge_output_and_huge_files_are_capped(tmp_path):
    result = python("import sys; sys.stdout.write('x' * 2_000_000)", tmp_path / "a",
                    sandbox.Limits(wall_seconds=60, output_bytes=1000))
    assert result.ok and len(result.stdout) < 1100 and "bytes of output cut" in result.stdout
    result = python("open('big', 'wb').write(b'0' * 50_000_000)", tmp_path / "b",
                    sandbox.Limits(wall_seconds=60, file_bytes=1_000_000))
    assert not result.ok and ("file size limit" in result.problem or "File too large" in result.stderr)
