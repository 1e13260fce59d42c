# BUG: n_iter_ stores the 0-based loop index, so it reports one Lloyd iteration fewer than were actually run.
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

    def initialize_centroids(self, X):
        X = np.array(X, dtype=float)
        n = X.shape[0]
        if self.n_clusters > n:
            raise ValueError("n_clusters exceeds n_samples")
        rng = np.random.default_rng(self.random_state)
        centroids = [X[rng.integers(n)]]
        min_sq = np.full(n, np.inf)
        for _ in range(1, self.n_clusters):
            min_sq = np.minimum(min_sq, np.sum((X - centroids[-1]) ** 2, axis=1))
            s = min_sq.sum()
            j = rng.choice(n, p=min_sq / s) if s > 0 else rng.integers(n)
            centroids.append(X[j])
        return np.array(centroids)

    def _labels(self, X, C):
        sq = np.sum(X ** 2, axis=1, keepdims=True) - 2 * X @ C.T + np.sum(C ** 2, axis=1)
        return np.argmin(sq, axis=1)

    def fit(self, X):
        X = np.array(X, dtype=float)
        k = self.n_clusters
        C = self.initialize_centroids(X)
        for i in range(self.max_iters):
            labels = self._labels(X, C)
            sums = np.zeros_like(C)
            np.add.at(sums, labels, X)
            cnt = np.bincount(labels, minlength=k)
            newC = np.where(cnt[:, None] > 0, sums / np.maximum(cnt, 1)[:, None], C)
            self.n_iter_ = i
            if np.all(np.abs(newC - C) <= self.tol):
                C = newC
                break
            C = newC
        self.centroids = C
        self.labels_ = self._labels(X, C)
        self.inertia_ = float(np.sum((X - C[self.labels_]) ** 2))
        return self

    def predict(self, X):
        return self._labels(np.array(X, dtype=float), self.centroids)
