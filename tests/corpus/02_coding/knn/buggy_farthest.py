# BUG: the vote uses the k farthest training points (tail of the ascending sort) instead of the k nearest.
import numpy as np


class KNNClassifier:
    def __init__(self, k=3):
        self.k = k

    def fit(self, X, y):
        if self.k > len(X):
            raise ValueError("k is larger than the number of training samples")
        self.X_train = np.array(X, dtype=float)
        self.y_train = np.array(y)
        return self

    def predict(self, X):
        X = np.array(X, dtype=float)
        preds = []
        for x in X:
            dist = np.sqrt(np.sum((self.X_train - x) ** 2, axis=1))
            idx = np.argsort(dist)[-self.k:]
            labels, counts = np.unique(self.y_train[idx], return_counts=True)
            preds.append(labels[np.argmax(counts)])
        return np.array(preds)
