"""Execute a submission so that its code can never grade itself.

nbgrader (and otter) run the tests in the learner's own kernel, where the learner's code can
replace numpy's or the course's comparison functions, return objects whose ``__eq__`` always
agrees, blank later cells with an IPython input transformer, swallow errors, or reach into the
test's frame for the reference answer. Here the notebook is split by trust instead:

- The learner's cells (solution cells, and any cell the course did not write) run in the
  submission's own process, in the bubblewrap sandbox (:mod:`course.grading.student`).
- The course's cells (imports, examples, figures, visible and hidden tests) run here, in the
  grader's process, from the course's own source notebook, never from the submission's copy.
- The names the course's solution cells define (the exercise contract) are bound here to stand-ins
  (:class:`Remote`) that forward each call to the submission's process and bring back plain data
  only (:mod:`course.grading.wire`). Tests compare that data with the course's own numpy.

What the learner's code prints, warns or raises during a call shows in the test cell as it would in
a kernel; numpy's global random state travels with each call, so tests about it keep their meaning.
The result is the same notebook with outputs, ready for nbgrader's grading preprocessors.
"""

from __future__ import annotations

import ast
import base64
import builtins
import contextlib
import io
import linecache
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import warnings
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
import numpy as np
from nbformat import NotebookNode

from course import colocate
from course.grading import sandbox, wire
from course.grading.scan import scan_notebook
from course.grading.student import OUTPUT_LIMIT, CappedText

CELL_OUTPUT_LIMIT = 256 * 1024  # characters of stdout or stderr kept per cell
LEARNER_OUTPUT_LIMIT = 1024 * 1024  # characters kept from all the learner's own cells together
GRACE_SECONDS = 5.0  # after an interrupt, before the submission's process is killed
SPECIAL_OK = frozenset({"__name__", "__qualname__", "__doc__", "__module__"})


class SubmissionGone(RuntimeError):
    """The submission's process has ended (killed by a limit, crashed, or exited on its own)."""


class _Reader:
    """Reads a pipe with a deadline, so a stalled submission cannot stall the grader."""

    def __init__(self, fd: int):
        self.fd = fd
        self.buffer = bytearray()
        self.deadline = float("inf")

    def readinto(self, view: memoryview) -> int:
        if not self.buffer:
            left = self.deadline - time.monotonic()
            if left <= 0 or not select.select([self.fd], [], [], left)[0]:
                raise TimeoutError
            chunk = os.read(self.fd, 1 << 20)
            if not chunk:
                return 0
            self.buffer += chunk
        n = min(len(view), len(self.buffer))
        view[:n] = self.buffer[:n]
        del self.buffer[:n]
        return n


class _Writer:
    """Writes a pipe with a deadline, so a submission that stops reading (a stopped process, a pipe
    left full) cannot stall the grader."""

    def __init__(self, fd: int):
        self.fd = fd
        os.set_blocking(fd, False)
        self.deadline = float("inf")

    def write(self, data: bytes | memoryview) -> int:
        view = memoryview(data).cast("B")
        while view.nbytes:
            left = self.deadline - time.monotonic()
            if left <= 0 or not select.select([], [self.fd], [], left)[1]:
                raise _StoppedReading
            with contextlib.suppress(BlockingIOError):
                view = view[os.write(self.fd, view[: 1 << 20]):]
        return len(data)

    def flush(self) -> None:
        """Nothing is buffered here."""


class _StoppedReading(Exception):
    """The submission's process did not take a request before the deadline."""


