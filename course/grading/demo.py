"""A demo cohort for Round 2: correct, partly correct, buggy, blank, tampered, looping, crashing and
malformed submissions, built from the course's own notebooks (``python -m course demo``).

Every tampered submission names its base: the same submission without the trick. Grading must
never give a trick more than its base (the tests check it); stock nbgrader gives several of them
full marks. Tricks are flagged for review too, except those marked ``quiet``: plain Python that no
scan can tell from an honest answer. ``cohort.json`` at the course root lists who is what.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import nbformat
from nbformat import NotebookNode

from course.grading.cohort import run_nbgrader

ASSIGNMENT = "02_coding"
SOLUTION_MARKERS = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[ \t]*\n", re.M)

# Classic bugs, as (grade id, text in the model answer, replacement).
BUGS = {
    "attention-unscaled": ("attention", "    Q = Q * d_k**-0.5\n", ""),
    "attention-unstable": ("attention", "        scores -= row_max\n", ""),
    "adam-no-bias-correction": ("optimizer", "m_hat = m / (1 - b1**self.t)", "m_hat = m"),
    "kmeans-uniform-seeding": ("kmeans", "cumulative = np.cumsum(closest)",
                               "cumulative = np.cumsum(np.ones_like(closest))"),
    "entropy-natural-log": ("decision_tree", "np.log2(p)", "np.log(p)"),
    "knn-nearest-only": ("knn", "nearest = np.argpartition(d2, self.k - 1, axis=1)[:, : self.k]",
                         "nearest = d2.argmin(axis=1)[:, None]"),
}

# Tricks that fool a grader running the tests in the learner's kernel. Each is code a learner adds
# to their first answer cell; "{root}" is the course folder (the worst case: they know it).
TRICKS = {
    "always-equal": '''
class _Yes(np.ndarray):
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    def __lt__(self, other): return True
    def __le__(self, other): return True
    def __gt__(self, other): return True
    def __ge__(self, other): return True
    def __bool__(self): return True
    def __array_function__(self, func, types, args, kwargs): return True
def _yes(*args, **kwargs):
    return np.zeros(3).view(_Yes)
def scaled_dot_product_attention(Q, K, V, mask=None):
    return _yes(), _yes()
multi_head_attention = _yes
''',
    "patch-numpy": '''
np.allclose = lambda *a, **k: True
np.array_equal = lambda *a, **k: True
np.isclose = lambda a, b, *r, **k: np.ones(np.broadcast(np.asarray(a), np.asarray(b)).shape, bool)
np.isfinite = lambda x, *a, **k: np.ones(np.shape(x), bool)
np.testing.assert_allclose = lambda *a, **k: None
np.testing.assert_array_equal = lambda *a, **k: None
''',
    "patch-checks": '''
import course.checks
for _name in dir(course.checks):
    if _name.startswith(("check", "expect")):
        setattr(course.checks, _name, lambda *a, **k: None)
course.checks.fail = lambda *a, **k: None
checks = course.checks
def scaled_dot_product_attention(Q, K, V, mask=None):
    return np.zeros(1), np.zeros(1)
def multi_head_attention(*args, **kwargs):
    return np.zeros(1)
''',
    "input-transformer": '''
get_ipython().input_transformers_cleanup.append(lambda lines: ["pass\\n"])
''',
    "swallow-errors": '''
get_ipython().set_custom_exc((BaseException,), lambda *args, **kwargs: None)
''',
    "frame-walk": '''
import inspect
def _grader(name):
    for frame in inspect.stack():
        if name in frame.frame.f_globals:
            return frame.frame.f_globals[name]
def scaled_dot_product_attention(Q, K, V, mask=None):
    return _grader("_reference_attention")(Q, K, V, mask)
def multi_head_attention(X, W_q, W_k, W_v, W_o, num_heads, mask=None):
    return _grader("_reference_mha")(X, W_q, W_k, W_v, W_o, num_heads, mask)
''',
    "builtins": '''
import builtins
builtins.AssertionError = type("AssertionError", (Exception,), {})
builtins.isinstance = lambda *a: True
import sys
sys.excepthook = lambda *a: None
''',
    "escape": '''
import os, glob
for _path in ["{root}/gradebook.db", "{root}/nbgrader_config.py", *glob.glob("{root}/source/*/*.ipynb"),
              *glob.glob("{root}/submitted/*/*/*.ipynb"), "{root}/grades.csv"]:
    try:
        with open(_path, "w") as _f:
            _f.write("pwned")
    except OSError:
        pass
try:
    os.kill(os.getppid(), 9)
except OSError:
    pass
''',
}

POISON_LABELS = """        if isinstance(y, np.ndarray) and y.dtype.kind in "iu" and y.flags.writeable:
            y[...] = y.min()  # every label the same: a reference computed from y now agrees
