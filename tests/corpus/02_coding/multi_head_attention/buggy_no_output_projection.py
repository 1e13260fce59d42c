# BUG: returns the concatenated heads without multiplying by W_o.
import numpy as np


def scaled_dot_product_attention(Q, K, V, mask=None):
    d_k = Q.shape[-1]
    s = np.einsum('...qd,...kd->...qk', Q, K) / np.sqrt(d_k)
    if mask is not None:
        s = np.where(np.asarray(mask) != 0, s, -np.inf)
    m = s.max(axis=-1, keepdims=True)
    m[~np.isfinite(m)] = 0
    a = np.exp(s - m)
    n = a.sum(axis=-1, keepdims=True)
    a = a / np.where(n > 0, n, 1)
    return np.einsum('...qk,...kd->...qd', a, V), a


def multi_head_attention(X, W_q, W_k, W_v, W_o, num_heads, mask=None):
    B, L, D = X.shape
    dh = D // num_heads

    def heads(M):
        return M.reshape(B, L, num_heads, dh).transpose(0, 2, 1, 3)

    Qh, Kh, Vh = heads(X @ W_q), heads(X @ W_k), heads(X @ W_v)
    if mask is not None:
        mask = np.asarray(mask)
        if mask.ndim == 3:
            mask = mask[:, None, :, :]
    context, _ = scaled_dot_product_attention(Qh, Kh, Vh, mask)
    return context.transpose(0, 2, 1, 3).reshape(B, L, D)
