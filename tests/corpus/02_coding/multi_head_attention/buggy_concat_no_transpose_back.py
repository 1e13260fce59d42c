# BUG: merges the heads with reshape(batch, L, d_model) straight from (batch, heads, L, d_head) without transposing back, so head outputs are concatenated in the wrong order.
import numpy as np


def softmax_masked(scores, mask):
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    m = np.max(scores, axis=-1, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    e = np.exp(scores - m)
    s = np.sum(e, axis=-1, keepdims=True)
    return np.divide(e, s, out=np.zeros_like(e), where=s > 0)


def multi_head_attention(X, W_q, W_k, W_v, W_o, num_heads, mask=None):
    X = np.asarray(X, dtype=float)
    b, L, d = X.shape
    hd = d // num_heads

    q = (X @ W_q).reshape(b, L, num_heads, hd).transpose(0, 2, 1, 3)
    k = (X @ W_k).reshape(b, L, num_heads, hd).transpose(0, 2, 1, 3)
    v = (X @ W_v).reshape(b, L, num_heads, hd).transpose(0, 2, 1, 3)

    keep = None
    if mask is not None:
        keep = np.asarray(mask) != 0
        if keep.ndim == 3:
            keep = keep[:, None]

    attn = softmax_masked(q @ k.transpose(0, 1, 3, 2) / np.sqrt(hd), keep)
    ctx = attn @ v                      # (b, heads, L, hd)
    ctx = ctx.reshape(b, L, d)
    return ctx @ W_o
