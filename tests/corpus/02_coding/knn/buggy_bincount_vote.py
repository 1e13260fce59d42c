# BUG: the vote is counted with np.bincount, which fails for string labels and negative integer labels.
import numpy as np


class KNNClassifier:
    def __init__(self, k=3):
        self.k = k

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y)
        if self.k > len(X):
            raise ValueError("k exceeds the number of training points")
        self.X_, self.y_ = X, y
        return self

    def predict(self, X):
        X = np.asarray(X, dtype=float)
        d = ((X[:, None, :] - self.X_[None, :, :]) ** 2).sum(-1)
        nn = np.argpartition(d, self.k - 1, axis=1)[:, :self.k]
        return np.array([np.bincount(self.y_[row]).argmax() for row in nn])
