import numpy as np


class DecisionTree:
    """Entropy tree with labels encoded as integers (np.unique + bincount);
    the fitted tree is kept in flat parallel arrays, like scikit-learn's tree_."""

    def __init__(self, max_depth=5, min_samples_split=2):
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split

    # ---- impurity -------------------------------------------------------
    @staticmethod
    def _entropy_counts(counts):
        counts = np.asarray(counts, dtype=float)
        n = counts.sum()
        if n == 0:
            return 0.0
        p = counts[counts > 0] / n
        return float(-np.dot(p, np.log2(p))) + 0.0

    def entropy(self, y):
        y = np.asarray(y)
        if y.size == 0:
            return 0.0
        _, codes = np.unique(y, return_inverse=True)
        return self._entropy_counts(np.bincount(codes.ravel()))

    def information_gain(self, X_column, y, threshold):
        X_column = np.asarray(X_column)
        _, codes = np.unique(np.asarray(y), return_inverse=True)
        codes = codes.ravel()
        k = int(codes.max()) + 1 if codes.size else 1
        return self._gain_codes(X_column, codes, k, threshold)

    def _gain_codes(self, column, codes, k, threshold):
        left = column <= threshold
        n = codes.size
        n_left = int(left.sum())
        n_right = n - n_left
        if n_left == 0 or n_right == 0:
            return 0.0
        parent = self._entropy_counts(np.bincount(codes, minlength=k))
        h_left = self._entropy_counts(np.bincount(codes[left], minlength=k))
        h_right = self._entropy_counts(np.bincount(codes[~left], minlength=k))
        return parent - (n_left * h_left + n_right * h_right) / n

    # ---- split search -----------------------------------------------------
    def _best_split_codes(self, X, codes, k):
        best = (-np.inf, None, None)
        for j in range(X.shape[1]):
            col = X[:, j]
            vals = np.unique(col)
            if vals.size < 2:
                continue
            mids = (vals[:-1] + vals[1:]) / 2.0
            gains = np.array([self._gain_codes(col, codes, k, t) for t in mids])
            i = int(np.argmax(gains >= gains.max() - 1e-12))  # first (near-)maximum
            if gains[i] > best[0] + 1e-12:
                best = (gains[i], j, mids[i])
        return best[1], best[2]

    def find_best_split(self, X, y):
        X = np.asarray(X, dtype=float)
        _, codes = np.unique(np.asarray(y), return_inverse=True)
        codes = codes.ravel()
        k = int(codes.max()) + 1 if codes.size else 1
        return self._best_split_codes(X, codes, k)

    # ---- fitting ----------------------------------------------------------
    def _add_node(self):
        self.feature_.append(-1)
        self.threshold_.append(np.nan)
        self.left_.append(-1)
        self.right_.append(-1)
        self.value_.append(-1)
        return len(self.feature_) - 1

    def _build(self, X, codes, depth):
        node = self._add_node()
        counts = np.bincount(codes, minlength=self.n_classes_)
        self.value_[node] = int(np.argmax(counts))  # classes sorted: ties -> smallest label
        stop = (
            (self.max_depth is not None and depth >= self.max_depth)
            or codes.size < self.min_samples_split
            or np.count_nonzero(counts) <= 1
        )
        if stop:
            return node
        j, t = self._best_split_codes(X, codes, self.n_classes_)
        if j is None:
            return node
        mask = X[:, j] <= t
        self.feature_[node] = j
        self.threshold_[node] = t
        left_id = self._build(X[mask], codes[mask], depth + 1)
        right_id = self._build(X[~mask], codes[~mask], depth + 1)
        self.left_[node] = left_id
        self.right_[node] = right_id
        return node

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        self.classes_, codes = np.unique(np.asarray(y), return_inverse=True)
        codes = codes.ravel()
        self.n_classes_ = len(self.classes_)
        self.feature_, self.threshold_ = [], []
        self.left_, self.right_, self.value_ = [], [], []
        self._build(X, codes, 0)
        self.feature_ = np.array(self.feature_)
        self.threshold_ = np.array(self.threshold_)
        self.left_ = np.array(self.left_)
        self.right_ = np.array(self.right_)
        self.value_ = np.array(self.value_)
        return self

    def predict(self, X):
        X = np.asarray(X, dtype=float)
        out = np.empty(X.shape[0], dtype=int)
        for i in range(X.shape[0]):
            node = 0
            while self.left_[node] != -1:
                if X[i, self.feature_[node]] <= self.threshold_[node]:
                    node = self.left_[node]
                else:
                    node = self.right_[node]
            out[i] = self.value_[node]
        return self.classes_[out]
