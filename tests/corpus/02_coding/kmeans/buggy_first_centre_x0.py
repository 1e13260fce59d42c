# BUG: the first centre is always X[0] instead of a uniformly random point.
import numpy as np


class KMeansPlusPlus:
    def __init__(self, n_clusters=3, max_iters=100, tol=1e-6, random_state=None):
        self.n_clusters = n_clusters
        self.max_iters = max_iters
        self.tol = tol
        self.random_state = random_state

    def _sqdist(self, A, B):
        diff = A[:, np.newaxis, :] - B[np.newaxis, :, :]
        return np.einsum("ijk,ijk->ij", diff, diff)

    def initialize_centroids(self, X):
        X = np.asarray(X, dtype=float)
        n = len(X)
        if self.n_clusters > n:
            raise ValueError("cannot have more clusters than points")
        rng = np.random.default_rng(self.random_state)
        centers = X[[0]]
        while len(centers) < self.n_clusters:
            d2 = self._sqdist(X, centers).min(axis=1)
            cumulative = np.cumsum(d2)
            if cumulative[-1] == 0:
                j = rng.integers(n)
            else:
                j = np.searchsorted(cumulative, rng.random() * cumulative[-1], side="right")
                j = min(j, n - 1)
            centers = np.vstack([centers, X[j]])
        return centers

    def fit(self, X):
        X = np.asarray(X, dtype=float)
        k = self.n_clusters
        C = self.initialize_centroids(X)
        n_iter = 0
        for n_iter in range(1, self.max_iters + 1):
            labels = self._sqdist(X, C).argmin(axis=1)
            M = np.zeros((len(X), k))
            M[np.arange(len(X)), labels] = 1.0
            counts = M.sum(axis=0)
            C_new = C.copy()
            filled = counts > 0
            C_new[filled] = (M.T @ X)[filled] / counts[filled, None]
            converged = np.max(np.abs(C_new - C)) <= self.tol
            C = C_new
            if converged:
                break
        self.n_iter_ = n_iter
        self.centroids = C
        D = self._sqdist(X, C)
        self.labels_ = D.argmin(axis=1)
        self.inertia_ = float(D[np.arange(len(X)), self.labels_].sum())
        return self

    def predict(self, X):
        return self._sqdist(np.asarray(X, dtype=float), self.centroids).argmin(axis=1)
