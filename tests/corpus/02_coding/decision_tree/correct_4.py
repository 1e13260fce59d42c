import numpy as np
from collections import Counter


class DecisionTree:
    """Entropy tree grown iteratively with an explicit stack (no recursion).
    Splits are found by sweeping each sorted feature once, moving samples
    from the right-hand class counts to the left-hand ones."""

    def __init__(self, max_depth=5, min_samples_split=2):
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split
        self.nodes = []

    @staticmethod
    def _h(counts, total):
        if total == 0:
            return 0.0
        h = 0.0
        for c in counts.values():
            if c > 0:
                p = c / total
                h += -p * np.log2(p)
        return h

    def entropy(self, y):
        y = list(y)
        return float(self._h(Counter(y), len(y)))

    def information_gain(self, X_column, y, threshold):
        X_column = np.asarray(X_column)
        y = np.asarray(y)
        left_y = y[X_column <= threshold]
        right_y = y[X_column > threshold]
        if len(left_y) == 0 or len(right_y) == 0:
            return 0.0
        n = len(y)
        return self.entropy(y) - (len(left_y) / n * self.entropy(left_y)
                                  + len(right_y) / n * self.entropy(right_y))

    def find_best_split(self, X, y):
        X = np.asarray(X, dtype=float)
        y = list(np.asarray(y))
        n = len(y)
        parent = self._h(Counter(y), n)
        best_feature, best_threshold, best_gain = None, None, -np.inf
        for f in range(X.shape[1]):
            order = np.argsort(X[:, f], kind="stable")
            xs = X[order, f]
            left, right = Counter(), Counter(y)
            for i in range(n - 1):
                label = y[order[i]]
                left[label] += 1
                right[label] -= 1
                if xs[i] == xs[i + 1]:
                    continue  # not a boundary between distinct values
                n_l = i + 1
                n_r = n - n_l
                gain = parent - (n_l * self._h(left, n_l) + n_r * self._h(right, n_r)) / n
                if gain > best_gain + 1e-12:
                    best_gain = gain
                    best_feature = f
                    best_threshold = (xs[i] + xs[i + 1]) / 2.0
        return best_feature, best_threshold

    @staticmethod
    def _majority(y):
        counts = Counter(y)
        best = max(counts.values())
        return sorted(label for label in counts if counts[label] == best)[0]

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y)
        self.nodes = []
        self.nodes.append({"samples": np.arange(len(y)), "depth": 0})
        stack = [0]
        while stack:
            node_id = stack.pop()
            node = self.nodes[node_id]
            idx = node.pop("samples")
            depth = node["depth"]
            y_node = y[idx]
            node["value"] = self._majority(y_node)
            node["feature"] = None
            if self.max_depth is not None and depth >= self.max_depth:
                continue
            if len(idx) < self.min_samples_split or len(set(y_node.tolist())) == 1:
                continue
            feature, threshold = self.find_best_split(X[idx], y_node)
            if feature is None:
                continue
            goes_left = X[idx, feature] <= threshold
            node["feature"] = feature
            node["threshold"] = threshold
            for side, sel in (("left", goes_left), ("right", ~goes_left)):
                self.nodes.append({"samples": idx[sel], "depth": depth + 1})
                node[side] = len(self.nodes) - 1
                stack.append(node[side])
        return self

    def predict(self, X):
        X = np.asarray(X, dtype=float)
        preds = []
        for x in X:
            node = self.nodes[0]
            while node["feature"] is not None:
                if x[node["feature"]] <= node["threshold"]:
                    node = self.nodes[node["left"]]
                else:
                    node = self.nodes[node["right"]]
            preds.append(node["value"])
        return np.array(preds)
