# BUG: the mask is only applied to the first head; the other heads attend everywhere.
import numpy as np


def scaled_dot_product_attention(Q, K, V, mask=None):
    d_k = K.shape[-1]
    scores = Q @ K.swapaxes(-2, -1) / np.sqrt(d_k)
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    peak = scores.max(-1, keepdims=True)
    peak = np.where(np.isinf(peak), 0.0, peak)
    w = np.exp(scores - peak)
    z = w.sum(-1, keepdims=True)
    w = w / np.where(z == 0, 1.0, z)
    return w @ V, w


def multi_head_attention(X, W_q, W_k, W_v, W_o, num_heads, mask=None):
    n, L, d_model = X.shape
    d_head = d_model // num_heads
    if mask is not None:
        mask = np.asarray(mask).astype(bool)

    Q_all, K_all, V_all = X @ W_q, X @ W_k, X @ W_v
    out = np.zeros((n, L, d_model))
    for h in range(num_heads):
        sl = slice(h * d_head, (h + 1) * d_head)
        head_mask = mask if h == 0 else None
        o, _ = scaled_dot_product_attention(Q_all[:, :, sl], K_all[:, :, sl], V_all[:, :, sl], head_mask)
        out[:, :, sl] = o
    return out @ W_o
