import numpy as np


class KNNClassifier:
    def __init__(self, k=3):
        self.k = k

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y)
        if self.k > X.shape[0]:
            raise ValueError("k cannot be larger than the number of training samples")
        self.X_train = X
        self.y_train = y
        return self

    def predict(self, X):
        X = np.asarray(X, dtype=float)
        dists = np.sqrt(((X[:, None, :] - self.X_train[None, :, :]) ** 2).sum(axis=2))
        nearest = np.argsort(dists, axis=1, kind="stable")[:, :self.k]
        preds = []
        for row in nearest:
            labels, counts = np.unique(self.y_train[row], return_counts=True)
            # np.unique sorts the labels, argmax returns the first maximum -> smallest label wins ties
            preds.append(labels[np.argmax(counts)])
        return np.array(preds)
