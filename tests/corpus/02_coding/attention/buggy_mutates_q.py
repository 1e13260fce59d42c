# BUG: scales Q in place (Q /= sqrt(d_k)), which silently modifies the caller's array.
import numpy as np


def scaled_dot_product_attention(Q, K, V, mask=None):
    Q = np.asarray(Q)
    d_k = Q.shape[-1]
    Q /= np.sqrt(d_k)

    scores = Q @ np.swapaxes(K, -1, -2)
    if mask is not None:
        scores = np.where(np.asarray(mask) != 0, scores, -np.inf)

    top = np.max(scores, axis=-1, keepdims=True)
    top = np.where(np.isneginf(top), 0.0, top)
    weights = np.exp(scores - top)
    total = np.sum(weights, axis=-1, keepdims=True)
    weights = weights / np.where(total > 0, total, 1.0)
    return weights @ V, weights
