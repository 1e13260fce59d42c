"""The wire between the grader and a submission's sandboxed process: framed messages of JSON plus
raw array buffers, with no pickle anywhere.

What the grader decodes from the submission is plain data only (None, bool, int, float, complex,
str, bytes, tuple, list, dict, set, numpy scalars and arrays of numeric, boolean or text dtype) or a
reference to an object that stays in the submission's process. No object the submission builds,
with its own ``__eq__`` or ``__array__``, ever reaches the grader. Decoding is strict: sizes,
nesting and dtypes are checked, and anything else is a :class:`WireError`.
"""

from __future__ import annotations

import ctypes
import json
import math
import struct
from collections.abc import Callable
from typing import Any, BinaryIO

import numpy as np

MAX_FRAME = 512 * 1024**2  # bytes in one message
MAX_PARTS = 100_000  # buffers in one message
MAX_DEPTH = 64  # nesting of containers
ARRAY_KINDS = frozenset("biufcUSmM")
SCALARS = (type(None), bool, int, float, str)


_RNG_VIEW: list = [None, None]  # [address, uint32 view of the state there]


def rng_fingerprint() -> bytes:
    """The bytes of numpy's global random state (the legacy MT19937 key and position), read in place:
    far cheaper than ``np.random.get_state()``, so each request can check whether it changed."""
    address = np.random.mtrand._rand._bit_generator.ctypes.state_address
    if _RNG_VIEW[0] != address:
        _RNG_VIEW[:] = [address, np.ctypeslib.as_array((ctypes.c_uint32 * 625).from_address(address))]
    return _RNG_VIEW[1].tobytes()


def rng_state() -> list:
    """numpy's global random state as JSON-ready data."""
    name, keys, pos, has_gauss, cached = np.random.get_state(legacy=True)
    return [name, keys.tolist(), int(pos), int(has_gauss), float(cached)]


def set_rng_state(state: list) -> None:
    """Set numpy's global random state from :func:`rng_state`'s data (raises ValueError if damaged)."""
    try:
        name, keys, pos, has_gauss, cached = state
        np.random.set_state((str(name), np.asarray(keys, dtype=np.uint32), int(pos), int(has_gauss),
                             float(cached)))
    except (TypeError, ValueError, OverflowError) as exc:
        raise WireError(f"a damaged random state: {exc}") from None


class WireError(ValueError):
    """A message that breaks the protocol (damaged, oversized, or not plain data)."""


def send(stream: BinaryIO, message: dict, buffers: list) -> None:
    """Write one frame: the number of parts, their sizes, the JSON header, then the buffers."""
    header = json.dumps(message, allow_nan=True, separators=(",", ":")).encode()
    views = [memoryview(b).cast("B") for b in buffers]
    sizes = [len(header)] + [v.nbytes for v in views]
    prefix = struct.pack(f"<I{len(sizes)}Q", len(sizes), *sizes)
    if sum(sizes) < 1 << 20:  # one write, so the reader wakes once
        stream.write(b"".join([prefix, header, *views]))
    else:
        for part in (prefix, header, *views):
            stream.write(part)
    stream.flush()


def _read_exact(stream: BinaryIO, size: int) -> bytearray:
    data = bytearray(size)
    view, got = memoryview(data), 0
    while got < size:
        n = stream.readinto(view[got:])
        if not n:
            raise EOFError("the other side closed the connection")
        got += n
    return data


def recv(stream: BinaryIO) -> tuple[dict, list[bytearray]]:
    """Read one frame written by :func:`send`, checking every size before reading it."""
    (count,) = struct.unpack("<I", _read_exact(stream, 4))
    if not 1 <= count <= MAX_PARTS:
        raise WireError(f"a frame of {count} parts")
    sizes = struct.unpack(f"<{count}Q", _read_exact(stream, 8 * count))
    if sum(sizes) > MAX_FRAME:
        raise WireError(f"a frame of {sum(sizes)} bytes (the limit is {MAX_FRAME})")
    header = _read_exact(stream, sizes[0])
    buffers = [_read_exact(stream, size) for size in sizes[1:]]
    try:
        message = json.loads(header)
    except (ValueError, RecursionError) as exc:  # not JSON, or nested past the parser's stack
        raise WireError(f"a header that is not JSON: {type(exc).__name__}") from None
    if not isinstance(message, dict):
        raise WireError("a header that is not a JSON object")
    return message, buffers


