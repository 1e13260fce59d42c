"""The tamper-resistant executor: learner cells in the sandbox, course cells in the grader, plain
data in between (course.grading.runner, .student, .wire, .scan)."""

from __future__ import annotations

import contextlib
import io
import linecache
import os
import shutil
import signal
import subprocess
import tempfile
import warnings
from pathlib import Path

import nbformat
import numpy as np
import pytest

from course.grading import runner, sandbox, wire
from course.grading.scan import scan_source

if shutil.which("bwrap") is None:
    if os.environ.get("CI"):
        raise RuntimeError("CI must install Debian's bubblewrap (.ci/run does)")
    pytest.skip("bubblewrap is not installed (apt-get install bubblewrap)", allow_module_level=True)

QUICK = sandbox.Limits(wall_seconds=60, cpu_seconds=60, memory_bytes=2 * 1024**3)


def _cell(source: str, grade_id: str | None = None, *, solution: bool = False, points: float = 0):
    cell = nbformat.v4.new_code_cell(source)
    if grade_id:
        cell.metadata["nbgrader"] = {"grade_id": grade_id, "solution": solution, "grade": points > 0,
                                     "locked": not solution, "schema_version": 3}
        if points:
            cell.metadata["nbgrader"]["points"] = points
    return cell


def _notebook(*cells) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = list(cells)
    return nb


SETUP = "import numpy as np\nimport warnings"
TESTS = [
    ("test_double", "assert np.array_equal(double(np.arange(3)), np.array([0, 2, 4]))\n"
                    "assert double(np.ones(2)).dtype == np.float64\nprint('double OK')"),
    ("test_close", "assert np.allclose(double(np.array([0.5])), [1.0]) and not np.allclose(double(np.ones(1)), [5.0])"),
]


def _course(answer: str, *tests: tuple[str, str]) -> tuple[nbformat.NotebookNode, nbformat.NotebookNode]:
    """(source notebook, submission) for one exercise `double`, with the given answer cell."""
    cells = [_cell(SETUP, "setup"), _cell("def double(x):\n    return 2 * x\n", "answer", solution=True)]
    cells += [_cell(code, name, points=1) for name, code in (tests or TESTS)]
    source = _notebook(*cells)
    submission = nbformat.from_dict(nbformat.reads(nbformat.writes(source), as_version=4))
    submission.cells[1].source = answer
    return source, submission


def _errors(run: runner.Execution) -> dict[str, str]:
    out = {}
    for cell in run.notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        for o in cell.get("outputs", []):
            if o.output_type == "error" or (o.output_type == "stream" and o.name == "stderr"):
                out[grade_id] = o.get("ename", "stderr") + ": " + o.get("evalue", o.get("text", ""))
    return out


def _run(answer: str, *tests: tuple[str, str], timeout: float = 30, model: str | None = None) -> runner.Execution:
    source, submission = _course(answer, *tests)
    if model is not None:  # the course's own answer, which names what the tests may use
        source.cells[1].source = model
    return runner.execute(submission, source, timeout=timeout, limits=QUICK)


def test_an_honest_answer_passes_and_its_output_shows():
    run = _run("def double(x):\n    print('doubling')\n    return x + x\n")
    assert _errors(run) == {} and run.problem is None and run.flags == []
    texts = [o.text for o in run.notebook.cells[2].outputs if o.output_type == "stream"]
    assert texts == ["doubling\ndoubling\ndouble OK\n"]


@pytest.mark.parametrize("trick", [
    # an object that equals everything, and an ndarray subclass that does
    "class Yes:\n    def __eq__(self, other): return True\n    def __array__(self, *a, **k): return np.array([0, 2, 4])\n"
    "def double(x):\n    return Yes()\n",
    "class Y(np.ndarray):\n    def __eq__(self, other): return np.ones(3, bool)\n"
    "def double(x):\n    return np.zeros(3).view(Y)\n",
    # numpy's comparisons replaced, in the learner's process
    "np.array_equal = lambda *a, **k: True\nnp.allclose = lambda *a, **k: True\ndef double(x):\n    return x\n",
    # IPython hooks: blank every later cell, swallow every error
    "get_ipython().input_transformers_cleanup.append(lambda lines: ['pass\\n'])\ndef double(x):\n    return x\n",
    "get_ipython().set_custom_exc((BaseException,), lambda *a, **k: None)\ndef double(x):\n    return x\n",
    # builtins replaced, and the grader's frame searched for the answer
    "import builtins\nbuiltins.AssertionError = type('AssertionError', (Exception,), {})\n"
    "def double(x):\n    return x\n",
    "import inspect\ndef double(x):\n    for f in inspect.stack():\n        if 'expected' in f.frame.f_globals:\n"
    "            return f.frame.f_globals['expected']\n    return x\n",
])
def test_tricks_that_fool_a_kernel_do_not_pass(trick):
    run = _run(trick)
    assert set(_errors(run)) >= {"test_double"}, _errors(run)
    assert run.flags, "the scan flags the trick for review"


