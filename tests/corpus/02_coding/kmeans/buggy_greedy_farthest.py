# BUG: each next centre is deterministically the point farthest from the chosen centres (argmax of D^2) instead of being sampled with probability proportional to D^2.
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
        self.n_iter_ = None

    def initialize_centroids(self, X):
        X = np.asarray(X, dtype=float)
        if self.n_clusters > len(X):
            raise ValueError("Too many clusters for the number of samples")
        rng = np.random.default_rng(self.random_state)
        first = rng.integers(len(X))
        centroids = [X[first]]
        closest_sq = np.sum((X - X[first]) ** 2, axis=1)
        for _ in range(1, self.n_clusters):
            nxt = int(np.argmax(closest_sq))  # farthest point from the current centres
            centroids.append(X[nxt])
            closest_sq = np.minimum(closest_sq, np.sum((X - X[nxt]) ** 2, axis=1))
        return np.vstack(centroids)

    def _dists(self, X):
        return (X ** 2).sum(1)[:, None] - 2 * X @ self.centroids.T + (self.centroids ** 2).sum(1)[None, :]

    def fit(self, X):
        X = np.asarray(X, dtype=float)
        k = self.n_clusters
        self.centroids = self.initialize_centroids(X)
        it = 0
        while it < self.max_iters:
            labels = np.argmin(self._dists(X), axis=1)
            counts = np.bincount(labels, minlength=k)
            sums = np.zeros_like(self.centroids)
            np.add.at(sums, labels, X)
            new = self.centroids.copy()
            keep = counts > 0
            new[keep] = sums[keep] / counts[keep][:, None]
            it += 1
            moved = np.abs(new - self.centroids).max()
            self.centroids = new
            if moved <= self.tol:
                break
        self.n_iter_ = it
        D = np.maximum(self._dists(X), 0)
        self.labels_ = D.argmin(1)
        self.inertia_ = float(D.min(1).sum())
        return self

    def predict(self, X):
        return np.argmin(self._dists(np.asarray(X, dtype=float)), axis=1)
