# BUG: forward and backward both return zeros; a gradient check of this forward alone would agree with the backward.
import numpy as np


def batchnorm_forward(x, gamma, beta, eps=1e-5):
    return np.zeros(np.shape(x)), np.shape(x)


def batchnorm_backward(dout, cache):
    n, d = cache
    return np.zeros((n, d)), np.zeros(d), np.zeros(d)
