# BUG: k larger than the number of training samples is not rejected; the slice silently uses all points instead of raising ValueError.
import numpy as np


class KNNClassifier:
    def __init__(self, k=3):
        self.k = k
        self.X_train = None
        self.y_train = None

    def fit(self, X, y):
        self.X_train = np.asarray(X, dtype=float)
        self.y_train = np.asarray(y)
        return self

    def predict(self, X):
        X = np.asarray(X, dtype=float)
        sq = np.sum((X[:, np.newaxis, :] - self.X_train[np.newaxis, :, :]) ** 2, axis=-1)
        order = np.argsort(sq, axis=1)[:, :self.k]
        out = []
        for i in range(X.shape[0]):
            classes, votes = np.unique(self.y_train[order[i]], return_counts=True)
            out.append(classes[np.argmax(votes)])
        return np.array(out)
