# BUG: an unknown optimizer_type is not rejected at construction; it silently falls back to plain SGD.
import numpy as np


class Optimizer:
    def __init__(self, learning_rate=0.01, optimizer_type='adam', beta1=0.9, beta2=0.999, epsilon=1e-8):
        self.learning_rate = learning_rate
        self.optimizer_type = optimizer_type
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.t = 0
        self.m = {}
        self.v = {}

    def update(self, params, grads):
        self.t += 1
        for name, p in params.items():
            g = grads[name]
            if self.optimizer_type == 'adam':
                self.m.setdefault(name, np.zeros_like(p))
                self.v.setdefault(name, np.zeros_like(p))
                self.m[name] = self.beta1 * self.m[name] + (1 - self.beta1) * g
                self.v[name] = self.beta2 * self.v[name] + (1 - self.beta2) * np.square(g)
                m_hat = self.m[name] / (1 - self.beta1 ** self.t)
                v_hat = self.v[name] / (1 - self.beta2 ** self.t)
                p -= self.learning_rate * m_hat / (np.sqrt(v_hat) + self.epsilon)
            elif self.optimizer_type == 'momentum':
                self.v.setdefault(name, np.zeros_like(p))
                self.v[name] = self.beta1 * self.v[name] + g
                p -= self.learning_rate * self.v[name]
            else:
                p -= self.learning_rate * g
        return params
