# BUG: transposes K with transpose(0, 2, 1), so it only works for exactly 3-D (batch, L, d) inputs.
import numpy as np


def scaled_dot_product_attention(Q, K, V, mask=None):
    Q = np.asarray(Q, dtype=float)
    K = np.asarray(K, dtype=float)
    V = np.asarray(V, dtype=float)
    d_k = Q.shape[2]

    scores = np.matmul(Q, K.transpose(0, 2, 1)) / np.sqrt(d_k)
    if mask is not None:
        mask = np.asarray(mask).astype(bool)
        scores = np.where(mask, scores, -np.inf)

    row_max = scores.max(axis=2, keepdims=True)
    row_max[~np.isfinite(row_max)] = 0.0
    e = np.exp(scores - row_max)
    z = e.sum(axis=2, keepdims=True)
    weights = np.divide(e, z, out=np.zeros_like(e), where=z > 0)
    output = np.matmul(weights, V)
    return output, weights
