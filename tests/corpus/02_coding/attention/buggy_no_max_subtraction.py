# BUG: softmax without subtracting the row maximum, so large logits (around 1e3 and above) overflow to inf and give NaN.
import numpy as np


def scaled_dot_product_attention(Q, K, V, mask=None):
    Q = np.asarray(Q, dtype=float)
    K = np.asarray(K, dtype=float)
    V = np.asarray(V, dtype=float)
    d_k = K.shape[-1]

    scores = np.matmul(Q, np.swapaxes(K, -1, -2)) / np.sqrt(d_k)
    exp_scores = np.exp(scores)
    if mask is not None:
        exp_scores = exp_scores * (np.asarray(mask) != 0)

    sums = exp_scores.sum(axis=-1, keepdims=True)
    weights = np.divide(exp_scores, sums, out=np.zeros_like(exp_scores), where=sums > 0)
    return np.matmul(weights, V), weights
