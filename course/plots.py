"""The figures the notebooks draw. Each function returns its matplotlib Figure.

Notebooks call these so that a figure's plotting code never clutters the story.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from course.loop import Loop, load_loop

PALETTE = ["#4C72B0", "#DD8452", "#55A868", "#C44E52", "#8172B3", "#937860", "#DA8BC3"]


def interview_loop(loop: Loop | None = None) -> Figure:
    """The interview process as a timeline and a funnel. Used in: 00_start_here."""
    loop = loop or load_loop()
    fig, (timeline, funnel) = plt.subplots(
        1, 2, figsize=(12, 4.2), gridspec_kw={"width_ratios": [1.6, 1]}, layout="constrained"
    )
    names = [s.name for s in loop.stages]
    for row, stage in enumerate(loop.stages):
        width = max(stage.length_days, 1)
        timeline.barh(row, width, left=stage.start_day, color=PALETTE[row % len(PALETTE)], height=0.6)
        timeline.text(stage.start_day + width + 0.8, row, stage.duration, va="center", fontsize=9)
    weeks = range(0, loop.total_days // 7 + 3)
    timeline.set_xticks([7 * w for w in weeks], [str(w) for w in weeks])
    timeline.set_yticks(range(len(names)), names)
    timeline.invert_yaxis()
    timeline.set_xlabel("weeks from application")
    timeline.set_title(f"A typical loop takes about {loop.total_days // 7} weeks")
    timeline.grid(axis="x", alpha=0.3)

    remaining = loop.cumulative_pass_rates()
    per_10k = [10_000 * share for share in remaining]
    funnel.barh(range(len(names)), per_10k, color=PALETTE[: len(names)], height=0.6)
    funnel.set_xscale("log")
    funnel.set_xlim(1, 20_000)
    for row, (stage, count) in enumerate(zip(loop.stages, per_10k)):
        rate = f"{stage.pass_rate:.0%}" if stage.pass_rate >= 0.1 else f"{stage.pass_rate:.1%}"
        funnel.text(count * 1.15, row, f"{count:,.0f}  ({rate} pass)", va="center", fontsize=9)
    funnel.set_yticks(range(len(names)), [])
    funnel.invert_yaxis()
    funnel.set_xlabel("applicants left, of 10,000 (log scale)")
    funnel.set_title("Where candidates drop out")
    return fig