class Remote:
    """A stand-in for an object that lives in the submission's process.

    Calls, attribute reads and writes, indexing, ``len`` and ``repr`` are forwarded; what comes back
    is plain data or another stand-in. It compares by identity only, and special attributes
    (``__array__``, ``__eq__``, ...) are never looked up remotely.
    """

    __slots__ = ("__weakref__", "_cls", "_handle", "_session")

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") and name.endswith("__") and name not in SPECIAL_OK:
            raise AttributeError(name)
        session = self._session
        if (self._cls, name) not in session.methods:
            value = session.request("getattr", self._handle, name=name)
            if value is not _METHOD:
                return value
            session.methods.add((self._cls, name))
        return RemoteMethod(self, name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in Remote.__slots__:
            object.__setattr__(self, name, value)
        else:
            self._session.request("setattr", self._handle, name=name, value=value)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._session.request("call", self._handle, args=args, kwargs=kwargs)

    def __getitem__(self, key: Any) -> Any:
        return self._session.request("getitem", self._handle, key=key)

    def __setitem__(self, key: Any, value: Any) -> None:
        self._session.request("setitem", self._handle, key=key, value=value)

    def __len__(self) -> int:
        n = self._session.request("len", self._handle)
        if type(n) is not int:
            raise TypeError("len() of the submission's object is not an int")
        return n

    def __iter__(self):
        items = self._session.request("iter", self._handle)
        return iter(items if type(items) is list else [])

    def __contains__(self, key: Any) -> bool:
        return self._session.request("contains", self._handle, key=key) is True

    def __bool__(self) -> bool:
        return self._session.request("bool", self._handle) is True

    def __repr__(self) -> str:
        try:
            text = self._session.request("repr", self._handle)
        except Exception as exc:  # a failing or endless __repr__ in the learner's code
            return f"<{type(self).__name__} object (repr failed: {type(exc).__name__})>"
        return text if type(text) is str else f"<{type(self).__name__} object>"

    def __del__(self) -> None:
        session = getattr(self, "_session", None)
        if session is not None:
            session.released.append(self._handle)


_METHOD = object()  # the answer to a getattr that names a method


class RemoteMethod:
    """``obj.method`` for a method defined on the learner's class: calling it is one request."""

    __slots__ = ("_name", "_owner")

    def __init__(self, owner: Remote, name: str):
        self._owner, self._name = owner, name

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        owner = self._owner
        return owner._session.request("callmethod", owner._handle, name=self._name, args=args, kwargs=kwargs)

    def __repr__(self) -> str:
        return f"<method {self._name} of {type(self._owner).__name__} object>"


_PROXY_TYPES: dict[str, type] = {}


def _proxy_type(name: str) -> type:
    """A Remote subclass named after the learner's class, so messages say 'KMeansPlusPlus', not 'Remote'."""
    name = "".join(ch for ch in name if ch.isalnum() or ch == "_")[:60] or "object"
    if name not in _PROXY_TYPES and len(_PROXY_TYPES) >= 256:  # a process making class after class
        name = "object"
    if name not in _PROXY_TYPES:
        _PROXY_TYPES[name] = type(name, (Remote,), {"__slots__": (), "__module__": "submission"})
    return _PROXY_TYPES[name]


def _rebuild(info: Any) -> BaseException:
    """The learner's exception as a builtin exception type, with the remote traceback as a note."""
    if type(info) is not dict:
        return RuntimeError("the submission's process sent a damaged error")
    message, kind = str(info.get("msg", ""))[:4000], str(info.get("type", "Exception"))[:100]
    text = message if kind in info.get("mro", ()) and kind == (info.get("mro") or [None])[0] else f"{kind}: {message}"
    exc: BaseException = RuntimeError(text)
    for name in info.get("mro") or ():
        cls = getattr(builtins, str(name), None)
        if isinstance(cls, type) and issubclass(cls, Exception):
            try:
                exc = cls(text)
                break
            except Exception:  # e.g. UnicodeDecodeError needs five arguments
                continue
    remote = str(info.get("tb", ""))[-3000:].strip()
    if remote:
        exc.add_note("Raised in the submitted code:\n" + remote)
    return exc


class Session:
    """The submission's process, and the requests the grader sends it."""

    def __init__(self, workdir: Path, limits: sandbox.Limits):
        self.limits = limits
        self.errors = open(workdir.parent / "submission-stderr.txt", "w+b")  # noqa: SIM115 (closed in close())
        self.proc = sandbox.start([sys.executable, "-m", "course.grading.student"], workdir, limits, self.errors)
        self.reader = _Reader(self.proc.stdout.fileno())
        self.writer = _Writer(self.proc.stdin.fileno())
        self.started = time.monotonic()
        self.deadline = float("inf")
        self.gone: str | None = None
        self.problem: str | None = None
        self.released: list[int] = []
        self.proxies: weakref.WeakValueDictionary = weakref.WeakValueDictionary()
        self.methods: set[tuple[int, str]] = set()  # (learner's class, name) pairs known to be methods
        self.registry: dict = {}  # warnings already shown once
        self.rng_sent: bytes | None = None
        self.seq = 0  # requests sent; a reply to an earlier one (after an interrupt) is skipped
        self.reader.deadline = time.monotonic() + 60
        try:
            ready, _ = wire.recv(self.reader)
        except (TimeoutError, EOFError, wire.WireError) as exc:
            self._end(f"the submission's process did not start ({type(exc).__name__}): {self._stderr()}")
        else:
            if not ready.get("ready"):
                self._end("the submission's process did not start")

    # --- life and death -------------------------------------------------------------------------
    def _stderr(self) -> str:
        self.errors.flush()
        self.errors.seek(0)
        return self.errors.read()[-2000:].decode("utf-8", "replace").strip()

    def _end(self, why: str) -> None:
        if self.gone is None:
            self.gone = why
            self.problem = self.problem or why
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        with contextlib.suppress(Exception):
            self.proc.wait(timeout=10)

    def _exit_reason(self) -> str:
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=2)
        code = self.proc.poll()
        if code is None:
            return "stopped answering"
        inner = self._stderr()
        if "MemoryError" in inner:
            return "ran out of memory (memory limit)"
        described = sandbox.describe_exit(code) or "exited"
        return f"{described}; its last words: {inner.splitlines()[-1][:200]}" if inner else described

    def close(self) -> None:
        if self.gone is None:
            with contextlib.suppress(OSError):
                self.proc.stdin.close()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=5)
            self.gone = "closed"
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.proc.pid, signal.SIGKILL)
        self.errors.close()

    def _interrupt(self) -> None:
        for pid in sandbox.descendants(self.proc.pid):
            with contextlib.suppress(OSError):
                if b"course.grading.student" in Path(f"/proc/{pid}/cmdline").read_bytes():
                    os.kill(pid, signal.SIGINT)

    # --- requests ---------------------------------------------------------------------------
    def _encoder(self) -> wire.Encoder:
        def ref(obj: Any) -> dict:
            if isinstance(obj, Remote) and object.__getattribute__(obj, "_session") is self:
                return {"$": "ref", "id": object.__getattribute__(obj, "_handle")}
            raise TypeError(f"a {type(obj).__name__} cannot be passed to the submitted code (only data can)")
        return wire.Encoder(ref)

    def _proxy(self, node: dict) -> Remote:
        handle = node.get("id")
        if type(handle) is not int:
            raise wire.WireError("a reference without an id")
        proxy = self.proxies.get(handle)
        if proxy is None:
            proxy = object.__new__(_proxy_type(str(node.get("name", "object"))))
            object.__setattr__(proxy, "_session", self)
            object.__setattr__(proxy, "_handle", handle)
            object.__setattr__(proxy, "_cls", node.get("cls") if type(node.get("cls")) is int else None)
            self.proxies[handle] = proxy
            while handle in self.released:
                self.released.remove(handle)
        return proxy

    def request(self, op: str, handle: int | None = None, **fields: Any) -> Any:
        """Send one request; return its decoded value, or raise the learner's exception here."""
        encoder = self._encoder()
        message: dict = {"op": op, "id": handle}
        for key, value in fields.items():
            if key in ("args", "kwargs", "value", "key"):  # data, encoded; the rest is plain JSON
                value = encoder.encode(tuple(value) if key == "args" else dict(value) if key == "kwargs" else value)
            message[key] = value
        reply, buffers = self._exchange(message, encoder.buffers)
        decoder = wire.Decoder(buffers, self._proxy, originals=encoder.sent)
        try:
            if op in ("call", "callmethod"):
                for node in reply.get("after") or []:
                    decoder.decode(node)
            value = decoder.decode(reply.get("value"))
            names = reply.get("names")
            if op == "exec":
                value = {str(k): decoder.decode(v) for k, v in (names or {}).items()}
        except Exception as exc:  # forged data that decodes to nonsense breaks the protocol too
            detail = exc if isinstance(exc, wire.WireError) else f"{type(exc).__name__}: {str(exc)[:200]}"
            self.problem = self.problem or f"the submission's process broke the grading protocol: {detail}"
            self._end(self.problem)
            raise SubmissionGone(self.problem) from None
        if op == "exec":
            return reply, value
        if "raise" in reply:
            raise _rebuild(reply["raise"])
        if op == "getattr" and reply.get("method") is True:
            return _METHOD
        return value

    def _exchange(self, message: dict, buffers: list) -> tuple[dict, list]:
        if self.gone is not None:
            raise SubmissionGone(f"the submission's process has ended earlier ({self.gone})")
        message["release"], self.released = self.released, []
        self.seq += 1
        message["seq"] = self.seq
        message["errstate"] = np.geterr()
        if wire.rng_fingerprint() != self.rng_sent:
            message["rng"] = wire.rng_state()
        wall_end = self.started + self.limits.wall_seconds
        try:
            self.writer.deadline = self.reader.deadline = min(self.deadline, wall_end)
            wire.send(self.writer, message, buffers)
            try:
                reply, out = self._reply()
            except TimeoutError:
                self._interrupt()
                self.reader.deadline = time.monotonic() + GRACE_SECONDS
                reply, out = self._reply()
                self.problem = self.problem or (
                    "timeout: a cell ran past the time limit (an infinite loop?); interrupted"
                    if time.monotonic() < wall_end else
                    f"timeout: the whole notebook ran past {self.limits.wall_seconds:g} s")
        except TimeoutError:
            self._end("timeout: the submitted code ignored the interrupt and was stopped (an infinite loop?)")
            raise TimeoutError(self.gone) from None
        except _StoppedReading:
            self._end("timeout: the submission's process stopped taking requests (stopped or stuck) and was ended")
            raise TimeoutError(self.gone) from None
        except (EOFError, BrokenPipeError, OSError):
            self._end(f"the submission's process ended: {self._exit_reason()}")
            raise SubmissionGone(self.gone) from None
        except wire.WireError as exc:
            self._end(f"the submission's process broke the grading protocol: {exc}")
            raise SubmissionGone(self.gone) from None
        if reply.get("rng"):
            with contextlib.suppress(wire.WireError):
                wire.set_rng_state(reply["rng"])
        self.rng_sent = wire.rng_fingerprint()
        self._replay_output(reply)
        if time.monotonic() > wall_end and self.gone is None:
            self._end(f"timeout: the whole notebook ran past {self.limits.wall_seconds:g} s")
        return reply, out

    def _reply(self) -> tuple[dict, list]:
        while True:
            reply, out = wire.recv(self.reader)
            if reply.get("seq") == self.seq:
                return reply, out

    def _replay_output(self, reply: dict) -> None:
        """Show what the learner's code printed and warned, where a kernel would have shown it."""
        for stream, key in ((sys.stdout, "out"), (sys.stderr, "err")):
            text = reply.get(key)
            if type(text) is str and text:
                stream.write(text[:OUTPUT_LIMIT])
        items = reply.get("warnings")
        for item in (items if type(items) is list else [])[:50]:
            try:
                category, text, filename, lineno = item
                cls = getattr(builtins, str(category), None)
                cls = cls if isinstance(cls, type) and issubclass(cls, Warning) else UserWarning
                # The file name is the submission's word: wrapped in <...>, the warnings module shows no
                # source line for it, so it cannot make the grader print lines of its own files or cells.
                where = f"<submission: {str(filename)[-200:]}>"
                warnings.warn_explicit(str(text)[:2000], cls, where, min(max(int(lineno), 0), 10**9),
                                       registry=self.registry)
            except (TypeError, ValueError, OverflowError):
                continue


