# BUG: splits heads with reshape(batch, num_heads, L, d_head) directly instead of reshape(batch, L, num_heads, d_head) + transpose, so heads mix positions and features.
import numpy as np


def scaled_dot_product_attention(Q, K, V, mask=None):
    scores = Q @ np.swapaxes(K, -1, -2) / np.sqrt(Q.shape[-1])
    if mask is not None:
        scores = np.where(np.asarray(mask).astype(bool), scores, -np.inf)
    mx = np.max(scores, axis=-1, keepdims=True)
    mx = np.where(np.isneginf(mx), 0.0, mx)
    e = np.exp(scores - mx)
    tot = e.sum(axis=-1, keepdims=True)
    w = np.divide(e, tot, out=np.zeros_like(e), where=tot > 0)
    return w @ V, w


def multi_head_attention(X, W_q, W_k, W_v, W_o, num_heads, mask=None):
    batch, L, d_model = X.shape
    d_head = d_model // num_heads

    Q = (X @ W_q).reshape(batch, num_heads, L, d_head)
    K = (X @ W_k).reshape(batch, num_heads, L, d_head)
    V = (X @ W_v).reshape(batch, num_heads, L, d_head)

    if mask is not None:
        mask = np.asarray(mask)
        if mask.ndim == 3:
            mask = mask[:, np.newaxis]

    out, _ = scaled_dot_product_attention(Q, K, V, mask)
    out = out.transpose(0, 2, 1, 3).reshape(batch, L, d_model)
    return out @ W_o
