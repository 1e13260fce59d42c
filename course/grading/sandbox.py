"""Run untrusted code (a learner's notebook) in a bubblewrap sandbox with resource limits.

Inside the sandbox the code sees the system's programs and libraries read-only, the Python
environment and the course package read-only, a private /tmp, and one writable folder: its own
working folder, with the assignment's files in it read-only (the folder and /tmp are in memory and
capped in size, so nothing written reaches or fills the host's disk). It has no network (only its
own loopback), cannot see the course's ``source/``, the gradebook or any other submission, and runs
as an unprivileged user in its own user namespace (the caller's user, mapped to "nobody", without
any capability outside). Limits: wall-clock time, CPU time, address space (memory), the size of any
file it writes, the space it writes in, and the output kept from it. Not limited: the number of
processes (the kernel exempts a grader running as root from RLIMIT_NPROC; each process still has
the memory and CPU limits, and the sandbox dies with its grader).

Anything that goes wrong ends in a :class:`SandboxResult` whose ``problem`` says why, never in an
exception that would stop the other submissions from being graded.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import course

NOBODY = 65534
PACKAGE_DIR = Path(course.__file__).resolve().parent


class SandboxUnavailable(RuntimeError):
    """bubblewrap is missing or cannot create namespaces on this machine."""


@dataclass(frozen=True)
class Limits:
    wall_seconds: float = 600.0
    cpu_seconds: int = 600
    memory_bytes: int = 4 * 1024**3
    file_bytes: int = 256 * 1024**2
    output_bytes: int = 64 * 1024
    disk_bytes: int = 512 * 1024**2  # what the code may write, in its folder and in /tmp (each in memory)


@dataclass(frozen=True)
class SandboxResult:
    returncode: int | None
    stdout: str
    stderr: str
    problem: str | None  # None when the command exited 0

    @property
    def ok(self) -> bool:
        return self.problem is None


def bwrap_argv(command: list[str], workdir: Path, extra_readonly: tuple[Path, ...] = (),
               disk_bytes: int = Limits.disk_bytes) -> list[str]:
    """The bubblewrap command line that runs ``command`` with ``workdir`` as its only writable folder.

    Inside, ``workdir`` and ``/tmp`` are fresh in-memory file systems of ``disk_bytes`` each, so what
    the code writes never reaches the host's disk and cannot fill it; the files already in
    ``workdir`` (the assignment's data) appear in it read-only."""
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        raise SandboxUnavailable("bubblewrap is not installed (Debian: apt-get install bubblewrap)")
    workdir = Path(workdir).resolve()
    argv = [bwrap, "--unshare-all", "--die-with-parent", "--new-session",
            "--uid", str(NOBODY), "--gid", str(NOBODY),
            "--ro-bind", "/usr", "/usr", "--proc", "/proc", "--dev", "/dev",
            "--size", str(disk_bytes), "--tmpfs", "/tmp"]
    for link in ("bin", "lib", "lib64", "sbin"):
        target = Path("/") / link
        if target.is_symlink():
            argv += ["--symlink", os.readlink(target), str(target)]
        elif target.exists():
            argv += ["--ro-bind", str(target), str(target)]
    # Only what Python needs from /etc: no passwords, keys or host configuration.
    for name in ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "nsswitch.conf", "passwd", "group",
                 "alternatives", "fonts", "matplotlibrc", "ssl"):
        path = Path("/etc") / name
        if path.exists():
            argv += ["--ro-bind", str(path), str(path)]
    # The course package alone, not the folder around it (a checkout holds source/ and the gradebook).
    python_paths = {Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve(), PACKAGE_DIR}
    for path in sorted(python_paths | {Path(p).resolve() for p in extra_readonly}):
        argv += ["--ro-bind", str(path), str(path)]
    argv += ["--size", str(disk_bytes), "--tmpfs", str(workdir)]
    for entry in sorted(workdir.iterdir()):
        argv += ["--ro-bind", str(entry), str(entry)]
    argv += ["--chdir", str(workdir),
             "--clearenv", "--setenv", "HOME", str(workdir),
             "--setenv", "PATH", f"{Path(sys.executable).parent}:/usr/bin:/bin",
             "--setenv", "PYTHONNOUSERSITE", "1", "--setenv", "MPLBACKEND", "Agg",
             "--setenv", "JUPYTER_RUNTIME_DIR", str(workdir / ".runtime"),
             "--setenv", "ML_INTERVIEW_LAB_DATA", str(workdir / ".progress"), "--"]
    return argv + command


def _limit(limits: Limits):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 5))
        resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
        resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_bytes, limits.file_bytes))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    return apply


def run(command: list[str], workdir: Path, limits: Limits = Limits(),
        extra_readonly: tuple[Path, ...] = ()) -> SandboxResult:
    """Run ``command`` in the sandbox; the result says what happened, including limit breaches."""
    workdir = Path(workdir).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    argv = bwrap_argv(command, workdir, extra_readonly, limits.disk_bytes)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(argv, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                preexec_fn=_limit(limits), start_new_session=True)
        try:
            code = proc.wait(timeout=limits.wall_seconds)
            problem = describe_exit(code)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            code, problem = None, f"timeout: still running after {limits.wall_seconds:g} s (an infinite loop?)"
        stdout, stderr = (_tail(f, limits.output_bytes) for f in (out, err))
    if problem is None:
        return SandboxResult(code, stdout, stderr, None)
    if "bwrap:" in stderr and code == 1:
        raise SandboxUnavailable(f"bubblewrap could not start the sandbox: {stderr.strip()[-300:]}")
    return SandboxResult(code, stdout, stderr, problem)


def start(command: list[str], workdir: Path, limits: Limits, stderr) -> subprocess.Popen:
    """Start ``command`` in the sandbox and return at once, talking to it over stdin and stdout."""
    workdir = Path(workdir).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(bwrap_argv(command, workdir, disk_bytes=limits.disk_bytes), stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=stderr, preexec_fn=_limit(limits),
                            start_new_session=True, bufsize=0)


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (bubblewrap's children live in their own session)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                children = [int(c) for c in (task / "children").read_text().split()]
            except (OSError, ValueError):
                continue
            found += children
            todo += children
    return found


def describe_exit(code: int) -> str | None:
    """Why a sandboxed process ended, in words (None for a clean exit)."""
    if code == 0:
        return None
    if code < 0 or code > 128:
        number = -code if code < 0 else code - 128
        name = signal.Signals(number).name if number in signal.Signals._value2member_map_ else str(number)
        cause = {"SIGXCPU": "CPU time limit", "SIGXFSZ": "file size limit", "SIGKILL": "killed (memory or time limit)",
                 "SIGSEGV": "crashed (segmentation fault)"}.get(name, "killed")
        return f"{cause} ({name})"
    return f"exited with code {code}"


def _tail(handle, limit: int) -> str:
    handle.seek(0, os.SEEK_END)
    size = handle.tell()
    handle.seek(max(0, size - limit))
    text = handle.read().decode("utf-8", errors="replace")
    return (f"[... {size - limit} bytes of output cut ...]\n" if size > limit else "") + text
