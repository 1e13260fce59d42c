"""``python -m course.grading.execute IN OUT``: run a notebook top to bottom, past failing cells.

Meant to run inside the sandbox. Exit codes: 0 executed (cells may have failed, as in grading; a
cell past the time limit is interrupted and fails), 3 the kernel died (``os._exit``, a crash,
memory), 4 a cell could not be interrupted, 2 unreadable notebook. The partly executed notebook
is written in every case where it could be read.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    parser.add_argument("--timeout", type=int, default=120, help="seconds per cell")
    args = parser.parse_args(argv)
    try:
        nb = nbformat.read(str(args.source), as_version=4)
    except Exception as exc:  # any parse failure: a malformed submission
        print(f"malformed notebook: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    # A cell past the time limit is interrupted and fails; the cells after it still run.
    timed_out = {"ename": "CellTimeoutError", "evalue": f"the cell ran longer than {args.timeout} s",
                 "traceback": [f"CellTimeoutError: the cell ran longer than {args.timeout} s (an infinite loop?)"]}
    client = NotebookClient(nb, timeout=args.timeout, kernel_name="python3", allow_errors=True,
                            interrupt_on_timeout=True, error_on_timeout=timed_out, record_timing=False,
                            resources={"metadata": {"path": str(args.source.parent)}})
    code = 0
    try:
        client.execute()
    except DeadKernelError:
        print("the kernel died (os._exit, a crash, or the memory limit)", file=sys.stderr)
        code = 3
    except CellTimeoutError:
        print(f"a cell ran longer than {args.timeout} s (an infinite loop?)", file=sys.stderr)
        code = 4
    stuck = [i for i, cell in enumerate(nb.cells) if cell.cell_type == "code" and any(
        o.get("output_type") == "error" and o.get("ename") in ("KeyboardInterrupt", "CellTimeoutError")
        for o in cell.get("outputs", []))]
    if stuck:
        nb.metadata.setdefault("ml_interview_lab", {})["problem"] = (
            f"cell {stuck[0] + 1} ran longer than {args.timeout} s (an infinite loop?) and was interrupted")
    nbformat.write(nb, str(args.target))
    return code


if __name__ == "__main__":
    sys.exit(main())
