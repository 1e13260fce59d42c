"""Round 2's model answers against the reference libraries and against loop-based versions.

Prints, in one run on the same data, each model answer's time as a ratio to torch / scikit-learn
(goals from the course issue: attention <= 1.5x torch, k-means per Lloyd iteration <= 1.0x
scikit-learn, tree fit <= 1.5x scikit-learn) and the speed-up over straightforward loop versions.

    .venv/bin/python benchmarks/round2.py
"""

from __future__ import annotations

import sys
import time
from functools import partial
from pathlib import Path

import numpy as np
import torch
from sklearn.cluster import KMeans
from sklearn.tree import DecisionTreeClassifier
from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from exercises import Exercise

ANSWERS = Exercise("02_coding").namespace("attention", "kmeans", "decision_tree")
RNG = np.random.default_rng(0)
ROUNDS = 7


def best_of(fn, repeat=5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def compare(ours, theirs, rounds=ROUNDS) -> tuple[float, float, list[float]]:
    """Median times of two timing functions and their sorted ratios, timed back to back per round.

    A shared machine's speed drifts from second to second (memory bandwidth, the other tenant's
    load): timing one side for a while and then the other measures the drift as much as the code.
    Each round times both, one right after the other, and the ratio is the median over the rounds.
    """
    pairs = [(ours(), theirs()) for _ in range(rounds)]
    return (float(np.median([o for o, _ in pairs])), float(np.median([t for _, t in pairs])),
            sorted(o / t for o, t in pairs))


def ratio_text(ratios: list[float], goal: str) -> str:
    return (f"{float(np.median(ratios)):.2f}x (median of {len(ratios)} rounds, "
            f"range {ratios[0]:.2f}-{ratios[-1]:.2f}; goal {goal})")


def loop_attention(Q, K, V, mask):
    """Attention with a Python loop over the queries (the shape of a first attempt)."""
    out = np.empty((*Q.shape[:-1], V.shape[-1]))
    for b in range(Q.shape[0]):
        for i in range(Q.shape[1]):
            logits = K[b] @ Q[b, i] / np.sqrt(Q.shape[-1])
            logits = np.where(mask[i], logits, -np.inf)
            w = np.exp(logits - logits.max())
            out[b, i] = (w / w.sum()) @ V[b]
    return out


def loop_assign(X, centroids):
    """One k-means assignment with a Python loop over the points."""
    return np.array([int(np.argmin([np.sum((x - c) ** 2) for c in centroids])) for x in X])


def loop_best_split(tree, X, y):
    """Best split by trying every midpoint of every feature with information_gain (no sweep)."""
    best = (-np.inf, None, None)
    for f in range(X.shape[1]):
        values = np.unique(X[:, f])
        for t in (values[1:] + values[:-1]) / 2:
            gain = tree.information_gain(X[:, f], y, t)
            if gain > best[0]:
                best = (gain, f, t)
    return best[1:]


def main() -> None:
    print(f"numpy {np.__version__}, torch {torch.__version__}; all cores ({torch.get_num_threads()} threads):")
    run()
    # NumPy's element-wise operations use one core while torch and scikit-learn use them all:
    # the same comparison on one thread each separates the algorithm from the parallelism.
    print("one thread for every library:")
    torch.set_num_threads(1)
    with threadpool_limits(limits=1):
        run(loops=False)


def run(loops: bool = True) -> None:

    # Attention: float64, (8, 512, 64), causal mask.
    Q, K, V = (RNG.normal(size=(8, 512, 64)) for _ in range(3))
    causal = np.tril(np.ones((512, 512), dtype=bool))
    tq, tk, tv, tm = map(torch.tensor, (Q, K, V, causal))
    ours, theirs, ratios = compare(
        lambda: best_of(lambda: ANSWERS["scaled_dot_product_attention"](Q, K, V, causal), 3),
        lambda: best_of(lambda: torch.nn.functional.scaled_dot_product_attention(tq, tk, tv, attn_mask=tm), 3))
    extra = ""
    if loops:
        slow = best_of(lambda: loop_attention(Q, K, V, causal), repeat=1)
        extra = f" | loop over queries {slow * 1e3:5.0f} ms -> {slow / ours:.0f}x faster"
    print(f"  attention (8, 512, 64) causal: {ours * 1e3:5.1f} ms | torch SDPA {theirs * 1e3:5.1f} ms -> "
          f"torch x {ratio_text(ratios, '<= 1.5x')}{extra}")

    # k-means: time per Lloyd iteration, 100,000 x 16, k = 8, from the same k-means++ start.
    # Whole fits to convergence (tol=0): both sides run the same iterations to the same labels, and
    # a fit's time over its n_iter_ is the time per iteration. The first 20 iterations, when many
    # points still change cluster, are also timed alone: (t(21) - t(1)) / 20 cancels fixed costs.
    X = RNG.normal(size=(100_000, 16))
    cls = ANSWERS["KMeansPlusPlus"]
    init = cls(n_clusters=8, random_state=0).initialize_centroids(X)
    fits = {"ours": lambda iterations: cls(8, max_iters=iterations, tol=0, random_state=0).fit(X),
            "sklearn": lambda iterations: KMeans(8, init=init, n_init=1, max_iter=iterations, tol=0,
                                                 algorithm="lloyd").fit(X)}
    whole = {}

    def per_iteration_whole(side):
        start = time.perf_counter()
        whole[side] = fits[side](1000)
        return (time.perf_counter() - start) / whole[side].n_iter_

    def per_iteration_first(side):
        return (best_of(lambda: fits[side](21), 3) - best_of(lambda: fits[side](1), 3)) / 20

    for label, timing in (("whole fit", per_iteration_whole), ("first 20 iterations", per_iteration_first)):
        ours, theirs, ratios = compare(partial(timing, "ours"), partial(timing, "sklearn"))
        extra = ""
        if timing is per_iteration_whole:
            a, b = whole["ours"], whole["sklearn"]
            if a.n_iter_ != b.n_iter_ or not np.array_equal(a.labels_, b.labels_):
                raise SystemExit(f"k-means: {a.n_iter_} vs {b.n_iter_} iterations, or different labels")
            label = f"whole fit ({a.n_iter_} iterations, same labels)"
            if loops:
                slow = best_of(lambda: loop_assign(X, init), repeat=1)
                extra = f" | loop over points (assignment only) {slow * 1e3:5.0f} ms -> {slow / ours:.0f}x faster"
        print(f"  k-means per Lloyd iteration (100000 x 16, k=8), {label}: {ours * 1e3:5.2f} ms | "
              f"sklearn lloyd {theirs * 1e3:5.2f} ms -> sklearn x {ratio_text(ratios, '<= 1.0x')}{extra}")

    # Decision tree: fit 20,000 x 10, depth 8.
    X = RNG.normal(size=(20_000, 10))
    y = (X[:, 0] * X[:, 1] + X[:, 2] + 0.5 * RNG.normal(size=20_000) > 0).astype(int)
    tree_cls = ANSWERS["DecisionTree"]
    ours, theirs, ratios = compare(
        lambda: best_of(lambda: tree_cls(max_depth=8).fit(X, y), 2),
        lambda: best_of(lambda: DecisionTreeClassifier(criterion="entropy", max_depth=8).fit(X, y), 2), rounds=5)
    extra = ""
    if loops:
        # The loop version tries every threshold with a full pass: on 20,000 rows that takes hours,
        # so compare one root split search on a 2,000-row sample.
        Xs, ys, tree = X[:2000], y[:2000], tree_cls()
        root_ours = best_of(lambda: tree.find_best_split(Xs, ys), 3)
        root_loops = best_of(lambda: loop_best_split(tree, Xs, ys), repeat=1)
        extra = (f" | root split on 2000 rows: loop over thresholds {root_loops * 1e3:5.0f} ms vs "
                 f"{root_ours * 1e3:4.1f} ms -> {root_loops / root_ours:.0f}x faster")
    print(f"  decision tree fit (20000 x 10, depth 8): {ours * 1e3:5.1f} ms | sklearn {theirs * 1e3:5.1f} ms -> "
          f"sklearn x {ratio_text(ratios, '<= 1.5x')}{extra}")


if __name__ == "__main__":
    main()
