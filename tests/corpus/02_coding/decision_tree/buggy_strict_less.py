# BUG: the left side uses a strict X_column < threshold (everywhere) instead of X_column <= threshold.
import numpy as np
from collections import Counter


class DecisionTree:
    def __init__(self, max_depth=5, min_samples_split=2):
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split

    def entropy(self, y):
        n = len(y)
        if n == 0:
            return 0.0
        ps = np.array(list(Counter(list(y)).values()), dtype=float) / n
        return float(-(ps * np.log2(ps)).sum()) + 0.0

    def information_gain(self, X_column, y, threshold):
        X_column = np.asarray(X_column)
        y = np.asarray(y)
        is_left = X_column < threshold
        n_l, n = is_left.sum(), len(y)
        if n_l == 0 or n_l == n:
            return 0.0
        return self.entropy(y) - (n_l * self.entropy(y[is_left]) + (n - n_l) * self.entropy(y[~is_left])) / n

    def find_best_split(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y)
        best = (-np.inf, None, None)
        for feature in range(X.shape[1]):
            xs = np.sort(np.unique(X[:, feature]))
            for a, b in zip(xs[:-1], xs[1:]):
                t = (a + b) / 2
                g = self.information_gain(X[:, feature], y, t)
                if g > best[0] + 1e-12:
                    best = (g, feature, t)
        return best[1], best[2]

    @staticmethod
    def _vote(y):
        c = Counter(y.tolist())
        m = max(c.values())
        return sorted(k for k in c if c[k] == m)[0]

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y)
        self.nodes = [None]
        todo = [(0, np.arange(len(y)), 0)]
        while todo:
            slot, idx, depth = todo.pop()
            yy = y[idx]
            node = {"leaf": True, "value": self._vote(yy)}
            self.nodes[slot] = node
            if self.max_depth is not None and depth >= self.max_depth:
                continue
            if len(idx) < self.min_samples_split or len(np.unique(yy)) == 1:
                continue
            f, t = self.find_best_split(X[idx], yy)
            if f is None:
                continue
            lm = X[idx, f] < t
            node.update(leaf=False, feature=f, threshold=t, left=len(self.nodes), right=len(self.nodes) + 1)
            self.nodes += [None, None]
            todo.append((node["left"], idx[lm], depth + 1))
            todo.append((node["right"], idx[~lm], depth + 1))
        return self

    def predict(self, X):
        X = np.asarray(X, dtype=float)
        labels = []
        for x in X:
            nd = self.nodes[0]
            while not nd["leaf"]:
                nd = self.nodes[nd["left"]] if x[nd["feature"]] < nd["threshold"] else self.nodes[nd["right"]]
            labels.append(nd["value"])
        return np.array(labels)
