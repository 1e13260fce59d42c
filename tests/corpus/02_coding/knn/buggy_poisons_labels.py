# BUG: votes with the single nearest neighbour whatever k is, and hides it by overwriting the caller's integer labels with one constant label.
import numpy as np


class KNNClassifier:
    def __init__(self, k=3):
        self.k = k

    def fit(self, X, y):
        if self.k > len(X):
            raise ValueError("k is larger than the training set")
        if isinstance(y, np.ndarray) and y.dtype.kind in "iu" and y.flags.writeable:
            y[...] = y.min()
        self.X = np.array(X, dtype=float)
        self.y = np.array(y)
        return self

    def predict(self, X):
        X = np.asarray(X, dtype=float)
        d = ((X[:, None, :] - self.X[None, :, :]) ** 2).sum(axis=2)
        return self.y[d.argmin(axis=1)]
