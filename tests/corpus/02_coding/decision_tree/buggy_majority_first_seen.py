# BUG: leaf labels use Counter.most_common(1), so a tie in the majority vote goes to the first-seen label, not the smallest label.
import numpy as np
from collections import Counter


class DecisionTree:
    def __init__(self, max_depth=5, min_samples_split=2):
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split
        self.tree = None

    def entropy(self, y):
        counter = Counter(np.asarray(y).tolist())
        n = sum(counter.values())
        if n == 0:
            return 0.0
        return float(-sum((c / n) * np.log2(c / n) for c in counter.values())) + 0.0

    def information_gain(self, X_column, y, threshold):
        X_column = np.asarray(X_column)
        y = np.asarray(y)
        left = X_column <= threshold
        right = ~left
        if not left.any() or not right.any():
            return 0.0
        n = len(y)
        return (self.entropy(y)
                - left.sum() / n * self.entropy(y[left])
                - right.sum() / n * self.entropy(y[right]))

    def find_best_split(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y)
        best_feature = best_threshold = None
        best_gain = float("-inf")
        for feature in range(X.shape[1]):
            col = X[:, feature]
            vals = np.unique(col)
            for i in range(vals.size - 1):
                thr = vals[i] + (vals[i + 1] - vals[i]) / 2
                gain = self.information_gain(col, y, thr)
                if gain - best_gain > 1e-12:
                    best_gain, best_feature, best_threshold = gain, feature, thr
        return best_feature, best_threshold

    def _build_tree(self, X, y, depth):
        label = Counter(y.tolist()).most_common(1)[0][0]
        if self.max_depth is not None and depth >= self.max_depth:
            return ("leaf", label)
        if len(y) < self.min_samples_split or len(set(y.tolist())) == 1:
            return ("leaf", label)
        feature, thr = self.find_best_split(X, y)
        if feature is None:
            return ("leaf", label)
        mask = X[:, feature] <= thr
        return ("split", feature, thr,
                self._build_tree(X[mask], y[mask], depth + 1),
                self._build_tree(X[~mask], y[~mask], depth + 1))

    def fit(self, X, y):
        self.tree = self._build_tree(np.asarray(X, dtype=float), np.asarray(y), 0)
        return self

    def _predict_one(self, x):
        node = self.tree
        while node[0] == "split":
            _, feature, thr, left, right = node
            node = left if x[feature] <= thr else right
        return node[1]

    def predict(self, X):
        X = np.asarray(X, dtype=float)
        return np.array([self._predict_one(x) for x in X])