def _colocate(fn: Any, args: tuple, kwargs: dict) -> Any:
    """course.colocate's handler: run a course helper in the submission's process when it is handed
    the learner's objects."""
    remote = [v for v in (*args, *kwargs.values()) if isinstance(v, Remote)]
    module, name = getattr(fn, "__module__", "") or "", getattr(fn, "__qualname__", "") or ""
    if not remote or not module.startswith("course.") or not name.isidentifier():
        return NotImplemented
    session = object.__getattribute__(remote[0], "_session")
    return session.request("colocated", None, module=module, name=name, args=args, kwargs=kwargs)


colocate._handlers.append(_colocate)


# --- the notebook ---------------------------------------------------------------------------------

def contract_names(source: NotebookNode) -> list[str]:
    """Names defined at the top level of the course's solution cells: what tests may use from a learner."""
    names: list[str] = []
    for cell in source.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code" or not meta.get("solution"):
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.append(node.name)
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                    names += [n.id for n in ast.walk(target) if isinstance(n, ast.Name)]
    return list(dict.fromkeys(names))


def trusted_cells(source: NotebookNode) -> dict[str, NotebookNode]:
    """The course's own code cells (every code cell that is not a solution cell), by grade id."""
    cells = {}
    for cell in source.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("grade_id") and not meta.get("solution"):
            cells[meta["grade_id"]] = cell
    return cells


