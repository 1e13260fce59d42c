# BUG: dx keeps the gradient through the mean but drops the term through the variance (the x_hat * sum(dout * x_hat) part).
import numpy as np


def batchnorm_forward(x, gamma, beta, eps=1e-5):
    N = x.shape[0]
    mean = x.sum(axis=0) / N
    centered = x - mean
    variance = (centered * centered).sum(axis=0) / N
    inv_std = (variance + eps) ** -0.5
    xhat = centered * inv_std
    return gamma * xhat + beta, (xhat, inv_std, gamma)


def batchnorm_backward(dout, cache):
    xhat, inv_std, gamma = cache
    dbeta = dout.sum(axis=0)
    dgamma = (xhat * dout).sum(axis=0)
    dxhat = dout * gamma
    dx = inv_std * (dxhat - dxhat.mean(axis=0))
    return dx, dgamma, dbeta