def test_warnings_from_the_submission_show_no_source_lines_of_the_grader(tmp_path):
    secret = tmp_path / "secret.py"
    secret.write_text("HIDDEN = 'answer'\n")
    with warnings.catch_warnings(record=True) as caught:  # the replay, as a kernel would show it
        warnings.simplefilter("always")
        run = _run("import warnings\n"
                   "def double(x):\n"
                   "    warnings.warn_explicit('peek', UserWarning, '<cell test_close>', 1)\n"
                   f"    warnings.warn_explicit('peek', UserWarning, {str(secret)!r}, 1)\n"
                   "    return 2 * x\n"
                   # a line number Python's warnings cannot take, forged into the replies
                   "from course.grading import wire\n_send = wire.send\n"
                   "def _forge(stream, reply, buffers):\n"
                   "    reply['warnings'] = [*reply.get('warnings', []), ['UserWarning', 'huge', 'x.py', 10**30]]\n"
                   "    _send(stream, reply, buffers)\n"
                   "wire.send = _forge\n")
    replayed = [w for w in caught if str(w.message) == "peek"]
    assert len(replayed) >= 2 and not _errors(run) and run.problem is None, (replayed, _errors(run))
    assert [w.lineno for w in caught if str(w.message) == "huge"][:1] == [10**9]  # clamped, not an OverflowError
    for w in replayed:  # formatting a warning shows linecache.getline(filename, lineno): nothing here
        assert linecache.getline(w.filename, w.lineno) == "" and "HIDDEN" not in warnings.formatwarning(
            w.message, w.category, w.filename, w.lineno), w.filename


def test_data_in_place_updates_errors_warnings_and_random_state_behave_as_in_a_kernel():
    answer = (
        "class Oops(ValueError):\n    pass\n"
        "def double(x):\n    return 2 * x\n"
        "def step(params, grads):\n    for k in params:\n        params[k] -= grads[k]\n    params['new'] = 1\n"
        "    return params\n"
        "def fail():\n    raise Oops('bad input')\n"
        "def noisy():\n    warnings.warn('careful', RuntimeWarning)\n    return np.float64(1.5)\n"
        "def draw():\n    return np.random.rand()\n"
        "class Box:\n    def __init__(self, v):\n        self.v = v\n    def get(self):\n        return self\n"
    )
    test = (
        "w = np.array([1.0, 2.0]); params = {'w': w}\n"
        "assert step(params, {'w': np.ones(2)}) is params and params['w'] is w and list(w) == [0.0, 1.0]\n"
        "assert params['new'] == 1\n"
        "try:\n    fail()\nexcept ValueError as exc:\n    assert 'bad input' in str(exc)\nelse:\n    raise AssertionError\n"
        "with warnings.catch_warnings():\n    warnings.simplefilter('error')\n    try:\n        noisy()\n"
        "    except RuntimeWarning:\n        pass\n    else:\n        raise AssertionError('warning lost')\n"
        "np.random.seed(7); a = draw(); np.random.seed(7); assert a == np.random.rand()\n"
        "box = Box(np.arange(3)); assert box.get() is box and type(box).__name__ == 'Box'\n"
        "assert type(box.v) is np.ndarray and (box.v == np.arange(3)).all() and box != 3\n"
        "print('all OK')"
    )
    source, submission = _course(answer, ("test_wire", test))
    source.cells[1].source = answer.replace("Oops('bad input')", "ValueError('bad input')")
    run = runner.execute(submission, source, timeout=30, limits=QUICK)
    assert _errors(run) == {}, _errors(run)


