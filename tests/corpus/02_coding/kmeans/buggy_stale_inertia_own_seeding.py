# BUG: inertia_ is taken from the last assignment step, i.e. measured against the centroids before the final update, so it disagrees with the returned centroids and labels_ (and fit seeds through its own helper, not initialize_centroids).
import numpy as np


class KMeansPlusPlus:
    def __init__(self, n_clusters=3, max_iters=100, tol=1e-6, random_state=None):
        self.n_clusters = n_clusters
        self.max_iters = max_iters
        self.tol = tol
        self.random_state = random_state

    def initialize_centroids(self, X):
        return self._seed(X)

    def _seed(self, X):
        X = np.asarray(X, dtype=float)
        n = X.shape[0]
        if n < self.n_clusters:
            raise ValueError("not enough samples for n_clusters")
        rng = np.random.default_rng(self.random_state)
        idx = [rng.choice(n)]
        for _ in range(1, self.n_clusters):
            D = ((X[:, None, :] - X[idx][None, :, :]) ** 2).sum(-1).min(-1)
            idx.append(rng.choice(n, p=D / D.sum()) if D.sum() > 0 else rng.choice(n))
        return X[idx]

    def fit(self, X):
        X = np.asarray(X, dtype=float)
        centroids = self._seed(X)
        inertia = 0.0
        n_iter = 0
        for n_iter in range(1, self.max_iters + 1):
            D = ((X[:, None, :] - centroids[None, :, :]) ** 2).sum(-1)
            labels = D.argmin(1)
            inertia = D.min(1).sum()
            new_centroids = centroids.copy()
            for j in range(self.n_clusters):
                if (labels == j).any():
                    new_centroids[j] = X[labels == j].mean(0)
            moved = np.abs(new_centroids - centroids).max()
            centroids = new_centroids
            if moved <= self.tol:
                break
        self.centroids = centroids
        self.n_iter_ = n_iter
        self.labels_ = self.predict(X)
        self.inertia_ = float(inertia)
        return self

    def predict(self, X):
        X = np.asarray(X, dtype=float)
        return ((X[:, None, :] - self.centroids[None, :, :]) ** 2).sum(-1).argmin(1)