def mirrored(cell: NotebookNode, contract: list[str]) -> bool:
    """Whether a course cell also runs in the submission's process: setup cells (imports, data,
    helper definitions) that the learner's code may rely on as globals. Tests, examples and figures,
    which call the learner's code, do not."""
    if cell.metadata.get("nbgrader", {}).get("grade"):
        return False
    try:
        tree = ast.parse(cell.source)
    except SyntaxError:
        return False
    setup = (ast.Import, ast.ImportFrom, ast.Assign, ast.AnnAssign, ast.FunctionDef, ast.ClassDef)
    if not tree.body or not all(isinstance(node, setup) for node in tree.body):
        return False
    return not any(isinstance(node, ast.Name) and node.id in contract for node in ast.walk(tree))


@dataclass
class Execution:
    notebook: NotebookNode
    problem: str | None = None
    flags: list[str] = field(default_factory=list)
    seconds: float = 0.0


def _streams(out: CappedText, err: CappedText) -> list[NotebookNode]:
    """A cell's stdout and stderr outputs (none for an empty stream)."""
    return [nbformat.v4.new_output("stream", name=name, text=buf.getvalue())
            for name, buf in (("stdout", out), ("stderr", err)) if buf.getvalue()]


def _error(exc: BaseException, skip: int = 0) -> NotebookNode:
    tb = exc.__traceback__
    for _ in range(skip):
        tb = tb.tb_next if tb is not None and tb.tb_next is not None else tb
    lines = traceback.format_exception(type(exc), exc, tb)
    return nbformat.v4.new_output("error", ename=type(exc).__name__, evalue=str(exc)[:2000],
                                  traceback=["".join(lines)[-8000:]])


