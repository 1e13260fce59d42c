"""Flag submissions for a human to review: code that reaches for the grader's machinery.

The grades do not depend on this scan (the tests run where the learner's code cannot reach, see
:mod:`course.grading.runner`); it tells the instructor who tried. It reads the learner's cells
(every code cell the course did not write) and reports, once each: replacing attributes of numpy,
the course or other modules; rebinding the course's names or Python's builtins; comparison and
array-protocol methods on classes; IPython hooks (input transformers, custom exception handlers);
frame, garbage-collector and interpreter introspection; process control and raw system access.
"""

from __future__ import annotations

import ast
import builtins
import re

from nbformat import NotebookNode

HOOK_ATTRIBUTES = {
    "input_transformers_cleanup": "installs an IPython input transformer",
    "input_transformers_post": "installs an IPython input transformer",
    "input_transformer_manager": "installs an IPython input transformer",
    "set_custom_exc": "installs an IPython exception handler",
    "events": "registers IPython event callbacks",
    "excepthook": "replaces sys.excepthook",
    "displayhook": "replaces the display hook",
    "f_back": "walks the call stack",
    "f_globals": "reads another frame's globals",
    "f_locals": "reads another frame's locals",
    "_getframe": "walks the call stack",
    "currentframe": "walks the call stack",
    "__subclasses__": "enumerates classes",
    "__globals__": "reads a function's globals",
    "__code__": "rewrites a function's code",
    "__builtins__": "touches __builtins__",
    "settrace": "installs a trace function",
    "setprofile": "installs a profile function",
    "get_objects": "searches the garbage collector",
    "get_referrers": "searches the garbage collector",
    "_exit": "ends the process directly",
}
MODULE_ATTRIBUTES = {("sys", "modules"): "edits sys.modules", ("sys", "exit"): "exits the process",
                     ("os", "kill"): "signals processes", ("os", "system"): "runs shell commands",
                     ("inspect", "stack"): "walks the call stack"}
SUSPICIOUS_IMPORTS = {"inspect", "gc", "ctypes", "builtins", "importlib", "signal", "subprocess", "socket",
                      "threading", "multiprocessing", "atexit", "pty", "traceback", "dis", "code", "codeop"}
SUSPICIOUS_CALLS = {"get_ipython": "calls get_ipython()", "exec": "calls exec()", "eval": "calls eval()",
                    "compile": "calls compile()", "__import__": "calls __import__()",
                    "globals": "reads globals()", "vars": "reads vars()"}
COMPARISON_METHODS = {"__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__", "__bool__", "__array__",
                      "__array_ufunc__", "__array_function__", "__array_priority__", "__array_interface__",
                      "__float__", "__abs__", "__instancecheck__"}
BUILTIN_NAMES = set(dir(builtins))


def _defined_names(sources: list[str]) -> set[str]:
    names: set[str] = set()
    for source in sources:
        tree = _parse(source)
        if tree is None:
            continue
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names |= {(a.asname or a.name).split(".")[0] for a in node.names}
            elif isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node in tree.body:
                names.add(node.name)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store) and node.col_offset == 0:
                names.add(node.id)
    return names


def _parse(source: str) -> ast.Module | None:
    # IPython syntax (magics, shell escapes) is blanked so that the rest can be read.
    text = re.sub(r"(?m)^\s*[%!].*$", "", source)
    try:
        return ast.parse(text)
    except SyntaxError:
        return None


def _dotted(node: ast.AST) -> str | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        return ".".join([node.id, *reversed(parts)])
    return None


def scan_source(source: str, protected: set[str], modules: set[str]) -> list[str]:
    """Findings for one learner cell. ``protected``: names the course defines; ``modules``: module aliases."""
    tree = _parse(source)
    if tree is None:
        return []
    found: list[str] = []
    aliases = set(modules)
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                top = (node.module if isinstance(node, ast.ImportFrom) else alias.name) or ""
                if top.split(".")[0] in SUSPICIOUS_IMPORTS:
                    found.append(f"imports {top}")
                if isinstance(node, ast.Import):
                    aliases.add((alias.asname or alias.name).split(".")[0])
                elif top.split(".")[0] in modules:  # from course import checks as _c: _c is a module too
                    aliases.add(alias.asname or alias.name)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            why = HOOK_ATTRIBUTES.get(node.attr)
            base = _dotted(node.value)
            if why:
                found.append(why)
            if base and (base.split(".")[0], node.attr) in MODULE_ATTRIBUTES:
                found.append(MODULE_ATTRIBUTES[(base.split(".")[0], node.attr)])
            if isinstance(node.ctx, (ast.Store, ast.Del)) and base and base.split(".")[0] in aliases | protected:
                found.append(f"replaces {base}.{node.attr}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id in SUSPICIOUS_CALLS:
                found.append(SUSPICIOUS_CALLS[node.func.id])
            if node.func.id in ("setattr", "delattr") and node.args:
                target = _dotted(node.args[0])
                if target and target.split(".")[0] in aliases | protected:
                    found.append(f"replaces an attribute of {target} with {node.func.id}()")
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name in COMPARISON_METHODS:
            found.append(f"defines {node.name}")
        elif isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)) and node in tree.body:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for name in ast.walk(target):
                    if isinstance(name, ast.Name) and isinstance(name.ctx, ast.Store) and \
                            name.id in (protected | BUILTIN_NAMES):
                        found.append(f"rebinds {name.id}")
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node in tree.body and \
                node.name in (protected | BUILTIN_NAMES):
            found.append(f"rebinds {node.name}")
    return list(dict.fromkeys(found))


def scan_notebook(nb: NotebookNode, trusted: dict[str, NotebookNode], contract: list[str]) -> list[str]:
    """Findings for every learner cell of ``nb``, as 'cell <id>: <finding>' lines."""
    protected = _defined_names([cell.source for cell in trusted.values()]) - set(contract)
    modules = {"np", "numpy", "course", "checks", "plots", "quiz", "math", "builtins"}
    flags = []
    for index, cell in enumerate(nb.cells):
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if cell.cell_type != "code" or grade_id in trusted:
            continue
        for finding in scan_source(cell.source, protected, modules):
            flags.append(f"cell {grade_id or index}: {finding}")
    return flags
