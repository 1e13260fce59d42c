"""Checking helpers behind every test cell: one short message with what was expected, what came
back, and the likely cause.

Each check raises :class:`CheckFailure` (an ``AssertionError``), so nbgrader scores the cell as
failed and the learner reads a single line instead of a traceback into numpy. Order of the checks
follows what a learner gets wrong first: the type, then the shape, then finiteness, then values.

Used in: 02_coding (every exercise), and the other rounds' exercises.
"""

from __future__ import annotations

import contextlib
import copy
import math
import warnings
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import numpy as np

from course.colocate import colocated

# Trusted references bound at import time: a learner's cell that later replaces numpy's functions
# cannot change how the checks compare.
_asarray = np.asarray
_isfinite = np.isfinite
_abs = np.abs
_array_equal = np.array_equal
_ndarray = np.ndarray
_float64 = np.float64


class CheckFailure(AssertionError):
    """A failed check: the message says what was expected, what came back, and the likely cause."""


def fail(what: str, expected: Any, got: Any, hint: str | None = None) -> CheckFailure:
    """Build the failure: ``what``: expected ..., got .... Likely cause: ..."""
    message = f"{what}: expected {expected}, got {got}."
    if hint:
        message += f" Likely cause: {hint}"
    return CheckFailure(message)


def expect(condition: bool, what: str, expected: Any, got: Any, hint: str | None = None) -> None:
    """Raise the failure unless ``condition`` holds."""
    __tracebackhide__ = True  # pytest and IPython's debugger skip this frame
    if not condition:
        raise fail(what, expected, got, hint)


def describe(value: Any) -> str:
    """A short description of a value for a message: its type, with shape and dtype for arrays."""
    if isinstance(value, _ndarray):
        return f"an array of shape {tuple(value.shape)} and dtype {value.dtype}"
    if value is None:
        return "None (did the function forget to `return`?)"
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of length {len(value)}"
    return f"{type(value).__name__} {short(value)}"


def short(value: Any, limit: int = 60) -> str:
    """repr() cut to ``limit`` characters."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def check_type(value: Any, kind: type | tuple[type, ...], name: str, hint: str | None = None) -> None:
    """``value`` is an instance of ``kind``."""
    __tracebackhide__ = True  # pytest and IPython's debugger skip this frame
    if not isinstance(value, kind):
        kinds = kind if isinstance(kind, tuple) else (kind,)
        wanted = " or ".join("a NumPy array" if k is _ndarray else k.__name__ for k in kinds)
        raise fail(name, wanted, describe(value), hint)


def check_array(
    got: Any,
    expected: Any = None,
    *,
    name: str = "output",
    shape: tuple[int, ...] | None = None,
    rtol: float = 1e-7,
    atol: float = 1e-9,
    hint: str | None = None,
    exact: bool = False,
) -> np.ndarray:
    """Check a NumPy array: type, shape, finiteness, then values against ``expected``.

    ``hint`` is the likely cause shown when the values differ. Returns ``got`` as float64.
    """
    __tracebackhide__ = True  # pytest and IPython's debugger skip this frame
    if not isinstance(got, _ndarray):
        trap = "np.ndarray, not a Python list" if isinstance(got, (list, tuple)) else None
        raise fail(name, "a NumPy array", describe(got),
                   f"build the result with NumPy operations ({trap})" if trap else None)
    ref = None if expected is None else _asarray(expected)
    want = tuple(shape) if shape is not None else (None if ref is None else tuple(ref.shape))
    if want is not None and tuple(got.shape) != want:
        raise fail(f"{name} shape", want, tuple(got.shape),
                   "a transpose, a missing batch dimension, or a reduction over the wrong axis")
    if got.dtype.kind not in "biuf":
        raise fail(f"{name} dtype", "a numeric dtype", str(got.dtype), "an array of Python objects")
    values = got.astype(_float64, copy=True)
    finite = _isfinite(values)
    if not finite.all():
        index = tuple(int(i) for i in np.argwhere(~finite)[0])
        raise fail(f"{name}[{', '.join(map(str, index))}]", "a finite number", values[index],
                   "overflow in exp(): subtract the row maximum before exponentiating, or 0/0")
    if ref is None:
        return values
    ref = ref.astype(_float64, copy=True)
    if exact:
        if not _array_equal(values, ref):
            index = tuple(int(i) for i in np.argwhere(values != ref)[0])
            raise fail(f"{name}[{', '.join(map(str, index))}]", ref[index], values[index], hint)
        return values
    error = _abs(values - ref)
    bad = error > atol + rtol * _abs(ref)
    if bad.any():
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        where = f"{name}[{', '.join(map(str, index))}]" if index else name
        raise fail(where, f"{ref[index]:.6g}", f"{values[index]:.6g} (largest error {error.max():.2g})", hint)
    return values


def check_close(got: Any, expected: float, *, name: str, rtol: float = 1e-7, atol: float = 1e-9,
                hint: str | None = None) -> float:
    """Check a scalar: a real number, finite, close to ``expected``."""
    __tracebackhide__ = True  # pytest and IPython's debugger skip this frame
    if isinstance(got, _ndarray) and got.shape == ():
        got = got.item()
    if isinstance(got, bool) or not isinstance(got, (int, float, np.integer, np.floating)):
        raise fail(name, "a number", describe(got), hint if got is None else None)
    value = float(got)
    if not math.isfinite(value):
        raise fail(name, "a finite number", value, hint)
    if abs(value - expected) > atol + rtol * abs(expected):
        raise fail(name, f"{expected:.6g}", f"{value:.6g}", hint)
    return value


def check_equal(got: Any, expected: Any, *, name: str, hint: str | None = None) -> None:
    """Check equality of plain values (labels, ints, and tuples or lists of them, which ``got`` may
    give as any sequence, a NumPy array included), with the trusted expected on the left."""
    __tracebackhide__ = True  # pytest and IPython's debugger skip this frame
    if isinstance(expected, (tuple, list)) and isinstance(got, (tuple, list, _ndarray)):
        # The length first: a huge answer is never turned into a huge Python list.
        same = (not isinstance(got, _ndarray) or got.ndim == 1) and len(got) == len(expected) and all(
            _same(e, g) for e, g in zip(expected, got))
    else:
        same = _same(expected, got)
    if not same:
        raise fail(name, short(expected), short(got), hint)


def _same(expected: Any, got: Any) -> bool:
    if expected is None:
        return got is None
    result = expected == got
    return isinstance(result, (bool, np.bool_)) and bool(result)


def check_unchanged(before: Any, after: Any, *, name: str, hint: str | None = None) -> None:
    """An input the learner's code was given still holds what it held before the call (``before`` is
    the test's copy)."""
    __tracebackhide__ = True  # pytest and IPython's debugger skip this frame
    before, after = _asarray(before), _asarray(after)
    if before.shape != after.shape or before.dtype != after.dtype:
        raise fail(name, f"unchanged (shape {before.shape}, dtype {before.dtype})",
                   f"shape {after.shape}, dtype {after.dtype}", hint or "work on a copy of your inputs")
    same = (before == after) | ((before != before) & (after != after)) if before.dtype.kind in "fc" else before == after
    if not np.all(same):
        index = tuple(int(i) for i in np.argwhere(~_asarray(same))[0])
        where = f"[{', '.join(map(str, index))}]" if index else ""
        was, now = short(before[index].tolist()), short(after[index].tolist())
        raise fail(name, "unchanged", f"modified in place ({name}{where} went from {was} to {now})",
                   hint or "work on a copy of your inputs")


