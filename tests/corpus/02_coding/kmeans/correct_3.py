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

    def _distances(self, X, centroids):
        # one column per centroid
        cols = []
        for c in centroids:
            cols.append(np.sum((X - c) ** 2, axis=1))
        return np.column_stack(cols)

    def initialize_centroids(self, X):
        X = np.array(X, dtype=float)
        n = len(X)
        if self.n_clusters > n:
            raise ValueError("more clusters than samples")
        rng = np.random.default_rng(self.random_state)

        chosen = [rng.choice(n)]
        D2 = np.sum((X - X[chosen[0]]) ** 2, axis=1)
        while len(chosen) < self.n_clusters:
            if D2.sum() == 0:
                nxt = rng.choice(n)
            else:
                nxt = rng.choice(n, p=D2 / D2.sum())
            chosen.append(nxt)
            D2 = np.minimum(D2, np.sum((X - X[nxt]) ** 2, axis=1))
        return X[chosen].copy()

    def fit(self, X):
        X = np.array(X, dtype=float)
        self.centroids = self.initialize_centroids(X)
        self.n_iter_ = 0
        for _ in range(self.max_iters):
            labels = np.argmin(self._distances(X, self.centroids), axis=1)
            new_centroids = np.copy(self.centroids)
            for j in range(self.n_clusters):
                pts = X[labels == j]
                if pts.shape[0] == 0:
                    continue  # empty cluster: keep the old centroid
                new_centroids[j] = pts.sum(axis=0) / pts.shape[0]
            moved = np.max(np.abs(new_centroids - self.centroids))
            self.centroids = new_centroids
            self.n_iter_ += 1
            if moved <= self.tol:
                break
        dist = self._distances(X, self.centroids)
        self.labels_ = np.argmin(dist, axis=1)
        self.inertia_ = float(np.sum(np.min(dist, axis=1)))
        return self

    def predict(self, X):
        X = np.array(X, dtype=float)
        return np.argmin(self._distances(X, self.centroids), axis=1)
