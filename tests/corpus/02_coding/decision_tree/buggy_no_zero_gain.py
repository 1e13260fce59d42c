# BUG: a split is only accepted if its gain is strictly positive (best_gain starts at 0), so zero-gain splits are refused and XOR cannot be learned.
import numpy as np
from collections import Counter


class TreeNode:
    def __init__(self):
        self.feature = None
        self.threshold = None
        self.left = None
        self.right = None
        self.prediction = None


class DecisionTree:
    def __init__(self, max_depth=5, min_samples_split=2):
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split
        self.root = None

    def entropy(self, y):
        y = np.asarray(y)
        if y.shape[0] == 0:
            return 0.0
        _, counts = np.unique(y, return_counts=True)
        p = counts / y.shape[0]
        return float(np.sum(p * np.log2(1.0 / p)))

    def information_gain(self, X_column, y, threshold):
        X_column = np.asarray(X_column)
        y = np.asarray(y)
        left_mask = X_column <= threshold
        n, n_left = len(y), np.sum(left_mask)
        if n_left in (0, n):
            return 0.0
        n_right = n - n_left
        weighted = n_left / n * self.entropy(y[left_mask]) + n_right / n * self.entropy(y[~left_mask])
        return self.entropy(y) - weighted

    def find_best_split(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y)
        best_gain = 0.0
        best_feature, best_threshold = None, None
        for feature in range(X.shape[1]):
            sorted_vals = np.unique(X[:, feature])
            for k in range(1, len(sorted_vals)):
                threshold = (sorted_vals[k - 1] + sorted_vals[k]) / 2.0
                gain = self.information_gain(X[:, feature], y, threshold)
                if gain > best_gain + 1e-12:
                    best_gain, best_feature, best_threshold = gain, feature, threshold
        return best_feature, best_threshold

    def _make_tree(self, X, y, depth):
        node = TreeNode()
        counts = Counter(y.tolist())
        most = max(counts.values())
        node.prediction = min(lbl for lbl, c in counts.items() if c == most)
        if self.max_depth is not None and depth >= self.max_depth:
            return node
        if len(y) < self.min_samples_split or len(counts) == 1:
            return node
        feature, threshold = self.find_best_split(X, y)
        if feature is None:
            return node
        mask = X[:, feature] <= threshold
        node.feature, node.threshold = feature, threshold
        node.left = self._make_tree(X[mask], y[mask], depth + 1)
        node.right = self._make_tree(X[~mask], y[~mask], depth + 1)
        return node

    def fit(self, X, y):
        self.root = self._make_tree(np.asarray(X, dtype=float), np.asarray(y), 0)
        return self

    def predict(self, X):
        X = np.asarray(X, dtype=float)
        result = []
        for sample in X:
            node = self.root
            while node.left is not None:
                node = node.left if sample[node.feature] <= node.threshold else node.right
            result.append(node.prediction)
        return np.array(result)
