"""``python -m course.grading.student``: the submission's own process, run inside the sandbox.

It executes the learner's cells (with IPython, as a kernel would) and answers the grader's requests
over stdin/stdout (:mod:`course.grading.wire`): call this function, read that attribute, and so on.
Everything the learner's code prints, warns or raises is sent back with the answer. Nothing here is
trusted by the grader: it only ever receives plain data from this process.
"""

from __future__ import annotations

import importlib
import inspect
import io
import os
import sys
import traceback
import types
import warnings
from contextlib import redirect_stderr, redirect_stdout
from typing import Any

import numpy as np

from course.grading import wire

OUTPUT_LIMIT = 64 * 1024  # characters of stdout or stderr kept per request


class CappedText(io.TextIOBase):
    """A text stream that keeps the first ``limit`` characters and counts the rest."""

    def __init__(self, limit: int = OUTPUT_LIMIT):
        self.parts: list[str] = []
        self.size = 0
        self.limit = limit

    def writable(self) -> bool:
        return True

    def write(self, text) -> int:
        text = str(text)
        room = self.limit - self.size
        if room > 0:
            self.parts.append(text[:room])
        self.size += len(text)
        return len(text)

    def getvalue(self) -> str:
        value = "".join(self.parts)
        if self.size > self.limit:
            value += f"\n[... {self.size - self.limit} more characters of output cut ...]\n"
        return value


def describe_exception(exc: BaseException) -> dict:
    """What the grader needs to rebuild an exception: its builtin bases, name, message and traceback."""
    try:
        message = str(exc)[:4000]
    except Exception:  # a learner's __str__ may fail
        message = "<the exception's message could not be read>"
    lines = traceback.format_exception(type(exc), exc, exc.__traceback__)
    return {"mro": [c.__name__ for c in type(exc).__mro__ if c.__module__ == "builtins"],
            "type": type(exc).__name__, "msg": message, "tb": "".join(lines)[-8000:]}


def _interrupted(message: str) -> dict:
    """The reply to a request stopped by the grader's interrupt (re-raised there as a TimeoutError)."""
    return {"raise": {"mro": ["TimeoutError"], "type": "TimeoutError", "msg": message, "tb": ""}, "interrupted": True}


def _is_method(obj: Any, name: str) -> bool:
    """``obj.name`` is a plain function defined on the class (a method call can skip a round trip)."""
    if isinstance(obj, type) or name in getattr(obj, "__dict__", {}):
        return False
    try:
        return isinstance(inspect.getattr_static(type(obj), name), types.FunctionType)
    except AttributeError:
        return False


