# BUG: entropy uses the natural logarithm (np.log) instead of log2, so it is in nats, not bits.
import numpy as np


class Node:
    def __init__(self, feature=None, threshold=None, left=None, right=None, *, value=None):
        self.feature = feature
        self.threshold = threshold
        self.left = left
        self.right = right
        self.value = value


class DecisionTree:
    def __init__(self, max_depth=5, min_samples_split=2):
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split
        self.root = None

    def entropy(self, y):
        y = np.asarray(y)
        if len(y) == 0:
            return 0.0
        _, counts = np.unique(y, return_counts=True)
        probs = counts / len(y)
        return float(-np.sum(probs * np.log(probs)))

    def information_gain(self, X_column, y, threshold):
        X_column, y = np.asarray(X_column), np.asarray(y)
        left_idx = np.where(X_column <= threshold)[0]
        right_idx = np.where(X_column > threshold)[0]
        if len(left_idx) == 0 or len(right_idx) == 0:
            return 0.0
        n = len(y)
        child_entropy = (len(left_idx) / n) * self.entropy(y[left_idx]) + \
                        (len(right_idx) / n) * self.entropy(y[right_idx])
        return self.entropy(y) - child_entropy

    def find_best_split(self, X, y):
        X, y = np.asarray(X, dtype=float), np.asarray(y)
        best_gain = -1.0
        split_idx, split_thresh = None, None
        for feat in range(X.shape[1]):
            column = X[:, feat]
            uniq = np.unique(column)
            midpoints = (uniq[:-1] + uniq[1:]) / 2
            for thr in midpoints:
                gain = self.information_gain(column, y, thr)
                if gain > best_gain + 1e-12:
                    best_gain = gain
                    split_idx, split_thresh = feat, thr
        return split_idx, split_thresh

    def _most_common_label(self, y):
        labels, counts = np.unique(y, return_counts=True)
        return labels[np.argmax(counts)]

    def _grow_tree(self, X, y, depth=0):
        n_samples = len(y)
        n_labels = len(np.unique(y))
        if (self.max_depth is not None and depth >= self.max_depth) or n_labels == 1 \
                or n_samples < self.min_samples_split:
            return Node(value=self._most_common_label(y))
        feat, thr = self.find_best_split(X, y)
        if feat is None:
            return Node(value=self._most_common_label(y))
        left_mask = X[:, feat] <= thr
        left = self._grow_tree(X[left_mask], y[left_mask], depth + 1)
        right = self._grow_tree(X[~left_mask], y[~left_mask], depth + 1)
        return Node(feat, thr, left, right)

    def fit(self, X, y):
        self.root = self._grow_tree(np.asarray(X, dtype=float), np.asarray(y))
        return self

    def _traverse_tree(self, x, node):
        if node.value is not None:
            return node.value
        if x[node.feature] <= node.threshold:
            return self._traverse_tree(x, node.left)
        return self._traverse_tree(x, node.right)

    def predict(self, X):
        X = np.asarray(X, dtype=float)
        return np.array([self._traverse_tree(x, self.root) for x in X])
