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

    def _dist2(self, X, C):
        diff = X[:, np.newaxis, :] - C[np.newaxis, :, :]
        return np.einsum("nkd,nkd->nk", diff, diff)

    def _sample_index(self, weights, rng):
        cdf = np.cumsum(weights)
        if cdf[-1] <= 0:
            return int(rng.integers(len(weights)))
        u = rng.random() * cdf[-1]
        idx = int(np.searchsorted(cdf, u, side="right"))
        # guard against u rounding up to cdf[-1]
        last_positive = int(np.flatnonzero(weights > 0)[-1])
        return min(idx, last_positive)

    def initialize_centroids(self, X):
        X = np.asarray(X, dtype=float)
        n = X.shape[0]
        if n < self.n_clusters:
            raise ValueError("n_clusters must be <= n_samples")
        rng = np.random.default_rng(self.random_state)
        idx = [self._sample_index(np.ones(n), rng)]  # first pick: uniform weights
        min_d2 = np.full(n, np.inf)
        for _ in range(1, self.n_clusters):
            min_d2 = np.minimum(min_d2, ((X - X[idx[-1]]) ** 2).sum(axis=1))
            idx.append(self._sample_index(min_d2, rng))
        return X[idx].astype(float)

    def fit(self, X):
        X = np.asarray(X, dtype=float)
        k = self.n_clusters
        C = self.initialize_centroids(X)
        iters = 0
        for iters in range(1, self.max_iters + 1):
            lab = self._dist2(X, C).argmin(axis=1)
            onehot = np.eye(k)[lab]            # (n, k)
            counts = onehot.sum(axis=0)        # (k,)
            sums = onehot.T @ X                # (k, d)
            C_new = np.where(counts[:, None] > 0,
                             sums / np.maximum(counts, 1)[:, None], C)
            done = np.allclose(C_new, C, rtol=0.0, atol=self.tol)
            C = C_new
            if done:
                break
        self.n_iter_ = iters
        self.centroids = C
        d2 = self._dist2(X, C)
        self.labels_ = d2.argmin(axis=1)
        self.inertia_ = float(d2.min(axis=1).sum())
        return self

    def predict(self, X):
        return self._dist2(np.asarray(X, dtype=float), self.centroids).argmin(axis=1)
