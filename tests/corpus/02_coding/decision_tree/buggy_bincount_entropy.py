# BUG: entropy counts labels with np.bincount(y), which only works for non-negative integer labels (negative ints and strings raise).
import numpy as np
from collections import Counter


class DecisionTree:
    def __init__(self, max_depth=5, min_samples_split=2):
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split

    def entropy(self, y):
        y = np.asarray(y)
        if len(y) == 0:
            return 0.0
        hist = np.bincount(y)
        ps = hist[hist > 0] / len(y)
        return float(np.sum(-ps * np.log2(ps))) + 0.0

    def information_gain(self, X_column, y, threshold):
        X_column = np.asarray(X_column)
        y = np.asarray(y)
        left = X_column <= threshold
        n_left, n_right = np.count_nonzero(left), np.count_nonzero(~left)
        if n_left == 0 or n_right == 0:
            return 0.0
        n = n_left + n_right
        children = (n_left * self.entropy(y[left]) + n_right * self.entropy(y[~left])) / n
        return self.entropy(y) - children

    def find_best_split(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y)
        best_gain = None
        best_feature = best_threshold = None
        for f in range(X.shape[1]):
            values = np.unique(X[:, f])
            for lo, hi in zip(values[:-1], values[1:]):
                t = (lo + hi) / 2
                g = self.information_gain(X[:, f], y, t)
                if best_gain is None or g > best_gain + 1e-12:
                    best_gain, best_feature, best_threshold = g, f, t
        return best_feature, best_threshold

    def _leaf(self, y):
        counts = Counter(y.tolist())
        m = max(counts.values())
        return {"is_leaf": True, "label": sorted(k for k, v in counts.items() if v == m)[0]}

    def _split(self, X, y, depth):
        if self.max_depth is not None and depth >= self.max_depth:
            return self._leaf(y)
        if len(y) < self.min_samples_split or len(np.unique(y)) == 1:
            return self._leaf(y)
        f, t = self.find_best_split(X, y)
        if f is None:
            return self._leaf(y)
        m = X[:, f] <= t
        return {"is_leaf": False, "f": f, "t": t,
                "lo": self._split(X[m], y[m], depth + 1),
                "hi": self._split(X[~m], y[~m], depth + 1)}

    def fit(self, X, y):
        self.root = self._split(np.asarray(X, dtype=float), np.asarray(y), 0)
        return self

    def predict(self, X):
        X = np.asarray(X, dtype=float)
        preds = []
        for x in X:
            node = self.root
            while not node["is_leaf"]:
                node = node["lo"] if x[node["f"]] <= node["t"] else node["hi"]
            preds.append(node["label"])
        return np.array(preds)