def _remote_error(info: Any) -> NotebookNode:
    """An error output for the learner's own exception, as the submission's process described it
    (anything but a dict of strings is damaged, and reads as such)."""
    info = info if isinstance(info, dict) else {"type": "RuntimeError", "msg": "a damaged error report"}
    return nbformat.v4.new_output("error", ename=str(info.get("type", "Exception"))[:100],
                                  evalue=str(info.get("msg", ""))[:2000], traceback=[str(info.get("tb", ""))[-8000:]])


def _figures(draw: bool) -> list[NotebookNode]:
    """The figures a cell left open, as PNG outputs (or only closed: rendering them costs more than
    the tests, and no grade depends on them)."""
    if "matplotlib.pyplot" not in sys.modules:
        return []
    import matplotlib.pyplot as plt

    if not draw:
        plt.close("all")
        return []
    outputs = []
    for number in plt.get_fignums():
        figure = plt.figure(number)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", bbox_inches="tight")
        outputs.append(nbformat.v4.new_output("display_data", data={
            "image/png": base64.b64encode(buffer.getvalue()).decode(), "text/plain": repr(figure)}))
    plt.close("all")
    return outputs


def _run_trusted(code: str, namespace: dict, filename: str, count: int, figures: bool = False) -> list[NotebookNode]:
    """Run one of the course's cells here, as a kernel would: outputs, the last value, errors, figures."""
    out, err = CappedText(CELL_OUTPUT_LIMIT), CappedText(CELL_OUTPUT_LIMIT)
    outputs: list[NotebookNode] = []
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            tree = ast.parse(code, filename)
            last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
            exec(compile(tree, filename, "exec"), namespace)
            if last is not None:
                value = eval(compile(ast.Expression(last.value), filename, "eval"), namespace)
                if value is not None and not code.rstrip().endswith(";"):
                    outputs.append(nbformat.v4.new_output("execute_result", execution_count=count,
                                                          data={"text/plain": repr(value)[:10000]}))
        except BaseException as exc:  # a failing test is the point of a test cell
            error = _error(exc, skip=1)
        else:
            error = None
    return _streams(out, err) + outputs + _figures(figures) + ([error] if error is not None else [])


