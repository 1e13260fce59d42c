"""Repository gates: layout, clean notebooks, nothing machine-made committed, links that resolve."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT

from course import notebooks

ASSIGNMENTS = notebooks.assignments(ROOT / "source")
SOURCE_NOTEBOOKS = sorted((ROOT / "source").glob("*/*.ipynb"))
RELEASE_NOTEBOOKS = sorted((ROOT / "release").glob("*/*.ipynb"))


def test_layout():
    for path in ("course/__init__.py", "source", "release", "solutions", "nbgrader_config.py",
                 "environment.yml", "README.md", "Makefile", "tests", "benchmarks", ".ci/run",
                 "pyproject.toml", "postBuild", "source/header.ipynb"):
        assert (ROOT / path).exists(), f"missing {path}"
    assert ASSIGNMENTS[0] == "00_start_here"
    for name in ASSIGNMENTS:
        assert (ROOT / "source" / name / f"{name}.ipynb").is_file(), f"source/{name}/{name}.ipynb missing"
        assert (ROOT / "release" / name / f"{name}.ipynb").is_file(), f"run `make release` ({name})"
        assert (ROOT / "solutions" / name / f"{name}.ipynb").is_file(), f"run `make release` ({name})"


@pytest.mark.parametrize("path", SOURCE_NOTEBOOKS + RELEASE_NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_source_and_release_notebooks_are_stored_without_outputs(path: Path):
    assert not notebooks.has_outputs(notebooks.read(path)), f"{path.relative_to(ROOT)} has outputs: clear them"


@pytest.mark.parametrize("path", SOURCE_NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_grade_ids_are_unique_and_say_what_they_test(path: Path):
    ids = [notebooks.nbgrader_meta(c).get("grade_id") for c in notebooks.read(path).cells]
    ids = [i for i in ids if i]
    assert len(ids) == len(set(ids)), f"duplicate grade_id in {path.name}"
    for grade_id in ids:
        assert not re.fullmatch(r"cell-[0-9a-f]+", grade_id), f"{grade_id}: name the cell for what it is"


@pytest.mark.parametrize("path", SOURCE_NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_graded_notebooks_are_split_by_trust(path: Path):
    """Grading runs the course's cells apart from the learner's (course.grading.runner): in a graded
    notebook every code cell is an answer cell or a locked course cell, and tests draw their inputs
    from their own generators (checks.rng), not numpy's global state, which learner code shares."""
    nb = notebooks.read(path)
    if not any(notebooks.nbgrader_meta(c).get("grade") for c in nb.cells):
        return
    for cell in nb.cells:
        meta = notebooks.nbgrader_meta(cell)
        if cell.cell_type != "code":
            continue
        assert meta.get("solution") or (meta.get("locked") and meta.get("grade_id")), (
            f"{path.name}: a code cell that is neither an answer nor a locked course cell:\n{cell.source[:80]}")
        if meta.get("grade"):
            draws = set(re.findall(r"np\.random\.(\w+)", cell.source)) - {"seed", "get_state", "default_rng"}
            assert not draws, f"{meta['grade_id']} draws from numpy's global random state: {draws}"


def _tracked_files() -> list[str]:
    try:
        out = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    return out.stdout.splitlines()


def test_nothing_machine_made_is_committed():
    bad = re.compile(r"(gradebook\.db|\.ipynb_checkpoints/|__pycache__/|\.pyc$|Untitled.*\.ipynb$|"
                     r"^\.venv/|^my-work/|\.nbgrader\.log$|^submitted/|^autograded/|^feedback/)")
    offenders = [f for f in _tracked_files() if bad.search(f)]
    assert not offenders, f"machine-made files are tracked: {offenders}"


def test_nothing_reads_outside_the_repository():
    # A learner's clone has only the repository: no code may reach for the authoring material.
    needle = "shared" + "/seeds"
    for folder in ("course", "tests", "benchmarks", "source"):
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and path.suffix in {".py", ".ipynb", ".yaml", ".yml"}:
                assert needle not in path.read_text(errors="ignore"), f"{path} refers to {needle}"


LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")


def _markdown_sources():
    for path in [ROOT / "README.md", *SOURCE_NOTEBOOKS]:
        if path.suffix == ".ipynb":
            text = "\n".join(c.source for c in notebooks.read(path).cells if c.cell_type == "markdown")
        else:
            text = path.read_text()
        yield path, text


def test_local_links_and_images_resolve():
    checked = 0
    for path, text in _markdown_sources():
        for target in LINK.findall(text):
            if re.match(r"[a-z]+:", target) or target.startswith("#"):
                continue
            resolved = (path.parent / target.split("#")[0]).resolve()
            assert resolved.exists(), f"{path.relative_to(ROOT)} links to missing {target}"
            checked += 1
    assert checked > 0, "no local links found: is the README's screenshot missing?"
