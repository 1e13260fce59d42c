# BUG: dx forgets the factor gamma (it backpropagates dout as if it were dL/dx_hat).
import numpy as np


def batchnorm_forward(x, gamma, beta, eps=1e-5):
    mean = np.mean(x, axis=0)
    var = np.var(x, axis=0)
    std = np.sqrt(var + eps)
    norm = (x - mean) / std
    out = gamma * norm + beta
    return out, (norm, std, gamma, beta)


def batchnorm_backward(dout, cache):
    norm, std, gamma, beta = cache
    N = norm.shape[0]
    dgamma = np.sum(dout * norm, axis=0)
    dbeta = np.sum(dout, axis=0)
    dnorm = dout
    dx = (1.0 / (N * std)) * (N * dnorm - np.sum(dnorm, axis=0) - norm * np.sum(dnorm * norm, axis=0))
    return dx, dgamma, dbeta
