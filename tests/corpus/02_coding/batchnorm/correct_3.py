import numpy as np


def batchnorm_forward(x, gamma, beta, eps=1e-5):
    mean = np.mean(x, axis=0, keepdims=True)
    var = np.mean((x - mean) ** 2, axis=0, keepdims=True)
    x_norm = (x - mean) / np.sqrt(var + eps)
    out = x_norm * gamma + beta
    # keep only the inputs; everything else is recomputed in the backward pass
    cache = {"x": x, "gamma": gamma, "beta": beta, "eps": eps}
    return out, cache


def batchnorm_backward(dout, cache):
    x, gamma, eps = cache["x"], cache["gamma"], cache["eps"]
    m = x.shape[0]
    mean = np.mean(x, axis=0)
    var = np.mean((x - mean) ** 2, axis=0)
    std = np.sqrt(var + eps)
    x_norm = (x - mean) / std

    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * x_norm, axis=0)

    dx_norm = dout * gamma
    dvar = np.sum(dx_norm * (x - mean), axis=0) * -0.5 * std ** -3
    dmean = np.sum(-dx_norm / std, axis=0) + dvar * np.mean(-2.0 * (x - mean), axis=0)
    dx = dx_norm / std + dvar * 2.0 * (x - mean) / m + dmean / m
    return dx, dgamma, dbeta
