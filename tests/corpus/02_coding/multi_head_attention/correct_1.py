import numpy as np


def scaled_dot_product_attention(Q, K, V, mask=None):
    d_k = Q.shape[-1]
    scores = np.matmul(Q, np.swapaxes(K, -1, -2)) / np.sqrt(d_k)
    if mask is not None:
        scores = np.where(np.asarray(mask) != 0, scores, -np.inf)
    row_max = np.max(scores, axis=-1, keepdims=True)
    row_max = np.where(np.isfinite(row_max), row_max, 0.0)
    e = np.exp(scores - row_max)
    denom = e.sum(axis=-1, keepdims=True)
    weights = np.divide(e, denom, out=np.zeros_like(e), where=denom > 0)
    return np.matmul(weights, V), weights


def multi_head_attention(X, W_q, W_k, W_v, W_o, num_heads, mask=None):
    X = np.asarray(X, dtype=float)
    batch, L, d_model = X.shape
    if d_model % num_heads != 0:
        raise ValueError("d_model must be divisible by num_heads")
    d_head = d_model // num_heads

    def split_heads(T):
        # (batch, L, d_model) -> (batch, heads, L, d_head)
        return T.reshape(batch, L, num_heads, d_head).transpose(0, 2, 1, 3)

    Q = split_heads(X @ W_q)
    K = split_heads(X @ W_k)
    V = split_heads(X @ W_v)

    if mask is not None:
        mask = np.asarray(mask)
        if mask.ndim >= 3:
            mask = np.expand_dims(mask, axis=-3)  # (batch, 1, L, L): same mask for every head

    heads, _ = scaled_dot_product_attention(Q, K, V, mask)
    concat = heads.transpose(0, 2, 1, 3).reshape(batch, L, d_model)
    return concat @ W_o