class Server:
    """Holds the learner's namespace and the objects the grader refers to."""

    def __init__(self):
        from IPython.core.interactiveshell import InteractiveShell

        self.shell = InteractiveShell.instance()
        self.shell.showtraceback = lambda *args, **kwargs: None  # errors travel back structured
        self.shell.showsyntaxerror = lambda *args, **kwargs: None
        self.objects: dict[int, Any] = {}
        self.handles: dict[int, int] = {}  # id(object) -> handle
        self.classes: dict[type, int] = {}  # class -> number, so the grader can remember its methods

    # --- references -------------------------------------------------------------------------
    def ref(self, obj: Any) -> dict:
        handle = self.handles.get(id(obj))
        if handle is None or self.objects.get(handle) is not obj:
            handle = len(self.objects) + 1
            while handle in self.objects:
                handle += 1
            self.objects[handle] = obj
            self.handles[id(obj)] = handle
        name = getattr(obj, "__name__", None) if isinstance(obj, type) else type(obj).__name__
        cls = self.classes.setdefault(type(obj), len(self.classes) + 1)
        return {"$": "ref", "id": handle, "name": str(name)[:80], "cls": cls}

    def deref(self, node: dict) -> Any:
        handle = node.get("id")
        if handle not in self.objects:
            raise wire.WireError(f"no object {handle!r} in the submission's process")
        return self.objects[handle]

    def release(self, handles: list) -> None:
        for handle in handles:
            obj = self.objects.pop(handle, None)
            if obj is not None and self.handles.get(id(obj)) == handle:
                del self.handles[id(obj)]

    # --- requests ---------------------------------------------------------------------------
    def handle(self, message: dict, buffers: list) -> tuple[dict, list]:
        self.release(message.get("release") or [])
        if message.get("rng"):
            wire.set_rng_state(message["rng"])
        rng_before = wire.rng_fingerprint()
        decoder = wire.Decoder(buffers, self.deref)
        out, err = CappedText(), CappedText()
        reply: dict = {}
        encoder = wire.Encoder(self.ref)
        with warnings.catch_warnings(record=True) as caught, redirect_stdout(out), redirect_stderr(err), \
                np.errstate(**(message.get("errstate") or {})):
            warnings.simplefilter("always")
            try:
                reply = self._dispatch(message, decoder, encoder)
            except KeyboardInterrupt:
                reply = _interrupted("interrupted: the code ran past the time limit")
            except BaseException as exc:  # the learner's error, sent back to be re-raised
                reply = {"raise": describe_exception(exc)}
        reply.update(out=out.getvalue(), err=err.getvalue(), warnings=[
            [w.category.__name__, str(w.message)[:2000], str(w.filename)[-200:], int(w.lineno or 0)]
            for w in caught[:50]])
        if wire.rng_fingerprint() != rng_before:
            reply["rng"] = wire.rng_state()
        return reply, encoder.buffers

    def _dispatch(self, message: dict, decoder: wire.Decoder, encoder: wire.Encoder) -> dict:
        op = message.get("op")
        if op == "exec":
            return self._exec(str(message.get("code", "")), list(message.get("names") or []), encoder)
        if op == "colocated":  # a course helper that loops over the learner's code (course.colocate)
            module, name = str(message.get("module")), str(message.get("name"))
            if not module.startswith("course.") or not name.isidentifier():
                raise wire.WireError(f"{module}.{name} is not a course helper")
            function = getattr(importlib.import_module(module), name)
            args, kwargs = decoder.decode(message.get("args")), decoder.decode(message.get("kwargs"))
            return {"value": encoder.encode(function(*args, **kwargs))}
        target = self.deref({"id": message.get("id")})
        if op == "callmethod":
            target = getattr(target, str(message.get("name")))
        if op in ("call", "callmethod"):
            args = decoder.decode(message.get("args"))
            kwargs = decoder.decode(message.get("kwargs"))
            sent = list(decoder.seen)
            snapshots = {i: o.tobytes() for i, o in enumerate(sent) if type(o) is np.ndarray and o.dtype != object}
            result = target(*args, **kwargs)
            encoder.originals = {id(o): i for i, o in enumerate(sent)}
            encoder.unchanged = lambda i, a: i in snapshots and a.tobytes() == snapshots[i]
            after = [encoder.encode(a) for a in (*args, *kwargs.values()) if id(a) in encoder.originals]
            return {"value": encoder.encode(result), "after": after}
        if op == "getattr":
            name = str(message.get("name"))
            if _is_method(target, name):
                return {"value": None, "method": True}
            return {"value": encoder.encode(getattr(target, name))}
        if op == "setattr":
            setattr(target, str(message.get("name")), decoder.decode(message.get("value")))
            return {"value": None}
        if op == "getitem":
            return {"value": encoder.encode(target[decoder.decode(message.get("key"))])}
        if op == "setitem":
            target[decoder.decode(message.get("key"))] = decoder.decode(message.get("value"))
            return {"value": None}
        if op == "len":
            return {"value": len(target)}
        if op == "iter":
            return {"value": encoder.encode([item for _, item in zip(range(1_000_000), target)])}
        if op == "contains":
            return {"value": bool(decoder.decode(message.get("key")) in target)}
        if op == "bool":
            return {"value": bool(target)}
        if op in ("repr", "str"):
            return {"value": (repr if op == "repr" else str)(target)[:2000]}
        raise wire.WireError(f"unknown request {op!r}")

    def _exec(self, code: str, names: list[str], encoder: wire.Encoder) -> dict:
        result = self.shell.run_cell(code, store_history=True)
        error = result.error_before_exec or result.error_in_exec
        reply: dict = {"names": {}}
        if error is not None:
            if isinstance(error, KeyboardInterrupt):
                raise error
            reply["error"] = describe_exception(error)
        for name in names:
            if name in self.shell.user_ns:
                try:
                    reply["names"][name] = encoder.encode(self.shell.user_ns[name])
                except wire.WireError:
                    continue
        return reply


def main() -> int:
    requests = os.fdopen(os.dup(0), "rb", buffering=1 << 16)
    replies = os.fdopen(os.dup(1), "wb", buffering=1 << 16)
    # The learner's code must not read the requests or write into the replies by accident.
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(2, 1)
    sys.stdin = open(os.devnull)  # noqa: SIM115 (for the life of the process)
    server = Server()
    wire.send(replies, {"ready": True, "pid": os.getpid()}, [])
    while True:
        try:
            message, buffers = wire.recv(requests)
        except EOFError:
            return 0
        except KeyboardInterrupt:  # an interrupt that came after the answer was sent: nothing to stop
            continue
        try:
            reply, out = server.handle(message, buffers)
            reply["seq"] = message.get("seq")
            wire.send(replies, reply, out)
        except KeyboardInterrupt:  # an interrupt that arrived after handling, before the answer went out
            wire.send(replies, {**_interrupted("interrupted"), "seq": message.get("seq")}, [])
        except Exception as exc:  # e.g. a result that cannot be encoded
            wire.send(replies, {"raise": describe_exception(exc), "seq": message.get("seq")}, [])


if __name__ == "__main__":
    sys.exit(main())
