import numpy as np


class KNNClassifier:
    def __init__(self, k=3):
        self.k = k

    def fit(self, X, y):
        self.X = np.array(X, dtype=float)
        self.y = list(y)
        if self.k > len(self.y):
            raise ValueError("k is larger than the training set")
        return self

    def _predict_one(self, x):
        from collections import Counter

        distances = [np.sqrt(np.sum((x - xt) ** 2)) for xt in self.X]
        order = np.argsort(distances)[: self.k]
        votes = Counter(self.y[i] for i in order)
        best = max(votes.values())
        return min(label for label, c in votes.items() if c == best)

    def predict(self, X):
        X = np.array(X, dtype=float)
        return np.array([self._predict_one(x) for x in X])
