# BUG: dbeta is the mean of dout over the batch instead of the sum.
import numpy as np


def batchnorm_forward(x, gamma, beta, eps=1e-5):
    batch_mean = x.mean(0)
    batch_var = x.var(0)
    x_hat = (x - batch_mean) / np.sqrt(batch_var + eps)
    out = x_hat * gamma + beta
    cache = (x, gamma, beta, eps)
    return out, cache


def batchnorm_backward(dout, cache):
    x, gamma, beta, eps = cache
    N = x.shape[0]
    batch_mean = x.mean(0)
    inv_sigma = 1.0 / np.sqrt(x.var(0) + eps)
    x_hat = (x - batch_mean) * inv_sigma
    dbeta = dout.mean(0)
    dgamma = (dout * x_hat).sum(0)
    g = dout * gamma
    dx = inv_sigma / N * (N * g - g.sum(0) - x_hat * (g * x_hat).sum(0))
    return dx, dgamma, dbeta