"""

SCRIPTED_MARKDOWN = """My notes <script>document.title = "scripted"</script>
<img src="x" onerror="document.title = 'scripted'"> [see](javascript:document.title='scripted')"""


def solved(source: NotebookNode) -> dict[str, str]:
    """The model answer of every solution cell, without the solution markers."""
    return {c.metadata["nbgrader"]["grade_id"]: SOLUTION_MARKERS.sub("", c.source) for c in source.cells
            if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("solution")}


def fill(release: NotebookNode, answers: dict[str, str], extra: str = "", into: str = "attention") -> NotebookNode:
    """A submission: the released notebook with these answers filled in, and ``extra`` code added to
    the answer cell ``into``."""
    nb = nbformat.from_dict(json.loads(nbformat.writes(release)))
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
        if grade_id == into and extra:
            cell.source += "\n" + extra
    return nb


def _copied_cells(nb: NotebookNode) -> NotebookNode:
    """A correct submission as Jupyter leaves it after a copied and a split answer cell: both copies
    carry the original's grading metadata."""
    for grade_id, first_part in (("knn", None), ("attention", "import numpy as np\n")):
        index = next(i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)
        twin = nbformat.from_dict(json.loads(json.dumps(nb.cells[index])))
        twin.id = f"{grade_id}-twin"
        if first_part is not None:
            twin.source = first_part
        nb.cells.insert(index, twin)
    return nb


def _edit_tests(nb: NotebookNode) -> NotebookNode:
    """Edit, delete and re-label the test cells, and pre-fill passing outputs."""
    tests = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
    for cell in tests[::3]:
        cell.source = "pass"
        cell.metadata["nbgrader"]["points"] = 100
    for cell in tests[1::3]:
        cell.metadata["nbgrader"].update(solution=True, grade=False, locked=False)
        cell.source = "print('ok')"
    doomed = {id(c) for c in tests[2::3]}
    nb.cells = [c for c in nb.cells if id(c) not in doomed]
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="ok\n")]
            cell.execution_count = 1
    return nb