def test_an_endless_call_is_interrupted_and_the_rest_still_runs():
    answer = "def double(x):\n    return 2 * x\ndef spin():\n    while True:\n        pass\n"
    run = _run(answer, ("test_spin", "spin()"), ("test_after", "assert double(2) == 4"), timeout=3, model=answer)
    errors = _errors(run)
    assert set(errors) == {"test_spin"} and "TimeoutError" in errors["test_spin"], errors
    assert run.problem.startswith("timeout") and "infinite loop" in run.problem


def test_code_that_ignores_the_interrupt_is_stopped():
    answer = ("import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\n"
              "def double(x):\n    return 2 * x\ndef spin():\n    while True:\n        pass\n")
    run = _run(answer, ("test_spin", "spin()"), ("test_after", "assert double(2) == 4"), timeout=2, model=answer)
    assert set(_errors(run)) == {"test_spin", "test_after"}
    assert "ignored the interrupt" in run.problem


def test_a_process_that_stops_reading_requests_is_ended_not_waited_for():
    """A submission that stops itself after a reply leaves the next request, larger than a pipe holds,
    with no reader: the grader's write gives up at the cell's deadline instead of blocking for ever."""
    answer = ("import os, signal\nfrom course.grading import wire\n_send = wire.send\n"
              "def _send_then_stop(*args, **kwargs):\n    _send(*args, **kwargs)\n"
              "    os.kill(os.getpid(), signal.SIGSTOP)\n"
              "wire.send = _send_then_stop\ndef double(x):\n    return 2 * x\n")
    big = ("test_big", "assert double(np.zeros(500_000)).shape == (500_000,)")  # 4 MB: far more than a pipe
    stuck = []

    def unstick(*args):  # a grader still blocked after 60 s: end the submission so the test can fail
        stuck.append(True)
        for pid in sandbox.descendants(os.getpid()):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)

    previous = signal.signal(signal.SIGALRM, unstick)
    signal.alarm(60)
    try:
        run = _run(answer, big, ("test_after", "assert double(2) == 4"), timeout=3)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert not stuck, "the grader blocked writing a request to a process that no longer reads"
    assert set(_errors(run)) == {"test_big", "test_after"}, _errors(run)
    assert "stopped taking requests" in run.problem, run.problem


def test_a_process_that_exits_is_reported_and_the_course_cells_still_run():
    run = _run("import os\nos._exit(3)\n")
    errors = _errors(run)
    assert "process ended" in run.problem and "exited with code 3" in run.problem
    assert "NotExecuted" in errors["answer"] and "NameError" in errors["test_double"]


def test_the_course_cells_come_from_the_source_notebook_not_the_submission():
    source, submission = _course("def double(x):\n    return x\n")
    for cell in submission.cells[2:]:
        cell.source = "pass"  # nbgrader restores these too; the executor never even reads them
    run = runner.execute(submission, source, timeout=30, limits=QUICK)
    assert {"test_double", "test_close"} <= set(_errors(run))


def test_the_wire_rejects_what_is_not_plain_data():
    encoder = wire.Encoder(lambda obj: {"$": "ref", "id": 1})
    node = encoder.encode({"a": np.arange(3.0), "b": (1, "x", None, 2.5), "c": [np.float32(1)]})
    decoded = wire.Decoder([bytearray(memoryview(b).cast("B")) for b in encoder.buffers], lambda n: "REF").decode(node)
    assert decoded["b"] == (1, "x", None, 2.5) and type(decoded["c"][0]) is np.float32
    assert type(decoded["a"]) is np.ndarray and decoded["a"].flags.writeable
    bad = [
        ({"$": "set", "v": [k * (2**61 - 1) for k in range(5, 8)]}, []),  # equal hashes: quadratic to build
        ({"$": "nd", "dtype": "|O", "shape": [1], "b": 0}, [bytearray(8)]),  # object pointers
        ({"$": "nd", "dtype": "<f8", "shape": [3], "b": 0}, [bytearray(8)]),  # short data
        ({"$": "pickle", "v": "..."}, []),
        ({"$": "orig", "i": 5, "v": None}, []),
    ]
    for node, buffers in bad:
        with pytest.raises(wire.WireError):
            wire.Decoder(buffers, lambda n: None).decode(node)
    deep: dict = {"$": "list", "v": []}
    for _ in range(100):
        deep = {"$": "list", "v": [deep]}
    with pytest.raises(wire.WireError):
        wire.Decoder([], lambda n: None).decode(deep)
    stream = io.BytesIO((3).to_bytes(4, "little") + (2**40).to_bytes(8, "little") * 3)
    with pytest.raises(wire.WireError):
        wire.recv(stream)


