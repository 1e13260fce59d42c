# BUG: min_samples_split is stored but never checked, so nodes with fewer samples are still split.
import numpy as np
from collections import Counter


class DecisionTree:
    def __init__(self, max_depth=5, min_samples_split=2):
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split
        self.root = None

    def entropy(self, y):
        if len(y) == 0:
            return 0.0
        counts = np.array(list(Counter(y).values()))
        probabilities = counts / counts.sum()
        return float(sum(-p * np.log2(p) for p in probabilities)) + 0.0

    def information_gain(self, X_column, y, threshold):
        X_column = np.asarray(X_column)
        y = np.asarray(y)
        left_y = y[X_column <= threshold]
        right_y = y[X_column > threshold]
        if len(left_y) == 0 or len(right_y) == 0:
            return 0.0
        p_left = len(left_y) / len(y)
        p_right = len(right_y) / len(y)
        return self.entropy(y) - p_left * self.entropy(left_y) - p_right * self.entropy(right_y)

    def find_best_split(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y)
        candidates = []
        for feature_index in range(X.shape[1]):
            values = sorted(set(X[:, feature_index].tolist()))
            for lo, hi in zip(values, values[1:]):
                threshold = (lo + hi) / 2
                candidates.append((self.information_gain(X[:, feature_index], y, threshold),
                                   feature_index, threshold))
        if not candidates:
            return None, None
        top = max(c[0] for c in candidates)
        # candidates are in (feature, threshold) order: the first near-maximum wins
        for gain, feature_index, threshold in candidates:
            if gain >= top - 1e-12:
                return feature_index, threshold

    def _majority(self, y):
        c = Counter(y)
        best = max(c.values())
        return min(label for label in c if c[label] == best)

    def _build(self, X, y, depth):
        if (self.max_depth is not None and depth >= self.max_depth) or len(set(y)) == 1:
            return {"value": self._majority(y)}
        feature_index, threshold = self.find_best_split(X, y)
        if feature_index is None:
            return {"value": self._majority(y)}
        go_left = X[:, feature_index] <= threshold
        return {
            "feature_index": feature_index,
            "threshold": threshold,
            "left": self._build(X[go_left], y[go_left], depth + 1),
            "right": self._build(X[~go_left], y[~go_left], depth + 1),
        }

    def fit(self, X, y):
        self.root = self._build(np.asarray(X, dtype=float), np.asarray(y), 0)
        return self

    def _predict_row(self, row, node):
        if "value" in node:
            return node["value"]
        if row[node["feature_index"]] <= node["threshold"]:
            return self._predict_row(row, node["left"])
        return self._predict_row(row, node["right"])

    def predict(self, X):
        return np.array([self._predict_row(row, self.root) for row in np.asarray(X, dtype=float)])
