"""Loading the course's YAML data files with validation that names the file, record and field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"
# libyaml's safe loader when PyYAML has it (it parses the question bank ten times faster).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DataError(ValueError):
    """A data file is malformed; the message names the file, the record and the field."""

    def __init__(self, path: Path | str, record: str | None, field: str | None, problem: str):
        self.path, self.record, self.field, self.problem = Path(path), record, field, problem
        where = Path(path).name
        if record is not None:
            where += f", {record}"
        if field is not None:
            where += f", field '{field}'"
        super().__init__(f"{where}: {problem}")


def load_yaml(path: Path | str) -> Any:
    """Parse a YAML file, turning syntax errors into a DataError with the line number."""
    path = Path(path)
    if not path.is_absolute():
        path = DATA_DIR / path
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataError(path, None, None, f"cannot read the file ({exc.strerror})") from exc
    try:
        return yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" at line {mark.line + 1}" if mark is not None else ""
        raise DataError(path, None, None, f"invalid YAML{line}: {getattr(exc, 'problem', exc)}") from exc


class Record:
    """Typed access to one mapping of a data file, raising DataError on a bad field."""

    def __init__(self, path: Path, label: str, data: Any):
        if not isinstance(data, dict):
            raise DataError(path, label, None, f"expected a mapping, got {type(data).__name__}")
        self.path, self.label, self.data = path, label, data

    def fail(self, field: str, problem: str) -> DataError:
        return DataError(self.path, self.label, field, problem)

    def get(self, field: str, kind: type | tuple[type, ...], *, default: Any = ..., nonempty: bool = True) -> Any:
        """The field's value, checked to be of ``kind`` (and non-empty for str/list by default)."""
        if field not in self.data:
            if default is not ...:
                return default
            raise self.fail(field, "missing")
        value = self.data[field]
        if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
            raise self.fail(field, f"expected {_name(kind)}, got a boolean")
        if not isinstance(value, kind):
            raise self.fail(field, f"expected {_name(kind)}, got {type(value).__name__}")
        if nonempty and isinstance(value, (str, list)) and not value:
            raise self.fail(field, "must not be empty")
        return value

    def strings(self, field: str, *, default: Any = ..., nonempty: bool = True) -> list[str]:
        """A list of non-empty strings."""
        values = self.get(field, list, default=default, nonempty=nonempty)
        for item in values:
            if not isinstance(item, str) or not item.strip():
                raise self.fail(field, f"every item must be a non-empty string, got {item!r}")
        return list(values)

    def unknown(self, allowed: set[str]) -> None:
        """Reject fields the schema does not know (a typo such as 'anwser')."""
        extra = sorted(set(self.data) - allowed)
        if extra:
            raise self.fail(extra[0], f"unknown field (allowed: {', '.join(sorted(allowed))})")


def _name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join({"str": "text", "list": "a list", "dict": "a mapping", "int": "an integer",
                        "float": "a number"}.get(k.__name__, k.__name__) for k in kinds)
