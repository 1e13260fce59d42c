import numpy as np


def multi_head_attention(X, W_q, W_k, W_v, W_o, num_heads, mask=None):
    X = np.asarray(X, dtype=np.float64)
    batch, L, d_model = X.shape
    d_head = d_model // num_heads

    Q = X @ W_q
    K = X @ W_k
    V = X @ W_v

    allowed = None
    if mask is not None:
        allowed = np.broadcast_to(np.asarray(mask).astype(bool), (batch, L, L))

    head_outputs = []
    for h in range(num_heads):
        cols = slice(h * d_head, (h + 1) * d_head)
        q, k, v = Q[:, :, cols], K[:, :, cols], V[:, :, cols]

        scores = q @ k.transpose(0, 2, 1) / np.sqrt(d_head)
        if allowed is not None:
            scores = np.where(allowed, scores, -np.inf)

        m = scores.max(axis=-1, keepdims=True)
        m[np.isneginf(m)] = 0.0
        w = np.exp(scores - m)
        s = w.sum(axis=-1, keepdims=True)
        w = w / np.where(s == 0, 1.0, s)

        head_outputs.append(w @ v)

    concat = np.concatenate(head_outputs, axis=-1)
    return concat @ W_o