@contextlib.contextmanager
def _one_cpu():
    """Run this thread, and the submission's process it starts, on one CPU that no other grading run
    on this machine holds. A request then hands over between two processes on the same core, about
    six times faster than across cores. With no free CPU, nothing is pinned."""
    import fcntl

    allowed = sorted(os.sched_getaffinity(0))
    for cpu in allowed if len(allowed) > 1 else []:
        handle = open(Path(tempfile.gettempdir()) / f"ml-interview-lab-grading-cpu{cpu}.lock", "a")  # noqa: SIM115
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            continue
        try:
            os.sched_setaffinity(0, {cpu})
            yield cpu
        finally:
            os.sched_setaffinity(0, allowed)
            handle.close()
        return
    yield None


def execute(nb: NotebookNode, source: NotebookNode, *, timeout: float = 120.0,
            limits: sandbox.Limits | None = None, files: dict[str, bytes] | None = None,
            source_files: dict[str, bytes] | None = None, figures: bool = False) -> Execution:
    """Execute ``nb`` (a sanitised submission) with its learner cells sandboxed and the course's cells here."""
    start = time.perf_counter()
    contract = contract_names(source)
    trusted = trusted_cells(source)
    result = Execution(nb, flags=scan_notebook(nb, trusted, contract))
    saved_cwd, saved_env = os.getcwd(), os.environ.get("ML_INTERVIEW_LAB_DATA")
    import matplotlib

    matplotlib.use("Agg", force=True)
    _sweep_orphans()
    with tempfile.TemporaryDirectory(prefix="grading-") as tmp:
        (Path(tmp) / "owner").write_text(str(os.getpid()))
        here, work = Path(tmp) / "course", Path(tmp) / "work"
        for folder, content in ((here, source_files), (work, files)):
            folder.mkdir()
            for name, data in (content or {}).items():
                path = (folder / name).resolve()
                if folder.resolve() in path.parents:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_bytes(data)
        with _one_cpu():
            session = Session(work, limits or sandbox.Limits())
            namespace: dict[str, Any] = {"__name__": "__main__", "__builtins__": builtins}
            os.environ["ML_INTERVIEW_LAB_DATA"] = str(Path(tmp) / "progress")
            os.chdir(here)
            try:
                with warnings.catch_warnings(), np.errstate():
                    _execute_cells(nb, trusted, contract, namespace, session, timeout, figures)
            finally:
                os.chdir(saved_cwd)
                if saved_env is None:
                    os.environ.pop("ML_INTERVIEW_LAB_DATA", None)
                else:
                    os.environ["ML_INTERVIEW_LAB_DATA"] = saved_env
                namespace.clear()
                session.close()
        result.problem = session.problem
    if result.problem:
        result.flags.append(result.problem)
    result.seconds = time.perf_counter() - start
    return result


