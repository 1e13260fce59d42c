import numpy as np


class KMeansPlusPlus:
    """K-means with k-means++ seeding (broadcasting style)."""

    def __init__(self, n_clusters=3, max_iters=100, tol=1e-6, random_state=None):
        self.n_clusters = n_clusters
        self.max_iters = max_iters
        self.tol = tol
        self.random_state = random_state
        self.centroids = None
        self.labels_ = None
        self.inertia_ = None
        self.n_iter_ = 0

    def _sq_dists(self, X, C):
        # (n, k) matrix of squared Euclidean distances
        return ((X[:, None, :] - C[None]) ** 2).sum(-1)

    def initialize_centroids(self, X):
        X = np.asarray(X, dtype=float)
        n = X.shape[0]
        if self.n_clusters > n:
            raise ValueError("n_clusters cannot be larger than the number of samples")
        rng = np.random.default_rng(self.random_state)

        centers = [X[rng.integers(n)]]
        for _ in range(1, self.n_clusters):
            d2 = self._sq_dists(X, np.array(centers)).min(axis=1)
            cum = np.cumsum(d2)
            total = cum[-1]
            if total <= 0:
                # every point sits on a chosen centre: any point will do
                idx = rng.integers(n)
            else:
                r = rng.uniform(0, total)
                idx = int(np.argmax(cum > r))
            centers.append(X[idx])
        return np.array(centers, dtype=float)

    def fit(self, X):
        X = np.asarray(X, dtype=float)
        C = self.initialize_centroids(X)
        self.n_iter_ = 0
        for it in range(self.max_iters):
            labels = self._sq_dists(X, C).argmin(axis=1)
            new_C = C.copy()
            for j in range(self.n_clusters):
                members = X[labels == j]
                if len(members) > 0:
                    new_C[j] = members.mean(0)
            shift = np.abs(new_C - C).max()
            C = new_C
            self.n_iter_ = it + 1
            if shift <= self.tol:
                break
        self.centroids = C
        d = self._sq_dists(X, C)
        self.labels_ = d.argmin(axis=1)
        self.inertia_ = float(d[np.arange(X.shape[0]), self.labels_].sum())
        return self

    def predict(self, X):
        X = np.asarray(X, dtype=float)
        return self._sq_dists(X, self.centroids).argmin(axis=1)
