# BUG: off-by-one slice takes only k-1 nearest neighbours into the vote.
import numpy as np


class KNNClassifier:
    def __init__(self, k=3):
        self.k = k

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        if self.k > X.shape[0]:
            raise ValueError("k > n_samples")
        self.X, self.y = X, np.asarray(y)
        return self

    def predict(self, X):
        X = np.asarray(X, dtype=float)
        D = np.sqrt(np.maximum((X ** 2).sum(1)[:, None] - 2 * X @ self.X.T + (self.X ** 2).sum(1)[None, :], 0))
        neigh = np.argsort(D, axis=1)[:, :self.k - 1]
        result = []
        for row in neigh:
            vals, cnt = np.unique(self.y[row], return_counts=True)
            result.append(vals[cnt.argmax()])
        return np.array(result)
