import numpy as np


class DecisionTree:
    """Entropy tree with a nested Node class; splits found by a sorted sweep
    with cumulative class counts (vectorised over thresholds)."""

    class Node:
        def __init__(self, feature=None, threshold=None, left=None, right=None, value=None):
            self.feature = feature
            self.threshold = threshold
            self.left = left
            self.right = right
            self.value = value

        def is_leaf(self):
            return self.left is None

    def __init__(self, max_depth=5, min_samples_split=2):
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split
        self.root = None

    def entropy(self, y):
        y = np.asarray(y)
        if y.size == 0:
            return 0.0
        _, counts = np.unique(y, return_counts=True)
        p = counts / y.size
        return float(np.sum(p * np.log2(1.0 / p)))

    @staticmethod
    def _entropy_rows(counts):
        # counts: (m, k) class counts, every row with a positive total
        totals = counts.sum(axis=1, keepdims=True)
        p = counts / totals
        with np.errstate(divide="ignore", invalid="ignore"):
            terms = np.where(p > 0, p * np.log2(p), 0.0)
        return -terms.sum(axis=1)

    def information_gain(self, X_column, y, threshold):
        X_column = np.asarray(X_column)
        y = np.asarray(y)
        mask = X_column <= threshold
        n = y.size
        n_l = np.count_nonzero(mask)
        n_r = n - n_l
        if n_l == 0 or n_r == 0:
            return 0.0
        weighted = (n_l * self.entropy(y[mask]) + n_r * self.entropy(y[~mask])) / n
        return self.entropy(y) - weighted

    def find_best_split(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y)
        n, d = X.shape
        _, codes = np.unique(y, return_inverse=True)
        codes = codes.ravel()
        k = codes.max() + 1 if n else 0
        onehot = np.zeros((n, k))
        onehot[np.arange(n), codes] = 1.0
        total = onehot.sum(axis=0)
        parent = self._entropy_rows(total[None, :])[0] if n else 0.0
        tol = 1e-12
        best_gain, best_feature, best_threshold = -np.inf, None, None
        for f in range(d):
            order = np.argsort(X[:, f], kind="stable")
            xs = X[order, f]
            cum = np.cumsum(onehot[order], axis=0)
            pos = np.flatnonzero(xs[:-1] < xs[1:])  # split between pos and pos + 1
            if pos.size == 0:
                continue
            left = cum[pos]
            right = total - left
            n_left = pos + 1.0
            n_right = n - n_left
            child = (n_left * self._entropy_rows(left) + n_right * self._entropy_rows(right)) / n
            gains = parent - child
            j = np.flatnonzero(gains >= gains.max() - tol)[0]  # lowest threshold among (near) ties
            if gains[j] > best_gain + tol:
                best_gain = gains[j]
                best_feature = f
                best_threshold = (xs[pos[j]] + xs[pos[j] + 1]) / 2.0
        return best_feature, best_threshold

    @staticmethod
    def _leaf_value(y):
        labels, counts = np.unique(y, return_counts=True)
        return labels[np.argmax(counts)]  # labels sorted -> smallest wins a tie

    def _grow(self, X, y, depth):
        node = self.Node(value=self._leaf_value(y))
        if self.max_depth is not None and depth >= self.max_depth:
            return node
        if y.size < self.min_samples_split or np.unique(y).size == 1:
            return node
        feature, threshold = self.find_best_split(X, y)
        if feature is None:
            return node
        go_left = X[:, feature] <= threshold
        node.feature = feature
        node.threshold = threshold
        node.left = self._grow(X[go_left], y[go_left], depth + 1)
        node.right = self._grow(X[~go_left], y[~go_left], depth + 1)
        return node

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y)
        self.root = self._grow(X, y, 0)
        return self

    def _traverse(self, x, node):
        if node.is_leaf():
            return node.value
        if x[node.feature] <= node.threshold:
            return self._traverse(x, node.left)
        return self._traverse(x, node.right)

    def predict(self, X):
        X = np.asarray(X, dtype=float)
        return np.array([self._traverse(row, self.root) for row in X])