def check_raises(fn: Callable[[], Any], exception: type[BaseException], *, name: str,
                 hint: str | None = None) -> BaseException:
    """``fn()`` raises ``exception``."""
    __tracebackhide__ = True  # pytest and IPython's debugger skip this frame
    try:
        result = fn()
    except exception as exc:
        return exc
    except Exception as exc:
        raise fail(name, f"{exception.__name__}", f"{type(exc).__name__}: {short(str(exc))}", hint) from None
    raise fail(name, f"{exception.__name__} to be raised", f"it returned {describe(result)}", hint)


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """Silence warnings and numpy floating-point messages inside a test (nbgrader fails a test
    cell that writes to stderr)."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        yield


def copies(*values: Any) -> Any:
    """Fresh copies of test data to hand to a learner's code, so that nothing it does to its arguments
    can change the data the test computes its expectations from. One value gives one copy; several
    give a tuple."""
    fresh = tuple(copy.deepcopy(value) for value in values)
    return fresh[0] if len(fresh) == 1 else fresh


def seeded_outputs(cls: Callable, method: str, args: tuple, seeds: Iterable[int], **init: Any) -> list:
    """``[cls(random_state=s, **init).<method>(*args) for s in seeds]``, each call on fresh copies of
    ``args``, for statistical tests that need thousands of seeds: run next to the learner's code
    (see :mod:`course.colocate`)."""
    return colocated(_seeded_outputs, cls, method, tuple(args), [int(s) for s in seeds], init)


def _seeded_outputs(cls: Callable, method: str, args: tuple, seeds: list[int], init: dict) -> list:
    return [getattr(cls(random_state=seed, **init), method)(*copy.deepcopy(args)) for seed in seeds]


def fit_with(cls: Callable, X: Any, *, fixed: dict[str, Any], attributes: Iterable[str],
             **init: Any) -> tuple[list[str], list]:
    """Fit ``cls(**init)`` on a copy of ``X`` with some of its methods replaced by constants
    (``fixed``: method name -> the value it returns), e.g. k-means started from chosen centroids.
    Returns the replaced methods that ``fit`` called, and the named attributes after the fit. Runs
    next to the learner's code (see :mod:`course.colocate`)."""
    return colocated(_fit_with, cls, X, dict(fixed), list(attributes), init)


def _fit_with(cls: Callable, X: Any, fixed: dict[str, Any], attributes: list[str], init: dict) -> tuple:
    model = cls(**init)
    called: list[str] = []
    # Replaced on the class as well as on the instance, so that fit calling ``Class.method(self, X)``
    # gets the constant too; the class gets its own methods back afterwards.
    saved = {name: vars(cls)[name] for name in fixed if name in vars(cls)}
    try:
        for name, value in fixed.items():
            def constant(*args: Any, _name: str = name, _value: Any = value, **kwargs: Any) -> Any:
                called.append(_name)
                return copy.deepcopy(_value)
            setattr(cls, name, constant)
            setattr(model, name, constant)
        model.fit(copies(X))
    finally:
        for name in fixed:
            if name in saved:
                setattr(cls, name, saved[name])
            else:
                with contextlib.suppress(AttributeError):
                    delattr(cls, name)
    return sorted(set(called)), [getattr(model, name) for name in attributes]


def rng(seed: int) -> np.random.Generator:
    """The random generator tests use for their inputs."""
    return np.random.default_rng(seed)
