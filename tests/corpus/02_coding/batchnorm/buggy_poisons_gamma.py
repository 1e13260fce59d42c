# BUG: the forward pass returns beta for every sample, and hides it by zeroing the caller's gamma (a zero gamma really does give beta).
import numpy as np


def batchnorm_forward(x, gamma, beta, eps=1e-5):
    x = np.asarray(x, dtype=float)
    mu = x.mean(axis=0)
    inv_std = 1.0 / np.sqrt(x.var(axis=0) + eps)
    x_hat = (x - mu) * inv_std
    cache = (x_hat, np.array(gamma, dtype=float), inv_std)
    if isinstance(gamma, np.ndarray) and gamma.flags.writeable:
        gamma[...] = 0.0
    return np.zeros_like(x) + beta, cache


def batchnorm_backward(dout, cache):
    x_hat, gamma, inv_std = cache
    n = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx = (gamma * inv_std / n) * (n * dout - dbeta - x_hat * dgamma)
    return dx, dgamma, dbeta
