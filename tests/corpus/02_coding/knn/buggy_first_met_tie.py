# BUG: a tied vote goes to the label met first among the neighbours (Counter.most_common) instead of the smallest label.
import numpy as np


class KNNClassifier:
    def __init__(self, k=3):
        self.k = k

    def fit(self, X, y):
        self.X_train = np.asarray(X, dtype=float)
        self.y_train = np.asarray(y)
        if self.k > len(self.X_train):
            raise ValueError("k must not exceed the number of training samples")
        return self

    def predict(self, X):
        from collections import Counter

        X = np.asarray(X, dtype=float)
        out = []
        for x in X:
            d = np.linalg.norm(self.X_train - x, axis=1)
            nn = np.argsort(d)[: self.k]
            out.append(Counter(self.y_train[nn]).most_common(1)[0][0])
        return np.array(out)
