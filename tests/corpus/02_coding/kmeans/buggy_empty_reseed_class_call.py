# BUG: a cluster that empties is re-seeded at a random data point instead of keeping its previous centroid (and fit calls the seeding through the class).
import numpy as np


class KMeansPlusPlus:
    def __init__(self, n_clusters=3, max_iters=100, tol=1e-6, random_state=None):
        self.n_clusters = n_clusters
        self.max_iters = max_iters
        self.tol = tol
        self.random_state = random_state
        self.centroids = None
        self.labels_ = None
        self.inertia_ = None
        self.n_iter_ = 0

    @staticmethod
    def _d2(X, C):
        return np.maximum((X * X).sum(axis=1)[:, None] - 2.0 * (X @ C.T) + (C * C).sum(axis=1)[None, :], 0.0)

    def initialize_centroids(self, X):
        X = np.asarray(X, dtype=float)
        n = X.shape[0]
        if self.n_clusters > n:
            raise ValueError("n_clusters is larger than the number of samples")
        rng = np.random.default_rng(self.random_state)
        C = X[[rng.integers(n)]]
        for _ in range(1, self.n_clusters):
            w = self._d2(X, C).min(axis=1)
            if w.sum() > 0:
                i = rng.choice(n, p=w / w.sum())
            else:
                i = rng.integers(n)
            C = np.concatenate([C, X[[i]]], axis=0)
        return C

    def fit(self, X):
        X = np.asarray(X, dtype=float)
        k = self.n_clusters
        rng = np.random.default_rng(self.random_state)
        C = KMeansPlusPlus.initialize_centroids(self, X)
        self.n_iter_ = 0
        for _ in range(self.max_iters):
            labels = self._d2(X, C).argmin(axis=1)
            counts = np.bincount(labels, minlength=k).astype(float)
            sums = np.stack([np.bincount(labels, weights=X[:, f], minlength=k) for f in range(X.shape[1])], axis=1)
            C_new = np.empty_like(C)
            for j in range(k):
                if counts[j] > 0:
                    C_new[j] = sums[j] / counts[j]
                else:
                    C_new[j] = X[rng.integers(len(X))]  # revive the dead cluster
            self.n_iter_ += 1
            stop = np.max(np.abs(C_new - C)) <= self.tol
            C = C_new
            if stop:
                break
        self.centroids = C
        D = self._d2(X, C)
        self.labels_ = D.argmin(axis=1)
        self.inertia_ = float(D[np.arange(len(X)), self.labels_].sum())
        return self

    def predict(self, X):
        return self._d2(np.asarray(X, dtype=float), self.centroids).argmin(axis=1)
