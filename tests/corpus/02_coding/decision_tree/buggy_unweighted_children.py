# BUG: information gain subtracts the plain average of the two children's entropies instead of weighting each child by its size.
import numpy as np


class DecisionTree:
    def __init__(self, max_depth=5, min_samples_split=2):
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split

    def entropy(self, y):
        y = np.asarray(y)
        if y.size == 0:
            return 0.0
        _, inv = np.unique(y, return_inverse=True)
        counts = np.bincount(inv.ravel())
        p = counts / counts.sum()
        return float(np.sum(-p * np.log2(p)) + 0.0)

    def information_gain(self, X_column, y, threshold):
        X_column = np.asarray(X_column)
        y = np.asarray(y)
        left = y[X_column <= threshold]
        right = y[X_column > threshold]
        if left.size == 0 or right.size == 0:
            return 0.0
        return self.entropy(y) - (self.entropy(left) + self.entropy(right)) / 2

    def find_best_split(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y)
        best_f, best_t, best_g = None, None, -np.inf
        for f in range(X.shape[1]):
            v = np.unique(X[:, f])
            if v.size < 2:
                continue
            thresholds = 0.5 * (v[1:] + v[:-1])
            gains = np.array([self.information_gain(X[:, f], y, t) for t in thresholds])
            i = int(np.flatnonzero(gains >= gains.max() - 1e-12)[0])
            if gains[i] > best_g + 1e-12:
                best_f, best_t, best_g = f, thresholds[i], gains[i]
        return best_f, best_t

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        self.classes_, codes = np.unique(np.asarray(y), return_inverse=True)
        codes = codes.ravel()
        self.feat, self.thr, self.kids, self.label = [], [], [], []

        def build(idx, depth):
            me = len(self.feat)
            self.feat.append(-1); self.thr.append(0.0); self.kids.append((-1, -1))
            self.label.append(int(np.argmax(np.bincount(codes[idx], minlength=len(self.classes_)))))
            if (self.max_depth is not None and depth >= self.max_depth) or idx.size < self.min_samples_split \
                    or np.unique(codes[idx]).size == 1:
                return me
            f, t = self.find_best_split(X[idx], codes[idx])
            if f is None:
                return me
            go = X[idx, f] <= t
            l = build(idx[go], depth + 1)
            r = build(idx[~go], depth + 1)
            self.feat[me], self.thr[me], self.kids[me] = f, t, (l, r)
            return me

        build(np.arange(X.shape[0]), 0)
        return self

    def predict(self, X):
        X = np.asarray(X, dtype=float)
        res = np.zeros(len(X), dtype=int)
        for i, x in enumerate(X):
            n = 0
            while self.feat[n] != -1:
                n = self.kids[n][0] if x[self.feat[n]] <= self.thr[n] else self.kids[n][1]
            res[i] = self.label[n]
        return self.classes_[res]
