"""The learner's and the developer's environments come from one set of pins."""

from __future__ import annotations

import re
import tomllib

import yaml
from conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
RUNTIME = PYPROJECT["project"]["dependencies"]
EXTRAS = PYPROJECT["project"]["optional-dependencies"]
SELF = PYPROJECT["project"]["name"]
DEV = [r for r in EXTRAS["dev"] if not r.startswith(f"{SELF}[")]  # the dev extra includes the grading one
GRADING = EXTRAS["grading"]


def _name(requirement: str) -> str:
    return re.split(r"[=<>!~\[ ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_every_package_is_pinned_exactly():
    assert EXTRAS["dev"][0] == f"{SELF}[grading]", "the dev environment must include the grading tools"
    for req in RUNTIME + DEV + GRADING:
        assert re.fullmatch(r"[A-Za-z0-9_.\-]+(\[[a-z0-9,_-]+\])?==[0-9][0-9A-Za-z.]*", req), f"not an exact pin: {req}"


def test_binder_environment_repeats_the_runtime_pins():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert env["channels"] == ["conda-forge"]
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert any(re.fullmatch(r"python=3\.1[1-9]", d) for d in conda), f"Python not pinned: {conda}"
    assert "pip" in conda
    assert sorted(pip) == sorted(RUNTIME), (
        "environment.yml's pip section and pyproject.toml's dependencies disagree:\n"
        f"only in environment.yml: {sorted(set(pip) - set(RUNTIME))}\n"
        f"only in pyproject.toml: {sorted(set(RUNTIME) - set(pip))}"
    )


def test_binder_uses_environment_yml_alone():
    # Binder ignores requirements.txt when environment.yml exists: one file must say it all.
    for ignored in ("requirements.txt", "Dockerfile", "runtime.txt"):
        assert not (ROOT / ignored).exists(), f"{ignored} would confuse Binder; pins live in pyproject.toml"


def test_dev_tools_never_reach_the_learner():
    runtime = {_name(r) for r in RUNTIME}
    for tool in ("pytest", "pytest-xdist", "ruff", "scikit-learn", "scipy", "torch", "playwright", "dask"):
        assert tool not in runtime, f"{tool} is a dev-only dependency"
        assert tool in {_name(r) for r in DEV + GRADING}, f"{tool} missing from the dev or grading extra"
    assert "torch==2.13.0" in DEV, "torch must be pinned to the CPU build 2.13.0"


def test_runtime_has_what_the_notebooks_need():
    runtime = {_name(r) for r in RUNTIME}
    assert {"jupyterlab", "nbgrader", "ipywidgets", "numpy", "matplotlib", "pyyaml"} <= runtime


def test_postbuild_installs_the_package_and_hides_instructor_tools():
    text = (ROOT / "postBuild").read_text()
    assert (ROOT / "postBuild").stat().st_mode & 0o111, "postBuild must be executable"
    assert "pip install --no-deps -e ." in text
    for plugin in ("formgrader", "create-assignment", "course-list"):
        assert plugin in text, f"postBuild must disable nbgrader's {plugin} lab extension"
    assert "labextension disable" in text
    for ext in ("formgrader", "course_list"):
        assert ext in text, f"postBuild must disable nbgrader's {ext} server extension"
    assert "validate" not in text, "learners keep the Validate button"


def test_makefile_puts_the_venv_on_path_and_installs_from_pins():
    text = (ROOT / "Makefile").read_text()
    assert re.search(r"^export PATH := \$\(BIN\):\$\(PATH\)", text, re.M)
    assert "-e '.[dev]'" in text and "-e ." in text
    for target in ("lab", "release", "test", "help"):
        assert re.search(rf"^{target}:", text, re.M), f"Makefile lacks `make {target}`"


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in readme
    assert re.search(r"^\s*make test\b", ci, re.M), ".ci/run must call `make test`"
