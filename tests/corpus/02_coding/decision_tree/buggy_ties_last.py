# BUG: gains are compared with >=, so ties go to the LAST feature / threshold examined instead of the lowest feature index and lowest threshold.
import numpy as np


class DecisionTree:
    def __init__(self, max_depth=5, min_samples_split=2):
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split

    def entropy(self, y):
        y = np.asarray(y)
        if y.size == 0:
            return 0.0
        _, idx = np.unique(y, return_inverse=True)
        freq = np.bincount(idx.ravel()) / y.size
        return float(-np.sum(freq * np.log2(freq))) + 0.0

    def information_gain(self, X_column, y, threshold):
        X_column = np.asarray(X_column)
        y = np.asarray(y)
        sel = X_column <= threshold
        if sel.sum() == 0 or (~sel).sum() == 0:
            return 0.0
        frac = sel.mean()
        return self.entropy(y) - frac * self.entropy(y[sel]) - (1 - frac) * self.entropy(y[~sel])

    def find_best_split(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y)
        best_gain, best = -np.inf, (None, None)
        for j in range(X.shape[1]):
            u = np.unique(X[:, j])
            for t in (u[:-1] + u[1:]) / 2:
                gain = self.information_gain(X[:, j], y, t)
                if gain >= best_gain - 1e-12:
                    best_gain, best = max(gain, best_gain), (j, t)
        return best

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        self.labels_, y_enc = np.unique(np.asarray(y), return_inverse=True)
        y_enc = y_enc.ravel()
        self.split_feature = []
        self.split_value = []
        self.child = []
        self.leaf_class = []
        queue = [(np.arange(len(y_enc)), 0, None, None)]
        while queue:
            idx, depth, parent, side = queue.pop(0)
            me = len(self.split_feature)
            if parent is not None:
                self.child[parent][side] = me
            self.split_feature.append(None)
            self.split_value.append(None)
            self.child.append([None, None])
            self.leaf_class.append(int(np.bincount(y_enc[idx], minlength=len(self.labels_)).argmax()))
            if self.max_depth is not None and depth >= self.max_depth:
                continue
            if len(idx) < self.min_samples_split or len(np.unique(y_enc[idx])) == 1:
                continue
            j, t = self.find_best_split(X[idx], y_enc[idx])
            if j is None:
                continue
            self.split_feature[me], self.split_value[me] = j, t
            m = X[idx, j] <= t
            queue.append((idx[m], depth + 1, me, 0))
            queue.append((idx[~m], depth + 1, me, 1))
        return self

    def predict(self, X):
        X = np.asarray(X, dtype=float)
        out = []
        for x in X:
            k = 0
            while self.split_feature[k] is not None:
                k = self.child[k][0] if x[self.split_feature[k]] <= self.split_value[k] else self.child[k][1]
            out.append(self.leaf_class[k])
        return self.labels_[np.array(out, dtype=int)]