class Encoder:
    """Turn a value into JSON plus buffers. ``ref`` gives the reference for anything that is not
    plain data (or raises TypeError when such objects may not cross)."""

    def __init__(self, ref: Callable[[Any], dict], originals: dict[int, int] | None = None,
                 unchanged: Callable[[int, Any], bool] | None = None):
        self.ref = ref
        self.buffers: list = []
        self.originals = originals or {}  # id(object) -> index, for objects that came from the other side
        self.unchanged = unchanged  # (index, array) -> True when an original array still holds what was sent
        self.sent: list = []  # lists, dicts and arrays encoded, in the order the other side's Decoder.seen has them

    def _buffer(self, data) -> int:
        self.buffers.append(data)
        return len(self.buffers) - 1

    def encode(self, value: Any, depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            raise WireError(f"data nested more than {MAX_DEPTH} levels deep")
        kind = type(value)
        index = self.originals.get(id(value)) if kind in (list, dict, np.ndarray) else None
        if index is not None:
            if kind is np.ndarray and self.unchanged is not None and self.unchanged(index, value):
                return {"$": "orig", "i": index, "v": None}
            return {"$": "orig", "i": index, "v": self._plain(value, depth)}
        if kind in SCALARS:
            return value
        return self._plain(value, depth)

    def _plain(self, value: Any, depth: int) -> Any:
        kind = type(value)
        if kind is list:
            node = {"$": "list", "v": [self.encode(v, depth + 1) for v in value]}
            self.sent.append(value)
            return node
        if kind is tuple:
            return {"$": "tuple", "v": [self.encode(v, depth + 1) for v in value]}
        if kind is dict:
            node = {"$": "dict", "v": [[self.encode(k, depth + 1), self.encode(v, depth + 1)]
                                       for k, v in value.items()]}
            self.sent.append(value)
            return node
        if kind in (set, frozenset):
            return {"$": kind.__name__, "v": [self.encode(v, depth + 1) for v in value]}
        if kind is complex:
            return {"$": "complex", "v": [value.real, value.imag]}
        if kind is bytes:
            return {"$": "bytes", "b": self._buffer(value)}
        if kind is np.ndarray or (isinstance(value, np.generic) and kind.__module__ == "numpy"):
            array = np.asarray(value)
            if array.dtype.kind in ARRAY_KINDS and array.dtype.fields is None and array.dtype.subdtype is None:
                data = np.ascontiguousarray(array)
                if kind is not np.ndarray:
                    return {"$": "np", "dtype": array.dtype.str, "shape": [], "b": self._buffer(data)}
                self.sent.append(value)
                return {"$": "nd", "dtype": array.dtype.str, "shape": list(array.shape), "b": self._buffer(data)}
            if kind is np.ndarray and array.dtype == object:
                node = {"$": "ndo", "shape": list(array.shape),
                        "v": [self.encode(v, depth + 1) for v in array.ravel().tolist()]}
                self.sent.append(value)
                return node
        return self.ref(value)


class Decoder:
    """Strictly rebuild a value from :class:`Encoder`'s output. ``ref`` turns a reference into the
    local stand-in; ``originals`` are the objects this side sent, in the order the other side saw them."""

    def __init__(self, buffers: list[bytearray], ref: Callable[[dict], Any], originals: list | None = None):
        self.buffers = buffers
        self.ref = ref
        self.originals = originals if originals is not None else []
        self.seen: list = []  # mutable objects decoded, in order (the other side's originals)

    def decode(self, node: Any, depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            raise WireError(f"data nested more than {MAX_DEPTH} levels deep")
        if node is None or type(node) in (bool, float, str):
            return node
        if type(node) is int:
            # Beyond 64 bits, integers with equal hashes are easy to make: a set or dict of them takes
            # quadratic time to build. Nothing the course exchanges needs them.
            if not -(2**63) <= node < 2**63:
                raise WireError("an integer beyond 64 bits")
            return node
        if type(node) is not dict or "$" not in node:
            raise WireError(f"an unexpected {type(node).__name__} in the data")
        tag = node["$"]
        if tag == "orig":
            return self._original(node, depth)
        if tag == "ref":
            return self.ref(node)
        value = self._value(tag, node, depth)
        if type(value) in (list, dict, np.ndarray):
            self.seen.append(value)
        return value

    def _items(self, node: dict) -> list:
        items = node.get("v")
        if type(items) is not list:
            raise WireError("a container without its items")
        return items

    def _value(self, tag: str, node: dict, depth: int) -> Any:
        if tag == "list":
            return [self.decode(v, depth + 1) for v in self._items(node)]
        if tag == "tuple":
            return tuple(self.decode(v, depth + 1) for v in self._items(node))
        if tag == "dict":
            pairs = self._items(node)
            if any(type(p) is not list or len(p) != 2 for p in pairs):
                raise WireError("a dict entry that is not a pair")
            out = {}
            for k, v in pairs:
                key = self.decode(k, depth + 1)
                try:
                    out[key] = self.decode(v, depth + 1)
                except TypeError:
                    raise WireError("a dict key that cannot be hashed") from None
            return out
        if tag in ("set", "frozenset"):
            try:
                items = {self.decode(v, depth + 1) for v in self._items(node)}
            except TypeError:
                raise WireError("a set item that cannot be hashed") from None
            return items if tag == "set" else frozenset(items)
        if tag == "complex":
            re, im = self._items(node)
            if type(re) not in (int, float) or type(im) not in (int, float):
                raise WireError("a complex number without two real parts")
            return complex(re, im)
        if tag == "bytes":
            return bytes(self._buffer(node))
        if tag in ("nd", "np"):
            return self._array(tag, node)
        if tag == "ndo":
            shape = self._shape(node)
            items = [self.decode(v, depth + 1) for v in self._items(node)]
            if len(items) != math.prod(shape):
                raise WireError("an object array whose items do not fill its shape")
            array = np.empty(len(items), dtype=object)
            array[:] = items if items else []
            return array.reshape(shape)
        raise WireError(f"an unknown tag {tag!r}")

    def _buffer(self, node: dict) -> bytearray:
        index = node.get("b")
        if type(index) is not int or not 0 <= index < len(self.buffers):
            raise WireError("a reference to a missing buffer")
        return self.buffers[index]

    def _shape(self, node: dict) -> tuple[int, ...]:
        shape = node.get("shape")
        if type(shape) is not list or len(shape) > 32 or any(type(n) is not int or n < 0 for n in shape):
            raise WireError("an array with an invalid shape")
        return tuple(shape)

    def _array(self, tag: str, node: dict) -> Any:
        try:
            dtype = np.dtype(node.get("dtype"))
        except (TypeError, ValueError):
            raise WireError(f"an unknown dtype {node.get('dtype')!r}") from None
        if dtype.kind not in ARRAY_KINDS or dtype.fields is not None or dtype.subdtype is not None or dtype.hasobject:
            raise WireError(f"an array of dtype {dtype} (only numbers, booleans and text may cross)")
        shape, data = self._shape(node), self._buffer(node)
        if len(data) != math.prod(shape) * dtype.itemsize:
            raise WireError("an array whose data does not match its shape and dtype")
        array = np.frombuffer(data, dtype=dtype).reshape(shape)  # writable: it views a bytearray
        if tag == "np":
            if shape != ():
                raise WireError("a numpy scalar with a shape")
            return array[()]
        return array

    def _original(self, node: dict, depth: int) -> Any:
        index = node.get("i")
        if type(index) is not int or not 0 <= index < len(self.originals):
            raise WireError("a reference to an object this side never sent")
        original = self.originals[index]
        if "v" not in node or node["v"] is None:  # unchanged
            return original
        inner = node["v"]
        if type(inner) is not dict or inner.get("$") not in ("list", "dict", "nd"):
            raise WireError("an original object that came back as something else")
        fresh = self._value(inner["$"], inner, depth)
        if type(fresh) is not type(original):
            raise WireError("an original object that came back as another type")
        if type(original) is np.ndarray:
            if fresh.shape == original.shape and fresh.dtype == original.dtype:
                if original.flags.writeable:  # the other side sends the data only when it changed
                    original[...] = fresh
                return original
            return fresh  # reshaped or retyped in place: give the new value, not the old object
        if type(original) is dict:
            original.clear()
            original.update(fresh)
        else:
            original[:] = fresh
        return original
