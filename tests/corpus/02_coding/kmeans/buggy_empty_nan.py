# BUG: an empty cluster's centroid is recomputed as the mean of an empty slice, so it becomes NaN instead of keeping its previous position.
import numpy as np


class KMeansPlusPlus:
    def __init__(self, n_clusters=3, max_iters=100, tol=1e-6, random_state=None):
        self.n_clusters = n_clusters
        self.max_iters = max_iters
        self.tol = tol
        self.random_state = random_state

    def initialize_centroids(self, X):
        X = np.asarray(X, dtype=float)
        n = X.shape[0]
        if self.n_clusters > n:
            raise ValueError("n_clusters > number of samples")
        rng = np.random.default_rng(self.random_state)
        chosen = [int(rng.integers(0, n))]
        for _ in range(self.n_clusters - 1):
            d2 = np.min([np.sum((X - X[c]) ** 2, axis=1) for c in chosen], axis=0)
            s = d2.sum()
            p = d2 / s if s > 0 else np.full(n, 1.0 / n)
            chosen.append(int(rng.choice(n, p=p)))
        return X[chosen].copy()

    def fit(self, X):
        X = np.asarray(X, dtype=float)
        self.centroids = self.initialize_centroids(X)
        for it in range(self.max_iters):
            dist = ((X[:, None] - self.centroids[None]) ** 2).sum(-1)
            labels = dist.argmin(1)
            new_centroids = np.array([X[labels == j].mean(axis=0) for j in range(self.n_clusters)])
            shift = np.abs(new_centroids - self.centroids).max()
            self.centroids = new_centroids
            if shift <= self.tol:
                break
        self.n_iter_ = it + 1 if self.max_iters > 0 else 0
        dist = ((X[:, None] - self.centroids[None]) ** 2).sum(-1)
        self.labels_ = dist.argmin(1)
        self.inertia_ = float(dist[np.arange(len(X)), self.labels_].sum())
        return self

    def predict(self, X):
        X = np.asarray(X, dtype=float)
        return ((X[:, None] - self.centroids[None]) ** 2).sum(-1).argmin(1)
