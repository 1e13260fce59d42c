import numpy as np


def scaled_dot_product_attention(Q, K, V, mask=None):
    dtype = np.result_type(Q, K, V, np.float32)
    Q = np.asarray(Q).astype(dtype, copy=False)
    K = np.asarray(K).astype(dtype, copy=False)
    V = np.asarray(V).astype(dtype, copy=False)

    scale = 1.0 / np.sqrt(Q.shape[-1])
    logits = np.einsum('...qd,...kd->...qk', Q, K) * scale

    if mask is None:
        keep = np.ones(logits.shape, dtype=bool)
    else:
        keep = np.broadcast_to(np.asarray(mask).astype(bool), np.broadcast_shapes(np.shape(mask), logits.shape))
        logits = np.broadcast_to(logits, keep.shape)

    masked_logits = np.where(keep, logits, -np.inf)
    shift = np.max(masked_logits, axis=-1, keepdims=True)
    shift[~np.isfinite(shift)] = 0.0

    e = np.where(keep, np.exp(masked_logits - shift), 0.0)
    total = e.sum(axis=-1, keepdims=True)
    safe_total = np.where(total == 0, 1.0, total)
    weights = (e / safe_total).astype(dtype, copy=False)

    output = np.einsum('...qk,...kd->...qd', weights, V)
    return output, weights
