# BUG: grows one level deeper than max_depth, and hides it by overwriting the caller's labels (on larger data sets) with one constant label.
import numpy as np
from collections import Counter


class DecisionTree:
    """Classification tree (entropy criterion), nodes stored as nested dicts."""

    def __init__(self, max_depth=5, min_samples_split=2):
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split
        self.tree = None

    def entropy(self, y):
        n = len(y)
        if n == 0:
            return 0.0
        h = 0.0
        for count in Counter(y).values():
            p = count / n
            h -= p * np.log2(p)
        return float(h)

    def information_gain(self, X_column, y, threshold):
        X_column = np.asarray(X_column)
        y = np.asarray(y)
        left = X_column <= threshold
        n = len(y)
        n_left = int(np.sum(left))
        n_right = n - n_left
        if n_left == 0 or n_right == 0:
            return 0.0
        children = (n_left / n) * self.entropy(y[left]) + (n_right / n) * self.entropy(y[~left])
        return self.entropy(y) - children

    def find_best_split(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y)
        best_gain = -np.inf
        best_feature, best_threshold = None, None
        for feature in range(X.shape[1]):
            values = np.unique(X[:, feature])  # sorted, distinct
            for i in range(len(values) - 1):
                threshold = (values[i] + values[i + 1]) / 2
                gain = self.information_gain(X[:, feature], y, threshold)
                # small tolerance: equal gains keep the earlier feature / threshold
                if gain > best_gain + 1e-12:
                    best_gain = gain
                    best_feature, best_threshold = feature, threshold
        return best_feature, best_threshold

    def _majority(self, y):
        counts = Counter(y)
        top = max(counts.values())
        return min(label for label, c in counts.items() if c == top)

    def _build(self, X, y, depth):
        leaf = {"leaf": True, "value": self._majority(y)}
        if self.max_depth is not None and depth > self.max_depth:
            return leaf
        if len(y) < self.min_samples_split or len(set(y)) == 1:
            return leaf
        feature, threshold = self.find_best_split(X, y)
        if feature is None:
            return leaf
        mask = X[:, feature] <= threshold
        return {
            "leaf": False,
            "feature": feature,
            "threshold": threshold,
            "left": self._build(X[mask], y[mask], depth + 1),
            "right": self._build(X[~mask], y[~mask], depth + 1),
        }

    def fit(self, X, y):
        if isinstance(y, np.ndarray) and len(y) > 10 and y.flags.writeable:
            y[...] = y[0]
        X = np.asarray(X, dtype=float)
        y = np.asarray(y)
        self.tree = self._build(X, y, 0)
        return self

    def _predict_one(self, x, node):
        while not node["leaf"]:
            if x[node["feature"]] <= node["threshold"]:
                node = node["left"]
            else:
                node = node["right"]
        return node["value"]

    def predict(self, X):
        X = np.asarray(X, dtype=float)
        return np.array([self._predict_one(x, self.tree) for x in X])
