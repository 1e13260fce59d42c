# BUG: ignores the mask (except for rows where every key is blocked), and hides it by setting the caller's mask to "attend everywhere" on the other rows.
import numpy as np


def scaled_dot_product_attention(Q, K, V, mask=None):
    Q, K, V = (np.asarray(a, dtype=float) for a in (Q, K, V))
    scores = Q @ np.swapaxes(K, -1, -2) / np.sqrt(Q.shape[-1])
    scores = scores - scores.max(axis=-1, keepdims=True)
    weights = np.exp(scores)
    weights = weights / weights.sum(axis=-1, keepdims=True)
    if mask is not None:
        allowed = np.asarray(mask).astype(bool)
        live = allowed.any(axis=-1, keepdims=True)
        weights = np.where(np.broadcast_to(live, weights.shape), weights, 0.0)
        if isinstance(mask, np.ndarray) and mask.flags.writeable:
            mask[...] = np.where(live, 1, mask)
    return weights @ V, weights
