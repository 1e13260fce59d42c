# BUG: divides the scores by d_k instead of sqrt(d_k).
import numpy as np


def scaled_dot_product_attention(Q, K, V, mask=None):
    Q = np.asarray(Q, dtype=float)
    K = np.asarray(K, dtype=float)
    V = np.asarray(V, dtype=float)
    d_k = Q.shape[-1]

    scores = Q @ K.swapaxes(-1, -2) / d_k

    if mask is not None:
        scores = np.where(np.asarray(mask).astype(bool), scores, -np.inf)

    mx = scores.max(axis=-1, keepdims=True)
    mx[np.isneginf(mx)] = 0.0
    ex = np.exp(scores - mx)
    s = ex.sum(axis=-1, keepdims=True)
    weights = ex / np.where(s == 0, 1.0, s)
    return weights @ V, weights
