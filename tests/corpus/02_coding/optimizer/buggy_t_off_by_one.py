# BUG: the step counter starts at 1 and is incremented before use, so the first update uses t = 2 in the bias correction.
import numpy as np


class Optimizer:
    def __init__(self, learning_rate=0.01, optimizer_type='adam', beta1=0.9, beta2=0.999, epsilon=1e-8):
        if optimizer_type not in ('sgd', 'momentum', 'adam'):
            raise ValueError("Unknown optimizer_type '%s'" % optimizer_type)
        self.learning_rate = learning_rate
        self.optimizer_type = optimizer_type
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.t = 1
        self.m = {}
        self.v = {}

    def update(self, params, grads):
        self.t += 1
        lr, b1, b2, eps = self.learning_rate, self.beta1, self.beta2, self.epsilon
        for name in params:
            g = grads[name]
            if self.optimizer_type == 'sgd':
                params[name] -= lr * g
            elif self.optimizer_type == 'momentum':
                if name not in self.m:
                    self.m[name] = np.zeros_like(g)
                self.m[name] = b1 * self.m[name] + g
                params[name] -= lr * self.m[name]
            else:
                if name not in self.m:
                    self.m[name] = np.zeros_like(g)
                    self.v[name] = np.zeros_like(g)
                self.m[name] = b1 * self.m[name] + (1 - b1) * g
                self.v[name] = b2 * self.v[name] + (1 - b2) * g * g
                m_hat = self.m[name] / (1 - b1 ** self.t)
                v_hat = self.v[name] / (1 - b2 ** self.t)
                params[name] -= lr * m_hat / (np.sqrt(v_hat) + eps)
        return params
