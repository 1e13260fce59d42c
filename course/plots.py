"""The figures the notebooks draw. Each function returns its matplotlib Figure.

Notebooks call these so that a figure's plotting code never clutters the story.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from course.colocate import colocated
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


def _drawn_with(exercise: str):
    """Draw the figure with the learner's code; until it is written, say so instead of a traceback."""

    def wrap(draw):
        @functools.wraps(draw)
        def run(*args, **kwargs):
            try:
                return draw(*args, **kwargs)
            except NotImplementedError:
                plt.close("all")
                print(f"Implement {exercise} above, then run this cell again to draw the figure.")
                return None

        return run

    return wrap


@_drawn_with("scaled_dot_product_attention")
def attention_weights(attention: Callable, length: int = 12, seed: int = 0) -> Figure:
    """Heat map of causal attention weights from the learner's function. Used in: 02_coding."""
    rng = np.random.default_rng(seed)
    Q, K, V = (rng.normal(size=(length, 16)) for _ in range(3))
    causal = np.tril(np.ones((length, length), dtype=bool))
    _, weights = attention(Q, K, V, causal)
    fig, ax = plt.subplots(figsize=(5.2, 4.4), layout="constrained")
    image = ax.imshow(weights, cmap="viridis", vmin=0)
    ax.set_xlabel("key position (what is attended to)")
    ax.set_ylabel("query position")
    ax.set_title("Causal self-attention weights")
    fig.colorbar(image, ax=ax, label="weight")
    return fig


def _quadratic(p: np.ndarray) -> tuple[float, np.ndarray]:
    a, b = 1.0, 50.0
    return 0.5 * (a * p[0] ** 2 + b * p[1] ** 2), np.array([a * p[0], b * p[1]])


def _rosenbrock(p: np.ndarray) -> tuple[float, np.ndarray]:
    x, y = p
    value = (1 - x) ** 2 + 100 * (y - x**2) ** 2
    return value, np.array([-2 * (1 - x) - 400 * x * (y - x**2), 200 * (y - x**2)])


OPTIMIZER_SETTINGS = {  # (start, steps, learning rate per optimiser)
    "quadratic": (np.array([-9.0, 1.5]), 60, {"sgd": 0.035, "momentum": 0.012, "adam": 0.5}),
    "rosenbrock": (np.array([-1.5, 2.0]), 2000, {"sgd": 0.0008, "momentum": 0.0002, "adam": 0.02}),
}


def optimizer_path(optimizer_class: type, kind: str, learning_rate: float, function: str, steps: int) -> np.ndarray:
    """The points an optimiser visits on one of the figure's functions, start included: (steps + 1, 2)."""
    gradient = {"quadratic": _quadratic, "rosenbrock": _rosenbrock}[function]
    start = OPTIMIZER_SETTINGS[function][0]
    opt = optimizer_class(learning_rate=learning_rate, optimizer_type=kind)
    params = {"p": start.copy()}
    path = [start.copy()]
    for _ in range(steps):
        opt.update(params, {"p": gradient(params["p"])[1]})
        path.append(np.array(params["p"], dtype=float).copy())
    return np.array(path)


@_drawn_with("Optimizer")
def optimizer_paths(optimizer_class: type) -> Figure:
    """Trajectories of SGD, momentum and Adam on an ill-conditioned bowl and on Rosenbrock. Used in: 02_coding."""
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.6), layout="constrained")
    for ax, (name, function) in zip(axes, [("quadratic", _quadratic), ("rosenbrock", _rosenbrock)]):
        _, steps, rates = OPTIMIZER_SETTINGS[name]
        span = (-10, 10, -2.5, 2.5) if name == "quadratic" else (-2, 2, -1, 3)
        xs, ys = np.meshgrid(np.linspace(span[0], span[1], 300), np.linspace(span[2], span[3], 300))
        zs = function(np.array([xs, ys]))[0]
        ax.contour(xs, ys, np.log1p(zs), levels=25, cmap="Greys", linewidths=0.6)
        for color, kind in zip(PALETTE, ("sgd", "momentum", "adam")):
            path = colocated(optimizer_path, optimizer_class, kind, rates[kind], name, steps)
            final = function(path[-1])[0]
            label = f"{kind} (lr {rates[kind]}): f = {final:.2g}"
            ax.plot(path[:, 0], path[:, 1], "-", color=color, lw=1.4, label=label)
        ax.plot(*([0, 0] if name == "quadratic" else [1, 1]), "k*", ms=12)
        ax.set_xlim(span[0], span[1])
        ax.set_ylim(span[2], span[3])
        title = "Ill-conditioned bowl, 60 steps" if name == "quadratic" else "Rosenbrock, 2000 steps"
        ax.set_title(title)
        ax.legend(loc="lower right" if name == "quadratic" else "upper right", fontsize=8)
    return fig


