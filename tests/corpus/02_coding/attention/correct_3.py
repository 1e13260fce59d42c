import numpy as np


def scaled_dot_product_attention(Q, K, V, mask=None):
    Q = np.array(Q, dtype=np.float64)
    K = np.array(K, dtype=np.float64)
    V = np.array(V, dtype=np.float64)

    d_k = K.shape[-1]
    scores = Q @ np.swapaxes(K, -2, -1)
    scores = scores / np.sqrt(d_k)

    if mask is None:
        blocked = np.zeros(scores.shape, dtype=bool)
    else:
        blocked = np.asarray(mask) == 0
        blocked, scores = np.broadcast_arrays(blocked, scores)

    # push blocked logits to the most negative finite number, then softmax as usual
    very_negative = np.finfo(np.float64).min
    scores = np.where(blocked, very_negative, scores)
    with np.errstate(over='ignore', invalid='ignore'):
        scores = scores - scores.max(axis=-1, keepdims=True)
        exps = np.exp(scores)

    # zero the blocked weights explicitly (a fully blocked row would otherwise be uniform)
    exps[blocked] = 0.0
    sums = exps.sum(axis=-1, keepdims=True)
    weights = np.zeros_like(exps)
    has_any = np.broadcast_to(sums > 0, exps.shape)
    weights[has_any] = (exps / np.where(sums > 0, sums, 1.0))[has_any]

    output = weights @ V
    return output, weights
