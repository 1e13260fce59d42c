# BUG: scales each head's scores by sqrt(d_model) instead of sqrt(d_head).
import numpy as np


def multi_head_attention(X, W_q, W_k, W_v, W_o, num_heads, mask=None):
    X = np.asarray(X, dtype=float)
    batch_size, seq_len, d_model = X.shape
    d_head = d_model // num_heads

    Q = X @ W_q
    K = X @ W_k
    V = X @ W_v

    outputs = []
    for h in range(num_heads):
        start, end = h * d_head, (h + 1) * d_head
        scores = Q[..., start:end] @ np.swapaxes(K[..., start:end], 1, 2)
        scores = scores / np.sqrt(d_model)
        if mask is not None:
            scores = np.where(np.asarray(mask) != 0, scores, -np.inf)
        best = np.max(scores, axis=-1, keepdims=True)
        best = np.where(np.isfinite(best), best, 0.0)
        weights = np.exp(scores - best)
        total = np.sum(weights, axis=-1, keepdims=True)
        weights = np.divide(weights, total, out=np.zeros_like(weights), where=total > 0)
        outputs.append(weights @ V[..., start:end])

    return np.concatenate(outputs, axis=-1) @ W_o