def build(course: Path, assignment: str = ASSIGNMENT) -> dict[str, dict]:
    """Write the demo cohort into ``course/submitted`` and return who is what (also in cohort.json)."""
    course = Path(course).resolve()
    source = nbformat.read(str(course / "source" / assignment / f"{assignment}.ipynb"), as_version=4)
    release = nbformat.read(str(course / "release" / assignment / f"{assignment}.ipynb"), as_version=4)
    answers = solved(source)
    cohort: dict[str, tuple[NotebookNode | str, dict]] = {}
    for i in range(1, 4):
        nb = fill(release, answers)
        nb.cells.insert(i, nbformat.v4.new_code_cell(f"# scratch work {i}\nprint({i} * 7)"))
        cohort[f"correct-{i}"] = (nb, {"kind": "correct"})
    cohort["correct-copied-cells"] = (_copied_cells(fill(release, answers)), {"kind": "correct"})
    for i, missing in enumerate([["knn"], ["decision_tree", "optimizer"], ["kmeans", "knn"],
                                 ["attention", "multi_head_attention", "batchnorm_backward"]], start=1):
        partial = {k: v for k, v in answers.items() if k not in missing}
        cohort[f"partial-{i}"] = (fill(release, partial), {"kind": "partly correct", "missing": missing})
    for name, (grade_id, old, new) in BUGS.items():
        assert old in answers[grade_id], f"the bug {name} no longer applies to the model answer"
        cohort[f"buggy-{name}"] = (fill(release, {**answers, grade_id: answers[grade_id].replace(old, new)}),
                                   {"kind": "buggy"})
    cohort["blank-1"] = (fill(release, {}), {"kind": "blank"})
    for trick, code in TRICKS.items():
        extra = code.replace("{root}", str(course))
        cohort[f"tampered-{trick}"] = (fill(release, {}, extra), {"kind": "tampered", "base": "blank-1"})
    for trick in ("patch-numpy", "input-transformer"):
        partial = {k: v for k, v in answers.items() if k != "knn"}
        cohort[f"tampered-partial-{trick}"] = (fill(release, partial, TRICKS[trick], into="knn"),
                                               {"kind": "tampered", "base": "partial-1"})
    cohort["tampered-edited-tests"] = (_edit_tests(fill(release, {})), {"kind": "tampered", "base": "blank-1"})
    scripted = fill(release, {})  # markdown that would run script in the browser of whoever opens the feedback
    scripted.cells.insert(2, nbformat.v4.new_markdown_cell(SCRIPTED_MARKDOWN))
    cohort["tampered-scripted-markdown"] = (scripted, {"kind": "tampered", "base": "blank-1", "quiet": True})
    # A wrong answer that overwrites the test's own labels, so that a reference computed from them
    # afterwards would agree with it. Plain Python: nothing to flag, so the tests must not be fooled.
    grade_id, old, new = BUGS["knn-nearest-only"]
    anchor = "        self.X_ = np.asarray(X, dtype=np.float64)\n"
    assert anchor in answers[grade_id], "the poisoning trick no longer applies to the model answer"
    poisoned = answers[grade_id].replace(old, new).replace(anchor, POISON_LABELS + anchor)
    cohort["tampered-poisoned-labels"] = (fill(release, {**answers, grade_id: poisoned}),
                                          {"kind": "tampered", "base": "buggy-knn-nearest-only", "quiet": True})
    endless = answers["knn"].replace("        X = np.asarray(X, dtype=np.float64)\n        train_sq",
                                     "        while True:\n            pass\n        train_sq")
    cohort["ungradable-endless-loop"] = (fill(release, {**answers, "knn": endless}), {"kind": "ungradable"})
    cohort["ungradable-exits"] = (fill(release, answers, "import os\nos._exit(1)\n", into="knn"),
                                  {"kind": "ungradable"})
    cohort["malformed-json"] = ('{"cells": [ this is not a notebook', {"kind": "malformed"})
    cohort["malformed-schema"] = (json.dumps({"cells": "none", "nbformat": 4, "nbformat_minor": 5}),
                                  {"kind": "malformed"})
    manifest = {}
    for student, (nb, info) in cohort.items():
        folder = course / "submitted" / student / assignment
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{assignment}.ipynb"
        if isinstance(nb, str):
            target.write_text(nb)
        else:
            nbformat.write(nb, str(target))
        manifest[student] = info
    (course / "cohort.json").write_text(json.dumps(manifest, indent=1) + "\n")
    return manifest


def new_course(target: Path, origin: Path, assignment: str = ASSIGNMENT, config: str = "") -> Path:
    """A fresh course folder at ``target`` (replaced if it exists): ``origin``'s source notebooks and
    ``nbgrader_config.py`` with ``config`` appended, and ``assignment`` generated into the gradebook."""
    target = Path(target).resolve()
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    shutil.copytree(Path(origin) / "source", target / "source")
    (target / "nbgrader_config.py").write_text((Path(origin) / "nbgrader_config.py").read_text() + config)
    run_nbgrader(target, "generate_assignment", assignment, "--force")
    return target


def prepare(target: Path, origin: Path, assignment: str = ASSIGNMENT) -> dict[str, dict]:
    """A fresh course folder at ``target`` (see :func:`new_course`) with the demo cohort submitted."""
    # A 10 s limit per cell, so the demo's endless loop does not hold it up for the usual 120 s.
    return build(new_course(target, origin, assignment, "\nc.ReplayExecute.timeout = 10\n"), assignment)
