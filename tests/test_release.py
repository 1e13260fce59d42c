"""The committed release/ and solutions/ are exactly what `make release` makes from source/."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT

from course import notebooks, release

pytestmark = pytest.mark.slow


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                  if p.is_file() and ".ipynb_checkpoints" not in p.parts)


def _cells(path: Path) -> list[tuple[str, str, dict]]:
    nb = notebooks.read(path)
    return [(c.cell_type, c.source, c.metadata.get("nbgrader", {})) for c in nb.cells]


def test_committed_release_and_solutions_match_a_fresh_build(course_copy: Path):
    release.build(course_copy)
    stale = []
    for kind in ("release", "solutions"):
        fresh, committed = course_copy / kind, ROOT / kind
        if _files(fresh) != _files(committed):
            stale.append(f"{kind}/: files differ: {sorted(set(_files(fresh)) ^ set(_files(committed)))}")
            continue
        for name in _files(fresh):
            a, b = fresh / name, committed / name
            if name.endswith(".ipynb"):
                if kind == "release":
                    same = json.loads(a.read_text()) == json.loads(b.read_text())
                else:  # executed: compare the cells; outputs are checked below
                    same = _cells(a) == _cells(b)
            else:
                same = a.read_bytes() == b.read_bytes()
            if not same:
                stale.append(f"{kind}/{name}")
    assert not stale, "out of date, run `make release`: " + ", ".join(stale)


@pytest.mark.parametrize("path", sorted((ROOT / "solutions").glob("*/*.ipynb")), ids=lambda p: p.parent.name)
def test_solutions_are_executed_without_errors(path: Path):
    nb = notebooks.read(path)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count is not None for c in code), f"{path.name}: not executed"
    for cell in code:
        assert not [o for o in cell.outputs if o.output_type == "error"], f"{path.name}: an error output"
    assert "### BEGIN" not in "".join(c.source for c in nb.cells), "solution or hidden-test markers left"
    assert "widgets" not in nb.metadata, "widget state changes on every run: strip it (notebooks.strip_widgets)"
