# BUG: D^2 is measured only to the most recently chosen centre instead of to the nearest of all centres chosen so far.
import numpy as np


class KMeansPlusPlus:
    def __init__(self, n_clusters=3, max_iters=100, tol=1e-6, random_state=None):
        self.n_clusters = n_clusters
        self.max_iters = max_iters
        self.tol = tol
        self.random_state = random_state

    def initialize_centroids(self, X):
        X = np.array(X, dtype=float)
        n, d = X.shape
        if self.n_clusters > n:
            raise ValueError("n_clusters must not exceed n_samples")
        rng = np.random.default_rng(self.random_state)
        centroids = np.zeros((self.n_clusters, d))
        centroids[0] = X[rng.choice(n)]
        for i in range(1, self.n_clusters):
            D2 = np.sum((X - centroids[i - 1]) ** 2, axis=1)
            if D2.sum() == 0:
                centroids[i] = X[rng.choice(n)]
            else:
                centroids[i] = X[rng.choice(n, p=D2 / D2.sum())]
        return centroids

    def fit(self, X):
        X = np.array(X, dtype=float)
        centroids = self.initialize_centroids(X)
        self.n_iter_ = 0
        for it in range(self.max_iters):
            dists = np.stack([np.sum((X - c) ** 2, axis=1) for c in centroids], axis=1)
            labels = np.argmin(dists, axis=1)
            new_centroids = centroids.copy()
            for j in range(self.n_clusters):
                pts = X[labels == j]
                if len(pts):
                    new_centroids[j] = pts.mean(axis=0)
            done = np.all(np.abs(new_centroids - centroids) <= self.tol)
            centroids = new_centroids
            self.n_iter_ = it + 1
            if done:
                break
        self.centroids = centroids
        dists = np.stack([np.sum((X - c) ** 2, axis=1) for c in centroids], axis=1)
        self.labels_ = np.argmin(dists, axis=1)
        self.inertia_ = float(np.min(dists, axis=1).sum())
        return self

    def predict(self, X):
        X = np.array(X, dtype=float)
        dists = np.stack([np.sum((X - c) ** 2, axis=1) for c in self.centroids], axis=1)
        return np.argmin(dists, axis=1)
