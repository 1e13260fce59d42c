# BUG: the seeding draws from the global np.random state instead of np.random.default_rng(random_state), so equal random_state does not give equal results.
import numpy as np


class KMeansPlusPlus:
    def __init__(self, n_clusters=3, max_iters=100, tol=1e-6, random_state=None):
        self.n_clusters = n_clusters
        self.max_iters = max_iters
        self.tol = tol
        self.random_state = random_state
        self.centroids = None

    def initialize_centroids(self, X):
        X = np.asarray(X, dtype=float)
        n_samples = X.shape[0]
        if self.n_clusters > n_samples:
            raise ValueError("n_clusters should be <= n_samples")
        idx = np.random.randint(n_samples)
        centroids = [X[idx]]
        for _ in range(1, self.n_clusters):
            C = np.array(centroids)
            sq = ((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=-1).min(axis=1)
            total = sq.sum()
            if total == 0:
                idx = np.random.randint(n_samples)
            else:
                idx = np.random.choice(n_samples, p=sq / total)
            centroids.append(X[idx])
        return np.array(centroids)

    def fit(self, X):
        X = np.asarray(X, dtype=float)
        self.centroids = self.initialize_centroids(X)
        self.n_iter_ = 0
        for i in range(self.max_iters):
            labels = self.predict(X)
            old = self.centroids.copy()
            for j in range(self.n_clusters):
                mask = labels == j
                if mask.sum() > 0:
                    self.centroids[j] = X[mask].mean(axis=0)
            self.n_iter_ = i + 1
            if np.max(np.abs(self.centroids - old)) <= self.tol:
                break
        self.labels_ = self.predict(X)
        self.inertia_ = float(((X - self.centroids[self.labels_]) ** 2).sum())
        return self

    def predict(self, X):
        X = np.asarray(X, dtype=float)
        d = ((X[:, None, :] - self.centroids[None, :, :]) ** 2).sum(axis=-1)
        return d.argmin(axis=1)
