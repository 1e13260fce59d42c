# BUG: candidate thresholds are the data values themselves (each distinct value but the largest) instead of midpoints between consecutive values.
import numpy as np
from collections import Counter


class DecisionTree:
    def __init__(self, max_depth=5, min_samples_split=2):
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split
        self.tree_ = None

    def entropy(self, y):
        total = len(y)
        if total == 0:
            return 0.0
        result = 0.0
        for cnt in Counter(y).values():
            frac = cnt / total
            result += frac * np.log2(1 / frac)
        return float(result)

    def information_gain(self, X_column, y, threshold):
        X_column = np.asarray(X_column)
        y = np.asarray(y)
        mask = X_column <= threshold
        if mask.all() or not mask.any():
            return 0.0
        w_left = mask.mean()
        w_right = 1.0 - w_left
        return self.entropy(y) - (w_left * self.entropy(y[mask]) + w_right * self.entropy(y[~mask]))

    def find_best_split(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y)
        best = {"gain": -np.inf, "feature": None, "threshold": None}
        for j in range(X.shape[1]):
            distinct = np.unique(X[:, j])
            for value in distinct[:-1]:
                g = self.information_gain(X[:, j], y, value)
                if g > best["gain"] + 1e-12:
                    best = {"gain": g, "feature": j, "threshold": value}
        return best["feature"], best["threshold"]

    def _leaf(self, y):
        counts = Counter(y)
        top = max(counts.values())
        return {"label": min(k for k, v in counts.items() if v == top)}

    def _build(self, X, y, depth):
        if self.max_depth is not None and depth >= self.max_depth:
            return self._leaf(y)
        if len(y) < self.min_samples_split or len(np.unique(y)) == 1:
            return self._leaf(y)
        j, thr = self.find_best_split(X, y)
        if j is None:
            return self._leaf(y)
        m = X[:, j] <= thr
        return {"feature": j, "threshold": thr,
                "left": self._build(X[m], y[m], depth + 1),
                "right": self._build(X[~m], y[~m], depth + 1)}

    def fit(self, X, y):
        self.tree_ = self._build(np.asarray(X, dtype=float), np.asarray(y), 0)
        return self

    def predict(self, X):
        X = np.asarray(X, dtype=float)
        out = []
        for row in X:
            node = self.tree_
            while "label" not in node:
                node = node["left"] if row[node["feature"]] <= node["threshold"] else node["right"]
            out.append(node["label"])
        return np.array(out)