class _Fitted:
    """What the figure reads from a fitted k-means: centroids, labels_ and inertia_."""

    def __init__(self, centroids: np.ndarray, labels: np.ndarray, inertia: float):
        self.centroids, self.labels_, self.inertia_ = centroids, labels, inertia


def _uniform_lloyd(X: np.ndarray, k: int, seed: int, iters: int = 100) -> _Fitted:
    """The baseline: k distinct points drawn uniformly as the start, then plain Lloyd iterations."""
    centroids = X[np.random.default_rng(seed).choice(len(X), k, replace=False)]
    for _ in range(iters):
        labels = ((X[:, None, :] - centroids[None]) ** 2).sum(axis=2).argmin(axis=1)
        moved = np.array([X[labels == j].mean(axis=0) if (labels == j).any() else centroids[j] for j in range(k)])
        if np.allclose(moved, centroids):
            break
        centroids = moved
    labels = ((X[:, None, :] - centroids[None]) ** 2).sum(axis=2).argmin(axis=1)
    return _Fitted(centroids, labels, float(((X - centroids[labels]) ** 2).sum()))


@_drawn_with("KMeansPlusPlus")
def kmeans_seeding(kmeans_class: type, runs: int = 40, seed: int = 0) -> Figure:
    """Final inertia of the learner's k-means++ versus uniform seeding followed by Lloyd, over many runs.
    Used in: 02_coding."""
    rng = np.random.default_rng(seed)
    centres = np.array([[x, y] for x in range(0, 15, 5) for y in range(0, 15, 5)], dtype=float)
    X = np.concatenate([c + rng.normal(scale=0.7, size=(60, 2)) for c in centres])
    k = len(centres)

    plus = [kmeans_class(n_clusters=k, random_state=s).fit(X) for s in range(runs)]
    uniform = [_uniform_lloyd(X, k, s) for s in range(runs)]
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.4), layout="constrained")
    worst = max(uniform, key=lambda m: m.inertia_)
    left.scatter(X[:, 0], X[:, 1], c=worst.labels_, s=8, cmap="tab10")
    left.scatter(*worst.centroids.T, marker="x", s=120, c="k")
    left.set_title(f"Uniform seeding, worst of {runs} runs: inertia {worst.inertia_:.0f}")
    best = min(m.inertia_ for m in plus + uniform)
    bins = np.linspace(best * 0.95, max(m.inertia_ for m in plus + uniform) * 1.05, 30)
    right.hist([m.inertia_ for m in uniform], bins=bins, alpha=0.7, label="uniform seeding", color=PALETTE[1])
    right.hist([m.inertia_ for m in plus], bins=bins, alpha=0.7, label="k-means++ seeding", color=PALETTE[0])
    stuck = sum(m.inertia_ > 1.05 * best for m in uniform), sum(m.inertia_ > 1.05 * best for m in plus)
    right.set_title(f"Final inertia over {runs} runs: stuck in a poor optimum {stuck[0]}× vs {stuck[1]}×")
    right.set_xlabel("final inertia (lower is better)")
    right.set_ylabel("runs")
    right.legend()
    return fig


@_drawn_with("DecisionTree")
def tree_boundaries(tree_class: type, depths: tuple[int, ...] = (1, 2, 4, 8), seed: int = 0) -> Figure:
    """Decision regions of the learner's tree at growing depth, on two noisy interleaved moons. Used in: 02_coding."""
    rng = np.random.default_rng(seed)
    n = 150
    angle = rng.uniform(0, np.pi, size=n)
    upper = np.c_[np.cos(angle), np.sin(angle)]
    lower = np.c_[1 - np.cos(angle), 0.5 - np.sin(angle)]
    X = np.concatenate([upper, lower]) + rng.normal(scale=0.25, size=(2 * n, 2))
    y = np.repeat([0, 1], n)
    (x0, y0), (x1, y1) = X.min(axis=0) - 0.2, X.max(axis=0) + 0.2
    xs, ys = np.meshgrid(np.linspace(x0, x1, 250), np.linspace(y0, y1, 250))
    grid = np.c_[xs.ravel(), ys.ravel()]
    fig, axes = plt.subplots(1, len(depths), figsize=(3.6 * len(depths), 3.4), layout="constrained", sharey=True)
    for ax, depth in zip(axes, depths):
        tree = tree_class(max_depth=depth).fit(X, y)
        regions = np.asarray(tree.predict(grid), dtype=float).reshape(xs.shape)
        accuracy = np.mean(np.asarray(tree.predict(X)) == y)
        ax.contourf(xs, ys, regions, levels=[-0.5, 0.5, 1.5], colors=["#c6dbef", "#fdd0a2"])
        ax.scatter(X[:, 0], X[:, 1], c=np.where(y == 0, PALETTE[0], PALETTE[1]), s=7)
        ax.set_title(f"max_depth={depth}: train accuracy {accuracy:.0%}")
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_xticks([])
        ax.set_yticks([])
    return fig
