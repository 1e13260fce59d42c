# BUG: neighbours are ranked by Manhattan (L1) distance instead of Euclidean distance.
import numpy as np


class KNNClassifier:
    def __init__(self, k=3):
        self.k = k

    def fit(self, X, y):
        self.X = np.asarray(X, dtype=float)
        self.y = np.asarray(y)
        if self.k > self.X.shape[0]:
            raise ValueError("k must be <= number of training samples")
        return self

    def predict(self, X):
        X = np.asarray(X, dtype=float)
        dist = np.abs(X[:, None, :] - self.X[None, :, :]).sum(axis=2)
        nearest = np.argsort(dist, axis=1)[:, :self.k]
        preds = []
        for labels in self.y[nearest]:
            uniq, counts = np.unique(labels, return_counts=True)
            preds.append(uniq[np.argmax(counts)])  # uniq is sorted: smallest label wins ties
        return np.array(preds)
