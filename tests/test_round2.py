"""Round 2's model answers match torch and scikit-learn, and its tests catch the classic bugs.

Two corpora stand in for the submissions the autograder is measured against. The mutant corpus is the
model answer with one bug interviewers see again and again. The corpus in tests/corpus/02_coding/ is
written from scratch in the styles learners use (loops, einsum, Counter, another random stream): each
correct_*.py must pass every graded test (visible and hidden), and each buggy_*.py, whose first line
names its one bug, must fail at least one.
"""

from __future__ import annotations

import warnings
import zlib
from pathlib import Path

import numpy as np
import pytest
import torch
from exercises import Exercise, poison_arguments
from sklearn.cluster import KMeans
from sklearn.neighbors import KNeighborsClassifier
from sklearn.tree import DecisionTreeClassifier

from course import checks

EX = Exercise("02_coding")


def _seed_of(value) -> int:
    """A stable seed for a test parameter (hash() of a string changes between processes)."""
    return zlib.crc32(repr(value).encode())
ANSWERS = EX.namespace("attention", "multi_head_attention", "optimizer", "kmeans", "decision_tree",
                       "batchnorm_forward", "batchnorm_backward", "knn")


# ---------------------------------------------------------------- model answers against the peers

@pytest.mark.parametrize("batch", [(), (3,), (2, 3)])
@pytest.mark.parametrize("masked", [False, True])
def test_attention_matches_torch_sdpa(batch, masked):
    rng = np.random.default_rng([1, *map(_seed_of, (batch, masked))])
    Q, K, V = rng.normal(size=(*batch, 7, 16)), rng.normal(size=(*batch, 9, 16)), rng.normal(size=(*batch, 9, 5))
    mask = rng.random((*batch, 7, 9)) > 0.3 if masked else None
    if masked:
        mask[..., 2, :] = False  # a fully blocked query: torch returns zeros
    out, weights = ANSWERS["scaled_dot_product_attention"](Q, K, V, mask)
    expected = torch.nn.functional.scaled_dot_product_attention(
        *map(torch.tensor, (Q, K, V)), attn_mask=None if mask is None else torch.tensor(mask))
    np.testing.assert_allclose(out, expected.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(weights.sum(-1)[..., 0], 1.0, rtol=1e-12)


def _long_masks(rng, batch, l_q, l_k):
    """Masks that leave whole blocks of keys unseen by some query blocks, and one that does not."""
    i, j = np.arange(l_q)[:, None], np.arange(l_k)
    padded = np.ones((*batch[-1:], 1, l_k), dtype=bool)
    padded[..., l_k - 37:] = False  # the last keys are padding
    late = np.broadcast_to(j >= i - 40, (*batch, l_q, l_k)).copy()
    late[..., 130:, :] = False  # every query from 130 on (a whole block) sees no key at all
    late[..., 70, :] = False  # one fully blocked query inside a live block
    return {
        "causal": i >= j,
        "sliding window": (j <= i) & (j > i - 50),
        "future only": j >= i - 40,
        "padding": padded,
        "blocked tail": late,
        "random": rng.random((*batch, l_q, l_k)) > 0.97,
    }


@pytest.mark.parametrize("batch", [(), (2, 3)])
def test_attention_matches_torch_sdpa_on_long_sequences(batch):
    """Sequences longer than one block of queries, with masks that let the model answer skip keys."""
    rng = np.random.default_rng([3, _seed_of(batch)])
    l_q, l_k = 197, 230
    Q, K, V = rng.normal(size=(*batch, l_q, 16)), rng.normal(size=(*batch, l_k, 16)), rng.normal(size=(*batch, l_k, 5))
    for name, mask in _long_masks(rng, batch, l_q, l_k).items():
        out, weights = ANSWERS["scaled_dot_product_attention"](Q, K, V, mask)
        allowed = np.broadcast_to(mask, weights.shape)
        expected = torch.nn.functional.scaled_dot_product_attention(
            *map(torch.tensor, (Q, K, V)), attn_mask=torch.tensor(allowed))
        np.testing.assert_allclose(out, expected.numpy(), rtol=1e-10, atol=1e-12, err_msg=name)
        assert np.all(weights[~allowed] == 0), name
        sums = weights.sum(-1)
        np.testing.assert_allclose(sums, allowed.any(-1).astype(float), rtol=1e-12, err_msg=name)


def test_attention_survives_logits_that_overflow_exp():
    rng = np.random.default_rng(2)
    Q, K, V = rng.normal(size=(4, 8)) * 1e4, rng.normal(size=(6, 8)) * 1e4, rng.normal(size=(6, 3))
    out, weights = ANSWERS["scaled_dot_product_attention"](Q, K, V)
    expected = torch.nn.functional.scaled_dot_product_attention(*map(torch.tensor, (Q, K, V)))
    assert np.isfinite(weights).all()
    np.testing.assert_allclose(out, expected.numpy(), rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize(("heads", "masked"), [(1, False), (4, True), (8, True)])
def test_multi_head_attention_matches_torch(heads, masked):
    rng = np.random.default_rng([3, *map(_seed_of, (heads, masked))])
    batch, length, d_model = 3, 6, 16
    X = rng.normal(size=(batch, length, d_model))
    W_q, W_k, W_v, W_o = (rng.normal(size=(d_model, d_model)) / 4 for _ in range(4))
    mask = rng.random((batch, length, length)) > 0.3 if masked else None
    if masked:
        mask[..., np.arange(length), np.arange(length)] = True  # torch gives NaN on fully blocked rows
    layer = torch.nn.MultiheadAttention(d_model, heads, bias=False, batch_first=True).double()
    with torch.no_grad():  # torch computes x @ W.T, our contract x @ W
        layer.in_proj_weight.copy_(torch.tensor(np.concatenate([W_q.T, W_k.T, W_v.T])))
        layer.out_proj.weight.copy_(torch.tensor(W_o.T))
        attn_mask = None if mask is None else torch.tensor(~mask).repeat_interleave(heads, dim=0)
        expected, _ = layer(*[torch.tensor(X)] * 3, attn_mask=attn_mask, need_weights=False)
    out = ANSWERS["multi_head_attention"](X, W_q, W_k, W_v, W_o, heads, mask)
    np.testing.assert_allclose(out, expected.numpy(), rtol=1e-9, atol=1e-11)


@pytest.mark.parametrize("kind", ["sgd", "momentum", "adam"])
def test_optimizers_match_torch(kind):
    rng = np.random.default_rng([4, *map(_seed_of, (kind,))])
    params = {"W": rng.normal(size=(4, 3)), "b": rng.normal(size=3)}
    tensors = {k: torch.tensor(v.copy(), requires_grad=True) for k, v in params.items()}
    ours = ANSWERS["Optimizer"](learning_rate=0.05, optimizer_type=kind, beta1=0.8, beta2=0.95, epsilon=1e-6)
    theirs = {"sgd": lambda p: torch.optim.SGD(p, lr=0.05),
              "momentum": lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.8),
              "adam": lambda p: torch.optim.Adam(p, lr=0.05, betas=(0.8, 0.95), eps=1e-6)}[kind](tensors.values())
    for _ in range(25):
        grads = {k: rng.normal(size=v.shape) * 10.0 ** rng.integers(-4, 2) for k, v in params.items()}
        ours.update(params, grads)
        for k, t in tensors.items():
            t.grad = torch.tensor(grads[k])
        theirs.step()
    for k in params:
        np.testing.assert_allclose(params[k], tensors[k].detach().numpy(), rtol=1e-9, atol=1e-12)


def _kmeans_data(kind):
    rng = np.random.default_rng(5)
    if kind == "blobs":
        return np.concatenate([c + rng.normal(size=(300, 4)) for c in rng.normal(scale=5, size=(6, 4))])
    if kind == "far from the origin":  # ||c||^2 - 2 c.x cancels at 1e6 unless the data are centred
        return 1e6 + rng.normal(size=(5000, 3))
    return rng.integers(0, 5, size=(3000, 2)).astype(float)  # a grid: duplicates and exact ties


@pytest.mark.parametrize("kind", ["blobs", "far from the origin", "integer grid"])
def test_kmeans_lloyd_matches_sklearn_from_the_same_seeding(kind):
    X = _kmeans_data(kind)
    ours = ANSWERS["KMeansPlusPlus"](n_clusters=6, random_state=7, tol=0, max_iters=300).fit(X)
    init = ANSWERS["KMeansPlusPlus"](n_clusters=6, random_state=7).initialize_centroids(X)
    theirs = KMeans(6, init=init, n_init=1, algorithm="lloyd", tol=0, max_iter=300).fit(X)
    np.testing.assert_allclose(ours.centroids, theirs.cluster_centers_, rtol=1e-9, atol=1e-9)
    np.testing.assert_array_equal(ours.labels_, theirs.labels_)
    assert ours.inertia_ == pytest.approx(theirs.inertia_, rel=1e-9)


def _near_bisector_data(pull_at):
    """1-D data and a start whose second Lloyd iteration finds probes 1e-9 from the new bisector.

    The first iteration splits at 0 and puts the probes on the right; the new centroids' midpoint
    lands among them (a fixed point: the probes are part of the right cluster's mean). Which side
    each probe is on is then a float64 question that float32 (spacing 6e-8 near 0.5) cannot see.
    """
    left, right, pull = np.full(1000, -1.0), np.full(600, 1.0), np.full(300, pull_at)
    offsets = np.array([-1e-9, -3e-10, 3e-10, 1e-9])
    bisector = 0.0
    for _ in range(100):
        probes = bisector + offsets
        bisector = (left.mean() + np.concatenate([right, pull, probes]).mean()) / 2
    return np.concatenate([left, right, pull, bisector + offsets])[:, None], np.array([[-1.0], [1.0]])


def test_kmeans_decides_near_ties_as_float64_does():
    # The model answer screens in float32 and re-scores near ties in float64; a screen whose error
    # margin is too small keeps probes in the wrong cluster and drifts from scikit-learn's centroids.
    for pull_at in np.linspace(1.5, 4.0, 40):
        X, start = _near_bisector_data(pull_at)
        called, (centroids, labels) = checks.fit_with(
            ANSWERS["KMeansPlusPlus"], X, fixed={"initialize_centroids": start},
            attributes=["centroids", "labels_"], n_clusters=2, tol=0, max_iters=300)
        assert called == ["initialize_centroids"]
        theirs = KMeans(2, init=start, n_init=1, algorithm="lloyd", tol=0, max_iter=300).fit(X)
        np.testing.assert_allclose(centroids, theirs.cluster_centers_, rtol=1e-12, atol=1e-12,
                                   err_msg=f"pull at {pull_at}")
        np.testing.assert_array_equal(labels, theirs.labels_)


@pytest.mark.parametrize("power", [-510, -450, 450, 503])
def test_kmeans_gives_the_same_answer_at_any_scale(power):
    # Multiplying the data by a power of two changes no decision. 2**+-450 runs the float32 screen
    # on a copy scaled back near 1; 2**-510 and 2**503 are past what it takes and check every
    # point in float64. Nothing may warn either (a warning fails an nbgrader test cell).
    def fit(data):
        return ANSWERS["KMeansPlusPlus"](n_clusters=6, random_state=3, tol=0, max_iters=300).fit(data)

    X = _kmeans_data("blobs")
    plain = fit(X)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        scaled = fit(X * 2.0**power)
    np.testing.assert_array_equal(scaled.labels_, plain.labels_)
    np.testing.assert_allclose(scaled.centroids * 2.0**-power, plain.centroids, rtol=1e-12)
    assert scaled.n_iter_ == plain.n_iter_


def test_kmeans_plus_plus_seeding_beats_uniform_like_sklearn():
    rng = np.random.default_rng(6)
    # k-means++ is the reason for the exercise: its seeding inertia is far below uniform seeding's.
    centres = np.array([[x, y] for x in range(0, 40, 10) for y in range(0, 40, 10)], dtype=float)
    X = np.concatenate([c + rng.normal(size=(50, 2)) for c in centres])

    def seeding_inertia(seeds):
        return np.square(X[:, None] - seeds[None]).sum(axis=2).min(axis=1).sum()

    ours = np.mean([seeding_inertia(ANSWERS["KMeansPlusPlus"](16, random_state=s).initialize_centroids(X))
                    for s in range(30)])
    uniform = np.mean([seeding_inertia(X[np.random.default_rng(s).choice(len(X), 16, replace=False)])
                       for s in range(30)])
    assert ours < 0.5 * uniform


def _compare_trees(ours, theirs, X, y):
    """Walk both trees; where the splits differ, the gains must tie (scikit-learn breaks ties at random)."""
    tree, sk, gain = ours.tree, theirs.tree_, ours.information_gain
    ties = 0

    def walk(node, index, rows):
        nonlocal ties
        sk_leaf = sk.children_left[index] == -1
        if node["leaf"] or sk_leaf:
            assert node["leaf"] and sk_leaf, "one tree splits where the other stops"
            return
        f, t = node["feature"], node["threshold"]
        sf, st = int(sk.feature[index]), float(sk.threshold[index])
        if f != sf or abs(t - st) > 1e-6:
            assert gain(X[rows, f], y[rows], t) == pytest.approx(gain(X[rows, sf], y[rows], st), abs=1e-12)
            ties += 1
            return
        left = X[rows, f] <= t
        walk(node["left"], sk.children_left[index], rows[left])
        walk(node["right"], sk.children_right[index], rows[~left])

    walk(tree, 0, np.arange(len(X)))
    return ties


@pytest.mark.parametrize("depth", [1, 2, 4, 8])
def test_decision_tree_matches_sklearn(depth):
    rng = np.random.default_rng([7, *map(_seed_of, (depth,))])
    X = rng.normal(size=(2000, 5)).astype(np.float32).astype(np.float64)  # sklearn thresholds in float32
    y = (X[:, 0] + X[:, 1] ** 2 + 0.3 * rng.normal(size=2000) > 1).astype(int) + (X[:, 2] > 1)
    ours = ANSWERS["DecisionTree"](max_depth=depth).fit(X, y)
    theirs = DecisionTreeClassifier(criterion="entropy", max_depth=depth, random_state=0).fit(X, y)
    ties = _compare_trees(ours, theirs, X, y)
    if ties == 0:
        X_new = rng.normal(size=(3000, 5)).astype(np.float32).astype(np.float64)
        np.testing.assert_array_equal(ours.predict(X_new), theirs.predict(X_new))
    if depth <= 4:
        assert ties == 0, "these shallow trees on 2000 continuous points have no ties"


def test_batchnorm_matches_torch_autograd():
    rng = np.random.default_rng(8)
    x, gamma, beta = rng.normal(size=(32, 6)) * 3 + 1, rng.normal(size=6), rng.normal(size=6)
    dout = rng.normal(size=(32, 6))
    out, cache = ANSWERS["batchnorm_forward"](x, gamma, beta)
    dx, dgamma, dbeta = ANSWERS["batchnorm_backward"](dout, cache)
    tx, tg, tb = (torch.tensor(a, requires_grad=True) for a in (x, gamma, beta))
    expected = torch.nn.functional.batch_norm(tx, None, None, tg, tb, training=True, eps=1e-5)
    expected.backward(torch.tensor(dout))
    np.testing.assert_allclose(out, expected.detach().numpy(), rtol=1e-10, atol=1e-12)
    for ours, theirs in [(dx, tx), (dgamma, tg), (dbeta, tb)]:
        np.testing.assert_allclose(ours, theirs.grad.numpy(), rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("k", [1, 3, 5, 8])
def test_knn_matches_sklearn(k):
    rng = np.random.default_rng([9, *map(_seed_of, (k,))])
    X, y, X_new = rng.normal(size=(300, 4)), rng.integers(0, 4, 300), rng.normal(size=(200, 4))
    ours = ANSWERS["KNNClassifier"](k=k).fit(X, y).predict(X_new)
    theirs = KNeighborsClassifier(n_neighbors=k, algorithm="brute").fit(X, y).predict(X_new)
    # scikit-learn breaks vote ties by the smallest label too; distance ties do not occur here.
    np.testing.assert_array_equal(ours, theirs)


# ---------------------------------------------------------------- the mutant corpus

SOLUTIONS = {  # solution cells each exercise's tests need, and the prefix of its test cells
    "attention": (["attention"], "test_attention"),
    "multi_head_attention": (["attention", "multi_head_attention"], ("test_attention", "test_mha")),
    "optimizer": (["optimizer"], "test_optimizer"),
    "kmeans": (["kmeans"], "test_kmeans"),
    "decision_tree": (["decision_tree"], "test_tree"),
    "batchnorm_forward": (["batchnorm_forward", "batchnorm_backward"], "test_batchnorm"),
    "batchnorm_backward": (["batchnorm_forward", "batchnorm_backward"], "test_batchnorm"),
    "knn": (["knn"], "test_knn"),
}

MUTANTS = [  # (solution cell, bug, [(text in the model answer, replacement), ...])
    ("attention", "no 1/sqrt(d_k) scaling", [("    Q = Q * d_k**-0.5\n", "")]),
    ("attention", "scaled by 1/d_k", [("Q = Q * d_k**-0.5", "Q = Q * (1.0 / d_k)")]),
    ("attention", "softmax normalised over the queries", [("scores.sum(axis=-1, keepdims=True)", "scores.sum(axis=-2, keepdims=True)")]),
    ("attention", "mask meaning inverted", [("where=~allowed)", "where=allowed)")]),
    ("attention", "-1e9 instead of -inf", [("-np.inf, where=", "-1e9, where=")]),
    ("attention", "no max subtraction", [("        scores -= row_max\n", "")]),
    ("attention", "3-D-only transpose", [("np.swapaxes(k, -1, -2)", "k.transpose(0, 2, 1)")]),
    ("attention", "NaN on fully masked rows", [("        row_max[~np.isfinite(row_max)] = 0.0\n", ""), ("        total[total == 0] = 1.0", "        pass")]),
    ("attention", "scales the caller's Q in place", [("    Q = Q * d_k**-0.5\n", "    Q *= d_k**-0.5\n")]),
    ("attention", "mask applied to the weights after the softmax",
     [("            np.copyto(scores, -np.inf, where=~allowed)\n", "            pass\n"),
      ("        scores *= 1.0 / total\n", "        scores *= 1.0 / total\n        if allowed is not None:\n            scores = scores * allowed\n")]),
    ("multi_head_attention", "heads reshaped in the wrong order",
     [("M.reshape(batch, length, num_heads, d_head).transpose(0, 2, 1, 3)", "M.reshape(batch, num_heads, length, d_head)")]),
    ("multi_head_attention", "no output projection", [("return concat @ W_o", "return concat")]),
    ("multi_head_attention", "heads concatenated without the transpose back",
     [("heads.transpose(0, 2, 1, 3).reshape", "heads.reshape")]),
    ("multi_head_attention", "scaled by sqrt(d_model)",
     [("heads, _ = scaled_dot_product_attention(Q, K, V, mask)",
       "heads, _ = scaled_dot_product_attention(Q * np.sqrt(d_head / d_model), K, V, mask)")]),
    ("optimizer", "momentum with a (1 - beta1) factor", [("buf += g", "buf += (1 - b1) * g")]),
    ("optimizer", "no bias correction", [("m_hat = m / (1 - b1**self.t)", "m_hat = m"), ("v_hat = v / (1 - b2**self.t)", "v_hat = v")]),
    ("optimizer", "no bias correction of v", [("v_hat = v / (1 - b2**self.t)", "v_hat = v")]),
    ("optimizer", "t incremented per parameter",
     [("        self.t += 1\n        lr,", "        lr,"), ("            g = grads[name]\n", "            g = grads[name]\n            self.t += 1\n")]),
    ("optimizer", "epsilon inside the square root", [("np.sqrt(v_hat) + self.epsilon", "np.sqrt(v_hat + self.epsilon)")]),
    ("optimizer", "SGD not in place", [("                p -= lr * g\n", "                params[name] = p - lr * g\n")]),
    ("optimizer", "hard-coded betas", [("lr, b1, b2 = self.learning_rate, self.beta1, self.beta2", "lr, b1, b2 = self.learning_rate, 0.9, 0.999")]),
    ("optimizer", "no check of optimizer_type", [('if optimizer_type not in ("sgd", "momentum", "adam"):', "if False:")]),
    ("optimizer", "state shared between instances",
     [("        self.m = {}  #", "        self.m = Optimizer.__dict__.get('_shared_m') or type(self).__dict__.setdefault('_shared_m', {})  #")]),
    ("kmeans", "D instead of D^2",
     [('closest = np.einsum("ij,ij->i", diff, diff)', 'closest = np.sqrt(np.einsum("ij,ij->i", diff, diff))'),
      ('np.minimum(closest, np.einsum("ij,ij->i", diff, diff), out=closest)',
       'np.minimum(closest, np.sqrt(np.einsum("ij,ij->i", diff, diff)), out=closest)')]),
    ("kmeans", "greedy farthest point", [('index = int(np.searchsorted(cumulative, rng.random() * cumulative[-1], side="right"))',
                                          "index = int(np.argmax(closest))")]),
    ("kmeans", "distance to the first centre only", [('            np.minimum(closest, np.einsum("ij,ij->i", diff, diff), out=closest)\n', "")]),
    ("kmeans", "first centre always the first point", [("centroids[0] = X[rng.integers(n)]", "centroids[0] = X[0]")]),
    ("kmeans", "global np.random", [("centroids[0] = X[rng.integers(n)]", "centroids[0] = X[np.random.randint(n)]")]),
    ("kmeans", "seeded with a constant", [("rng = np.random.default_rng(self.random_state)", "rng = np.random.default_rng(0)")]),
    ("kmeans", "inertia with distances, not squared", [("self.inertia_ = float(np.square(X - self.centroids[self.labels_]).sum())",
                                                       "self.inertia_ = float(np.sqrt(np.square(X - self.centroids[self.labels_]).sum(axis=1)).sum())")]),
    ("kmeans", "empty cluster becomes NaN", [("new[filled] = sums[filled] / counts[filled, None]", "new = sums / counts[:, None]")]),
    ("kmeans", "emptied cluster moved to the data mean",
     [("new = centroids.copy()  # an emptied cluster keeps its previous centroid", "new = np.zeros_like(centroids)")]),
    ("kmeans", "inertia from the centroids before the last update",
     [("            centroids = new\n", "            previous, centroids = centroids, new\n"),
      ("self.inertia_ = float(np.square(X - self.centroids[self.labels_]).sum())",
       "self.inertia_ = float(np.square(X - (previous + mean)[self.labels_]).sum())")]),
    ("kmeans", "no ValueError for too many clusters", [("if X.ndim != 2 or self.n_clusters > len(X):", "if X.ndim != 2:")]),
    ("kmeans", "stops after one iteration", [("if shift <= self.tol:", "if True:")]),
    ("decision_tree", "np.bincount for the entropy", [("_, counts = np.unique(np.asarray(y), return_counts=True)", "counts = np.bincount(np.asarray(y))\n        counts = counts[counts > 0]")]),
    ("decision_tree", "natural log", [("return float(-(p * np.log2(p)).sum())", "return float(-(p * np.log(p)).sum())")]),
    ("decision_tree", "thresholds at data values, not midpoints", [("float((xs[cut, feature] + xs[cut + 1, feature]) / 2)", "float(xs[cut, feature])")]),
    ("decision_tree", "zero-gain splits refused", [("        feature, cut = divmod(", "        if gain.max() <= 0:\n            return None, None\n        feature, cut = divmod(")]),
    ("decision_tree", "ties to the highest feature",
     [("feature, cut = divmod(int(np.argmax(child <= child.min() + 1e-12 * n)), n - 1)",
       "flags = (child <= child.min() + 1e-12 * n).ravel()\n        feature, cut = divmod(int(flags.size - 1 - np.argmax(flags[::-1])), n - 1)")]),
    ("decision_tree", "unweighted children", [("children = (n_left * self.entropy(y[left]) + (n - n_left) * self.entropy(y[~left])) / n",
                                              "children = (self.entropy(y[left]) + self.entropy(y[~left])) / 2")]),
    ("decision_tree", "strict < for the left side", [("left = X_column <= threshold", "left = X_column < threshold")]),
    ("decision_tree", "max_depth off by one", [("if depth >= self.max_depth", "if depth > self.max_depth")]),
    ("decision_tree", "min_samples_split ignored", [(" or len(rows) < self.min_samples_split", "")]),
    ("decision_tree", "majority ties to the largest label", [("int(np.argmax(counts))", "int(len(counts) - 1 - np.argmax(counts[::-1]))")]),
    ("batchnorm_forward", "unbiased variance", [("x.var(axis=0)", "x.var(axis=0, ddof=1)")]),
    ("batchnorm_forward", "epsilon outside the square root", [("1.0 / np.sqrt(x.var(axis=0) + eps)", "1.0 / (np.sqrt(x.var(axis=0)) + eps)")]),
    ("batchnorm_backward", "statistics treated as constants", [("dx = inv_std / n * (n * g - g.sum(axis=0) - x_hat * (g * x_hat).sum(axis=0))", "dx = g * inv_std")]),
    ("batchnorm_backward", "variance term missing", [(" - x_hat * (g * x_hat).sum(axis=0))", ")")]),
    ("batchnorm_backward", "dgamma summed over features", [("dgamma = (dout * x_hat).sum(axis=0)", "dgamma = (dout * x_hat).sum(axis=1)")]),
    ("knn", "no ValueError for k > n", [("if not 1 <= self.k <= len(self.X_):", "if False:")]),
    ("knn", "vote ties to the largest label", [("votes.argmax(axis=1)", "(votes.shape[1] - 1 - votes[:, ::-1].argmax(axis=1))")]),
    ("knn", "farthest instead of nearest", [("- 2 * X @ self.X_.T", "+ 2 * X @ self.X_.T")]),
    ("knn", "k - 1 neighbours", [("[:, : self.k]", "[:, : max(self.k - 1, 1)]")]),
]


def _mutate(source: str, edits: list[tuple[str, str]]) -> str:
    for old, new in edits:
        assert old in source, f"mutation anchor not found: {old!r}"
        source = source.replace(old, new)
    return source


def _graded(cell: str, replaced: dict[str, str] | None = None, *, own_only: bool = True,
            prepare=None) -> dict[str, str | None]:
    """The graded tests of ``cell``'s exercise (``own_only``: those that grade ``cell`` itself), run on
    the model answers with ``replaced`` cells (and the namespace passed to ``prepare`` first): the
    failure message per test, or None."""
    solution_ids, prefix = SOLUTIONS[cell]
    ns = EX.namespace(*solution_ids, replace=replaced)
    if prepare is not None:
        prepare(ns)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        results = EX.run_tests(ns, EX.tests_for(prefix))
    if own_only and cell == "multi_head_attention":  # the attention tests only define references for MHA's
        results = {k: v for k, v in results.items() if k.startswith("test_mha")}
    return results


@pytest.mark.parametrize(("cell", "bug", "edits"), MUTANTS, ids=[f"{c}: {b}" for c, b, _ in MUTANTS])
def test_graded_tests_catch_the_classic_bug(cell, bug, edits):
    results = _graded(cell, {cell: _mutate(EX.by_id[cell], edits)})
    assert any(results.values()), f"no graded test fails on the bug '{bug}': {results}"


@pytest.mark.parametrize("cell", sorted(SOLUTIONS))
def test_model_answers_pass_every_graded_test(cell):
    results = _graded(cell, own_only=False)
    assert not any(results.values()), results


# ---------------------------------------------------------------- submissions written from scratch

CORPUS = Path(__file__).resolve().parent / "corpus" / "02_coding"
CORPUS_CELLS = {"batchnorm": ["batchnorm_forward", "batchnorm_backward"]}  # folder -> the cells one file fills


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*/*.py")), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_graded_tests_on_submissions_written_from_scratch(path):
    cells = CORPUS_CELLS.get(path.parent.name, [path.parent.name])
    results = _graded(cells[0], {cell: "" for cell in cells} | {cells[0]: path.read_text()})
    failed = {k: v for k, v in results.items() if v}
    if path.stem.startswith("correct"):
        assert not failed, f"a correct submission fails graded tests: {failed}"
    else:
        assert path.stem.startswith("buggy") and failed, f"no graded test fails on {path.read_text().splitlines()[0]}"


# ---------------------------------------------------------------- submissions that overwrite the test's data

@pytest.mark.parametrize("cell", sorted(set(SOLUTIONS) - {"batchnorm_backward"}))
def test_graded_tests_keep_their_references_from_data_a_submission_overwrites(cell, monkeypatch):
    """A correct answer that then overwrites every array the test passed it (as a wrong answer could,
    to make a reference computed afterwards agree with it) passes every test: tests compute their
    expectations from data the learner's code never held. Only Optimizer.update may change its
    first argument (the contract says it updates params in place)."""
    monkeypatch.setattr(checks, "check_unchanged", lambda *args, **kwargs: None)
    results = _graded(cell, own_only=False, prepare=lambda ns: poison_arguments(ns, in_place={"update": 0}))
    assert not any(results.values()), {k: v for k, v in results.items() if v}
