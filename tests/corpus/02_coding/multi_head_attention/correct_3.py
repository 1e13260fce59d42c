import numpy as np


def multi_head_attention(X, W_q, W_k, W_v, W_o, num_heads, mask=None):
    B, L, D = X.shape
    H = num_heads
    dh = D // H

    q = np.einsum('bld,de->ble', X, W_q).reshape(B, L, H, dh)
    k = np.einsum('bld,de->ble', X, W_k).reshape(B, L, H, dh)
    v = np.einsum('bld,de->ble', X, W_v).reshape(B, L, H, dh)

    logits = np.einsum('bihd,bjhd->bhij', q, k) / np.sqrt(dh)

    if mask is None:
        keep = np.ones((1, 1, L, L), dtype=bool)
    else:
        keep = np.asarray(mask) != 0
        if keep.ndim == 3:
            keep = keep[:, None, :, :]
    logits = np.where(keep, logits, -np.inf)

    top = logits.max(axis=-1, keepdims=True)
    top = np.where(np.isfinite(top), top, 0.0)
    p = np.where(keep, np.exp(logits - top), 0.0)
    z = p.sum(axis=-1, keepdims=True)
    p = p / np.maximum(z, np.finfo(p.dtype).tiny)

    out = np.einsum('bhij,bjhd->bihd', p, v).reshape(B, L, D)
    return np.einsum('ble,ef->blf', out, W_o)