def _sweep_orphans() -> None:
    """Remove the folders of earlier executions whose process was killed before it could clean up."""
    for folder in Path(tempfile.gettempdir()).glob("grading-*"):
        try:
            pid = int((folder / "owner").read_text())
            os.kill(pid, 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except (OSError, ValueError):  # no owner file (yet), or another user's: leave it
            continue


def _execute_cells(nb: NotebookNode, trusted: dict, contract: list[str], namespace: dict, session: Session,
                   timeout: float, figures: bool) -> None:
    count = 0
    budget = [LEARNER_OUTPUT_LIMIT]  # what the learner's cells may still print, shared by all of them
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        count += 1
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        session.deadline = time.monotonic() + timeout
        if grade_id in trusted:
            cell.outputs = _run_trusted(trusted[grade_id].source, namespace, f"<cell {grade_id}>", count, figures)
            if mirrored(trusted[grade_id], contract):
                with contextlib.suppress(SubmissionGone, TimeoutError), contextlib.redirect_stdout(io.StringIO()), \
                        contextlib.redirect_stderr(io.StringIO()):
                    session.request("exec", code=trusted[grade_id].source, names=[])
        elif not cell.source.strip():
            cell.outputs = []
        else:
            cell.outputs = _run_learner(cell.source, namespace, contract, session, budget)
        cell.execution_count = count
        session.deadline = float("inf")


def _run_learner(code: str, namespace: dict, contract: list[str], session: Session,
                 budget: list[int]) -> list[NotebookNode]:
    limit = max(0, min(CELL_OUTPUT_LIMIT, budget[0]))
    out, err = CappedText(limit), CappedText(limit)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            reply, names = session.request("exec", code=code, names=contract)
    except (SubmissionGone, TimeoutError) as exc:
        return [nbformat.v4.new_output("error", ename="NotExecuted", evalue=str(exc),
                                       traceback=[f"NotExecuted: {exc}"])]
    finally:
        budget[0] -= min(out.size, limit) + min(err.size, limit)
    namespace.update({name: value for name, value in names.items() if name in contract})
    outputs = _streams(out, err)
    if "error" in reply:
        outputs.append(_remote_error(reply["error"]))
    elif "raise" in reply:
        outputs.append(_remote_error(reply["raise"]))
    return outputs


def execute_payload(payload: dict) -> dict:
    """The Dask task: everything arrives as data (the submission, the course's source notebook,
    their folders' other files) and goes back as data; the worker needs no course folder."""
    nb = nbformat.reads(payload["notebook"], as_version=4)
    source = nbformat.reads(payload["source"], as_version=4)
    limits = sandbox.Limits(**payload.get("limits", {}))
    run = execute(nb, source, timeout=payload.get("timeout", 120.0), limits=limits,
                  files=payload.get("files"), source_files=payload.get("source_files"),
                  figures=bool(payload.get("figures", False)))
    return {"notebook": nbformat.writes(run.notebook), "problem": run.problem, "flags": run.flags,
            "seconds": run.seconds}


def read_folder(folder: Path, limit: int = 50 * 1024**2) -> dict[str, bytes]:
    """The files of an assignment folder as data (notebooks and checkpoints left out), up to ``limit`` bytes."""
    files, total = {}, 0
    if not folder.is_dir():
        return files
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if not path.is_file() or path.is_symlink() or ".ipynb_checkpoints" in rel.parts or path.suffix == ".ipynb":
            continue
        total += path.stat().st_size
        if total > limit:
            break
        files[str(rel)] = path.read_bytes()
    return files
