# BUG: the k-means++ seeding samples each next centre proportionally to the distance D to the nearest centre instead of D squared.
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
            raise ValueError("n_clusters > n_samples")
        rng = np.random.default_rng(self.random_state)
        centroids = [X[rng.integers(n)]]
        for _ in range(self.n_clusters - 1):
            dist = np.min(np.linalg.norm(X[:, None, :] - np.array(centroids)[None, :, :], axis=2), axis=1)
            if dist.sum() == 0:
                centroids.append(X[rng.integers(n)])
                continue
            probs = dist / dist.sum()
            centroids.append(X[rng.choice(n, p=probs)])
        return np.array(centroids)

    def _assign(self, X, C):
        d = np.sum((X[:, None, :] - C[None, :, :]) ** 2, axis=2)
        return d.argmin(axis=1), d

    def fit(self, X):
        X = np.asarray(X, dtype=float)
        self.centroids = self.initialize_centroids(X)
        self.n_iter_ = 0
        for _ in range(self.max_iters):
            labels, _ = self._assign(X, self.centroids)
            new = self.centroids.copy()
            for j in range(self.n_clusters):
                if np.any(labels == j):
                    new[j] = X[labels == j].mean(axis=0)
            shift = np.max(np.abs(new - self.centroids))
            self.centroids = new
            self.n_iter_ += 1
            if shift <= self.tol:
                break
        self.labels_, d = self._assign(X, self.centroids)
        self.inertia_ = float(d[np.arange(len(X)), self.labels_].sum())
        return self

    def predict(self, X):
        return self._assign(np.asarray(X, dtype=float), self.centroids)[0]
