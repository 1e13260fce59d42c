# BUG: head h takes the interleaved columns h::num_heads of the projections instead of the contiguous block [h*d_head, (h+1)*d_head).
import numpy as np


def scaled_dot_product_attention(Q, K, V, mask=None):
    Q, K, V = (np.asarray(t, dtype=float) for t in (Q, K, V))
    scores = np.matmul(Q, np.swapaxes(K, -1, -2)) / np.sqrt(Q.shape[-1])
    if mask is not None:
        scores = np.where(np.asarray(mask) != 0, scores, -np.inf)
    mx = scores.max(axis=-1, keepdims=True)
    mx = np.where(np.isfinite(mx), mx, 0.0)
    e = np.exp(scores - mx)
    tot = e.sum(axis=-1, keepdims=True)
    w = np.divide(e, tot, out=np.zeros_like(e), where=tot > 0)
    return np.matmul(w, V), w


def multi_head_attention(X, W_q, W_k, W_v, W_o, num_heads, mask=None):
    Q = X @ W_q
    K = X @ W_k
    V = X @ W_v

    head_outputs = []
    for h in range(num_heads):
        out_h, _ = scaled_dot_product_attention(Q[:, :, h::num_heads],
                                                K[:, :, h::num_heads],
                                                V[:, :, h::num_heads],
                                                mask)
        head_outputs.append(out_h)
    return np.concatenate(head_outputs, axis=-1) @ W_o
