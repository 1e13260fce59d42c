# BUG: dgamma is summed over axis=1 (features) instead of axis=0 (the batch), giving shape (N,) instead of (D,).
import numpy as np


def batchnorm_forward(x, gamma, beta, eps=1e-5):
    mu = np.mean(x, axis=0)
    var = np.mean(np.square(x - mu), axis=0)
    x_hat = (x - mu) / np.sqrt(var + eps)
    y = gamma * x_hat + beta
    return y, (x, x_hat, mu, var, gamma, eps)


def batchnorm_backward(dout, cache):
    x, x_hat, mu, var, gamma, eps = cache
    N = x.shape[0]
    std_inv = 1.0 / np.sqrt(var + eps)
    dx_hat = dout * gamma
    dvar = np.sum(dx_hat * (x - mu), axis=0) * -0.5 * std_inv ** 3
    dmu = np.sum(-dx_hat * std_inv, axis=0) + dvar * np.mean(-2.0 * (x - mu), axis=0)
    dx = dx_hat * std_inv + dvar * 2.0 * (x - mu) / N + dmu / N
    dgamma = np.sum(dout * x_hat, axis=1)
    dbeta = np.sum(dout, axis=0)
    return dx, dgamma, dbeta
