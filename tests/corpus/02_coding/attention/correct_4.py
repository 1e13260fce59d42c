import numpy as np


def scaled_dot_product_attention(Q, K, V, mask=None):
    Q = np.asarray(Q, dtype=float)
    K = np.asarray(K, dtype=float)
    V = np.asarray(V, dtype=float)
    L_q, d_k = Q.shape[-2], Q.shape[-1]
    L_k, d_v = K.shape[-2], V.shape[-1]

    if mask is None:
        m = np.ones((L_q, L_k), dtype=bool)
    else:
        m = np.asarray(mask) != 0
        if m.ndim < 2:
            m = m.reshape((1,) * (2 - m.ndim) + m.shape)

    batch_shape = np.broadcast_shapes(Q.shape[:-2], K.shape[:-2], V.shape[:-2], m.shape[:-2])
    n = int(np.prod(batch_shape, dtype=int))

    q_all = np.broadcast_to(Q, batch_shape + (L_q, d_k)).reshape(n, L_q, d_k)
    k_all = np.broadcast_to(K, batch_shape + (L_k, d_k)).reshape(n, L_k, d_k)
    v_all = np.broadcast_to(V, batch_shape + (L_k, d_v)).reshape(n, L_k, d_v)
    m_all = np.broadcast_to(m, batch_shape + (L_q, L_k)).reshape(n, L_q, L_k)

    out = np.zeros((n, L_q, d_v))
    w = np.zeros((n, L_q, L_k))
    for b in range(n):
        scores = q_all[b] @ k_all[b].T / np.sqrt(d_k)
        for i in range(L_q):
            allowed = m_all[b, i]
            if not allowed.any():
                continue  # nothing to attend to: weights and output stay zero
            row = scores[i, allowed]
            e = np.exp(row - row.max())
            w[b, i, allowed] = e / e.sum()
        out[b] = w[b] @ v_all[b]

    return out.reshape(batch_shape + (L_q, d_v)), w.reshape(batch_shape + (L_q, L_k))
