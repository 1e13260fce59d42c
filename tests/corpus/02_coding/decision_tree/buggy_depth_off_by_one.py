# BUG: the depth check is `depth > max_depth`, so the tree grows one level deeper than max_depth (max_depth=1 gives two levels of splits).
import numpy as np


class DecisionTree:
    class _Node:
        __slots__ = ("feature", "threshold", "left", "right", "label")

        def __init__(self, label):
            self.feature = None
            self.threshold = None
            self.left = None
            self.right = None
            self.label = label

    def __init__(self, max_depth=5, min_samples_split=2):
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split

    @staticmethod
    def _H(counts):
        counts = np.atleast_2d(counts).astype(float)
        tot = counts.sum(axis=1, keepdims=True)
        p = np.divide(counts, tot, out=np.zeros_like(counts), where=tot > 0)
        logp = np.log2(p, out=np.zeros_like(p), where=p > 0)
        return -(p * logp).sum(axis=1)

    def entropy(self, y):
        y = np.asarray(y)
        if y.size == 0:
            return 0.0
        _, c = np.unique(y, return_counts=True)
        return float(self._H(c)[0])

    def information_gain(self, X_column, y, threshold):
        X_column = np.asarray(X_column)
        y = np.asarray(y)
        left = X_column <= threshold
        nl = int(left.sum())
        nr = y.size - nl
        if nl == 0 or nr == 0:
            return 0.0
        return self.entropy(y) - (nl * self.entropy(y[left]) + nr * self.entropy(y[~left])) / y.size

    def find_best_split(self, X, y):
        X = np.asarray(X, dtype=float)
        _, enc = np.unique(np.asarray(y), return_inverse=True)
        enc = enc.ravel()
        n, d = X.shape
        Y = np.eye(enc.max() + 1)[enc]
        tot = Y.sum(0)
        h0 = self._H(tot)[0]
        best_gain, best_f, best_t = -np.inf, None, None
        for f in range(d):
            o = X[:, f].argsort(kind="mergesort")
            x = X[o, f]
            cl = Y[o].cumsum(0)[:-1]
            ok = x[1:] > x[:-1]
            if not ok.any():
                continue
            sizes = np.arange(1, n)
            g = h0 - (sizes * self._H(cl) + (n - sizes) * self._H(tot - cl)) / n
            g = np.where(ok, g, -np.inf)
            i = int(np.argmax(g >= g.max() - 1e-12))
            if g[i] > best_gain + 1e-12:
                best_gain, best_f, best_t = g[i], f, (x[i] + x[i + 1]) / 2
        return best_f, best_t

    def _grow(self, X, y, depth):
        vals, cnt = np.unique(y, return_counts=True)
        node = self._Node(vals[np.argmax(cnt)])
        if self.max_depth is not None and depth > self.max_depth:
            return node
        if len(y) < self.min_samples_split or len(vals) == 1:
            return node
        f, t = self.find_best_split(X, y)
        if f is None:
            return node
        m = X[:, f] <= t
        node.feature, node.threshold = f, t
        node.left = self._grow(X[m], y[m], depth + 1)
        node.right = self._grow(X[~m], y[~m], depth + 1)
        return node

    def fit(self, X, y):
        self.root_ = self._grow(np.asarray(X, dtype=float), np.asarray(y), 0)
        return self

    def predict(self, X):
        X = np.asarray(X, dtype=float)
        out = []
        for x in X:
            nd = self.root_
            while nd.feature is not None:
                nd = nd.left if x[nd.feature] <= nd.threshold else nd.right
            out.append(nd.label)
        return np.array(out)