def test_the_scan_names_the_tricks_and_leaves_honest_code_alone():
    protected, modules = {"np", "checks"}, {"np", "numpy", "checks", "course"}
    honest = "def f(x):\n    y = np.asarray(x)\n    return y.sum()\nclass A:\n    def fit(self, X):\n        return self\n"
    assert scan_source(honest, protected, modules) == []
    findings = scan_source("np.allclose = lambda *a: True\nget_ipython().set_custom_exc((Exception,), None)\n"
                           "import inspect\nclass Y:\n    def __eq__(self, o): return True\nchecks = None\n",
                           protected, modules)
    assert {"replaces np.allclose", "installs an IPython exception handler", "imports inspect", "defines __eq__",
            "rebinds checks", "calls get_ipython()"} <= set(findings)
    aliased = "from course import checks as _c\nfrom numpy import testing\n_c._fit_with = None\ntesting.x = 1\n"
    assert scan_source(aliased, protected, modules) == ["replaces _c._fit_with", "replaces testing.x"]
    assert scan_source("from numpy import zeros as z\nfrom collections import deque as d\nd.x = 1\n",
                       protected, modules) == []


def test_output_is_capped_per_request_and_per_cell():
    answer = "def double(x):\n    print('x' * 1_000_000)\n    return 2 * x\n"
    run = _run(answer, ("test_loud", "for _ in range(5):\n    double(1)"), model=answer)
    text = "".join(o.text for o in run.notebook.cells[2].outputs if o.output_type == "stream")
    assert len(text) < 300 * 1024 and "output cut" in text
    # Many loud cells of the learner's own: 1 MiB kept in all, whatever their number.
    source, submission = _course("def double(x):\n    return 2 * x\n")
    submission.cells[2:2] = [_cell("print('y' * 200_000)") for _ in range(40)]
    run = runner.execute(submission, source, timeout=30, limits=QUICK)
    kept = sum(len(o.text) for c in run.notebook.cells for o in c.get("outputs", []) if o.output_type == "stream")
    assert 1024 * 1024 <= kept < 1100 * 1024 and _errors(run) == {}


def test_a_reply_forged_into_nonsense_ends_that_submission_not_the_grader():
    # The learner's code rewrites the replies its own process sends: a value node of the wrong shape.
    answer = ("from course.grading import wire\n_send = wire.send\n"
              "def _forge(stream, reply, buffers):\n"
              "    if 'value' in reply:\n        reply['value'] = {'$': 'list', 'v': 5}\n"
              "    _send(stream, reply, buffers)\n"
              "wire.send = _forge\ndef double(x):\n    return 2 * x\n")
    run = _run(answer)
    errors = _errors(run)
    assert "broke the grading protocol" in run.problem, run.problem
    assert set(errors) == {"test_double", "test_close"} and "SubmissionGone" in errors["test_close"], errors


def test_folders_left_by_a_killed_execution_are_removed_by_the_next():
    gone = subprocess.Popen(["true"])
    gone.wait()
    orphan, alive = (Path(tempfile.mkdtemp(prefix="grading-")) for _ in range(2))
    (orphan / "owner").write_text(str(gone.pid))  # its process has ended
    (alive / "owner").write_text(str(os.getpid()))
    try:
        _run("def double(x):\n    return 2 * x\n")
        assert not orphan.exists() and alive.exists()
    finally:
        shutil.rmtree(orphan, ignore_errors=True)
        shutil.rmtree(alive, ignore_errors=True)


def test_a_damaged_error_report_from_the_submission_is_an_error_not_a_crash():
    output = runner._remote_error(["not", "a", "dict"])
    assert output.output_type == "error" and output.ename == "RuntimeError"
    assert isinstance(runner._rebuild("junk"), RuntimeError)
