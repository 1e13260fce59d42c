# BUG: dx treats the batch mean and variance as constants: dx = dout * gamma / std, ignoring their dependence on x.
import numpy as np


def batchnorm_forward(x, gamma, beta, eps=1e-5):
    sample_mean = np.mean(x, axis=0)
    sample_var = np.var(x, axis=0)
    std = np.sqrt(sample_var + eps)
    x_normalized = (x - sample_mean) / std
    out = gamma * x_normalized + beta
    cache = {"x_normalized": x_normalized, "std": std, "gamma": gamma}
    return out, cache


def batchnorm_backward(dout, cache):
    x_normalized = cache["x_normalized"]
    std = cache["std"]
    gamma = cache["gamma"]
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * x_normalized, axis=0)
    dx = dout * gamma / std
    return dx, dgamma, dbeta
