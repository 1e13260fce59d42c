import numpy as np


class KMeansPlusPlus:
    def __init__(self, n_clusters=3, max_iters=100, tol=1e-6, random_state=None):
        self.n_clusters = n_clusters
        self.max_iters = max_iters
        self.tol = tol
        self.random_state = random_state

    @staticmethod
    def _pairwise_sq(X, C):
        # ||x||^2 - 2 x.c + ||c||^2, clipped at 0 against rounding
        xx = np.einsum("ij,ij->i", X, X)[:, None]
        cc = np.einsum("ij,ij->i", C, C)[None, :]
        return np.maximum(xx - 2.0 * X @ C.T + cc, 0.0)

    def initialize_centroids(self, X):
        X = np.asarray(X, dtype=np.float64)
        n_samples = X.shape[0]
        k = self.n_clusters
        if k > n_samples:
            raise ValueError(f"n_clusters={k} > n_samples={n_samples}")
        rng = np.random.default_rng(self.random_state)

        centroids = np.empty((k, X.shape[1]))
        centroids[0] = X[rng.integers(n_samples)]
        closest = self._pairwise_sq(X, centroids[:1]).ravel()
        for c in range(1, k):
            s = closest.sum()
            if s > 0:
                i = rng.choice(n_samples, p=closest / s)
            else:
                i = rng.integers(n_samples)
            centroids[c] = X[i]
            closest = np.minimum(closest, self._pairwise_sq(X, centroids[c:c + 1]).ravel())
        return centroids

    def _update(self, X, labels, old):
        k = self.n_clusters
        sums = np.zeros_like(old)
        np.add.at(sums, labels, X)
        counts = np.bincount(labels, minlength=k)
        new = old.copy()
        nonempty = counts > 0
        new[nonempty] = sums[nonempty] / counts[nonempty, None]
        return new

    def fit(self, X):
        X = np.asarray(X, dtype=np.float64)
        centroids = self.initialize_centroids(X)
        n_iter = 0
        while n_iter < self.max_iters:
            labels = self._pairwise_sq(X, centroids).argmin(axis=1)
            new_centroids = self._update(X, labels, centroids)
            n_iter += 1
            converged = np.all(np.abs(new_centroids - centroids) <= self.tol)
            centroids = new_centroids
            if converged:
                break
        D = self._pairwise_sq(X, centroids)
        self.centroids = centroids
        self.labels_ = D.argmin(axis=1)
        self.inertia_ = float(D[np.arange(len(X)), self.labels_].sum())
        self.n_iter_ = n_iter
        return self

    def predict(self, X):
        X = np.asarray(X, dtype=np.float64)
        return self._pairwise_sq(X, self.centroids).argmin(axis=1)
