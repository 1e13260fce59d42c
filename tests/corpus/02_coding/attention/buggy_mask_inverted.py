# BUG: mask polarity inverted: positions where the mask is True/1 are blocked (torch's bool attn_mask convention is the opposite of ours).
import numpy as np


def scaled_dot_product_attention(Q, K, V, mask=None):
    Q = np.asarray(Q, dtype=float)
    K = np.asarray(K, dtype=float)
    V = np.asarray(V, dtype=float)

    logits = np.einsum('...id,...jd->...ij', Q, K) / np.sqrt(Q.shape[-1])
    if mask is not None:
        mask = np.asarray(mask).astype(bool)
        logits = np.where(mask, -np.inf, logits)

    peak = np.max(logits, axis=-1, keepdims=True)
    peak = np.nan_to_num(peak, neginf=0.0)
    unnorm = np.exp(logits - peak)
    norm = np.sum(unnorm, axis=-1, keepdims=True)
    norm[norm == 0] = 1.0
    attn = unnorm / norm
    return np.einsum('...ij,...jd->...id', attn, V), attn
