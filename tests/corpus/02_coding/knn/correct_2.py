import numpy as np


class KNNClassifier:
    def __init__(self, k=3):
        self.k = k
        self._X = None
        self._y = None

    def fit(self, X, y):
        X = np.asarray(X, dtype=np.float64)
        if X.ndim == 1:
            X = X.reshape(-1, 1)
        if not 1 <= self.k <= len(X):
            raise ValueError(f"k={self.k} must be between 1 and n_samples={len(X)}")
        self._X = X
        self._classes, self._y = np.unique(np.asarray(y), return_inverse=True)
        self._y = self._y.ravel()
        return self

    def predict(self, X):
        X = np.asarray(X, dtype=np.float64)
        if X.ndim == 1:
            X = X.reshape(-1, 1)
        # squared distances via the expanded form; the ordering is the same as for Euclidean distance
        d2 = (np.sum(X ** 2, axis=1)[:, None] - 2 * X @ self._X.T
              + np.sum(self._X ** 2, axis=1)[None, :])
        idx = np.argpartition(d2, self.k - 1, axis=1)[:, :self.k]
        codes = self._y[idx]                         # (m, k) integer class codes, sorted by label
        n_classes = len(self._classes)
        votes = np.zeros((len(X), n_classes), dtype=int)
        np.add.at(votes, (np.repeat(np.arange(len(X)), self.k), codes.ravel()), 1)
        return self._classes[votes.argmax(axis=1)]  # lowest code = smallest label on ties
