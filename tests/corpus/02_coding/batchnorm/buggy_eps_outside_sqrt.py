# BUG: eps is added outside the square root: (x - mu) / (sqrt(var) + eps) instead of (x - mu) / sqrt(var + eps).
import numpy as np


def batchnorm_forward(x, gamma, beta, eps=1e-5):
    mu = x.mean(axis=0)
    xc = x - mu
    var = (xc ** 2).mean(axis=0)
    sigma = np.sqrt(var)
    denom = sigma + eps
    xn = xc / denom
    out = gamma * xn + beta
    cache = (xc, sigma, denom, gamma)
    return out, cache


def batchnorm_backward(dout, cache):
    xc, sigma, denom, gamma = cache
    N = dout.shape[0]
    xn = xc / denom
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xn).sum(axis=0)
    dxn = dout * gamma
    # chain rule through denom = sqrt(var) + eps
    ddenom = -(dxn * xc).sum(axis=0) / denom ** 2
    dvar = ddenom * 0.5 / sigma
    dxc = dxn / denom + dvar * 2.0 * xc / N
    dx = dxc - dxc.mean(axis=0)
    return dx, dgamma, dbeta
