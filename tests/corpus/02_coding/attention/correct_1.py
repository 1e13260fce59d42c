import numpy as np


def scaled_dot_product_attention(Q, K, V, mask=None):
    """Scaled dot-product attention with an optional boolean/0-1 mask (1 = may attend)."""
    Q = np.asarray(Q, dtype=float)
    K = np.asarray(K, dtype=float)
    V = np.asarray(V, dtype=float)
    d_k = Q.shape[-1]

    scores = np.matmul(Q, np.swapaxes(K, -1, -2)) / np.sqrt(d_k)

    if mask is not None:
        allowed = np.asarray(mask) != 0
        scores = np.where(allowed, scores, -np.inf)

    # subtract the row max over the allowed keys only; a fully blocked row has max -inf
    row_max = np.max(scores, axis=-1, keepdims=True)
    row_max = np.where(np.isfinite(row_max), row_max, 0.0)
    exp_scores = np.exp(scores - row_max)  # blocked keys: exp(-inf) = 0 exactly
    denom = np.sum(exp_scores, axis=-1, keepdims=True)

    weights = np.divide(exp_scores, denom,
                        out=np.zeros_like(exp_scores), where=denom > 0)
    output = np.matmul(weights, V)
    return output, weights
