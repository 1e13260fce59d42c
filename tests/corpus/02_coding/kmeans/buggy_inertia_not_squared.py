# BUG: inertia_ is the sum of (plain) Euclidean distances to the assigned centroids instead of the sum of squared distances.
import numpy as np


class KMeansPlusPlus:
    def __init__(self, n_clusters=3, max_iters=100, tol=1e-6, random_state=None):
        self.n_clusters = n_clusters
        self.max_iters = max_iters
        self.tol = tol
        self.random_state = random_state

    def initialize_centroids(self, X):
        X = np.asarray(X, dtype=float)
        n = len(X)
        if self.n_clusters > n:
            raise ValueError("n_clusters must be <= n_samples")
        rng = np.random.default_rng(self.random_state)
        centers = np.empty((self.n_clusters, X.shape[1]))
        centers[0] = X[rng.integers(n)]
        nearest = np.sum((X - centers[0]) ** 2, axis=1)
        for c in range(1, self.n_clusters):
            total = nearest.sum()
            if total == 0:
                pick = rng.integers(n)
            else:
                pick = np.searchsorted(np.cumsum(nearest), rng.random() * total, side="right")
                pick = min(pick, n - 1)
                while nearest[pick] == 0:  # rounding guard: never land on a zero-weight point
                    pick -= 1
            centers[c] = X[pick]
            nearest = np.minimum(nearest, np.sum((X - centers[c]) ** 2, axis=1))
        return centers

    def _closest(self, X):
        dist = np.linalg.norm(X[:, None, :] - self.centroids[None, :, :], axis=2)
        return dist.argmin(axis=1), dist

    def fit(self, X):
        X = np.asarray(X, dtype=float)
        self.centroids = self.initialize_centroids(X)
        self.n_iter_ = 0
        while self.n_iter_ < self.max_iters:
            labels, _ = self._closest(X)
            prev = self.centroids.copy()
            for j in range(self.n_clusters):
                members = X[labels == j]
                if members.shape[0] > 0:
                    self.centroids[j] = members.mean(axis=0)
            self.n_iter_ += 1
            if np.abs(self.centroids - prev).max() <= self.tol:
                break
        self.labels_, dist = self._closest(X)
        self.inertia_ = float(dist[np.arange(len(X)), self.labels_].sum())
        return self

    def predict(self, X):
        return self._closest(np.asarray(X, dtype=float))[0]
