# BUG: writes new arrays into the dict (params[name] = p - ...) instead of updating the arrays in place, so the caller's arrays never change.
import numpy as np


class Optimizer:
    def __init__(self, learning_rate=0.01, optimizer_type='adam', beta1=0.9, beta2=0.999, epsilon=1e-8):
        if optimizer_type not in ('sgd', 'momentum', 'adam'):
            raise ValueError(f"unknown optimizer {optimizer_type}")
        self.learning_rate = learning_rate
        self.optimizer_type = optimizer_type
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.t = 0
        self.moments = {}

    def update(self, params, grads):
        self.t += 1
        for name, p in params.items():
            g = grads[name]
            if self.optimizer_type == 'sgd':
                params[name] = p - self.learning_rate * g
            elif self.optimizer_type == 'momentum':
                v = self.moments.get(name, np.zeros_like(p))
                v = self.beta1 * v + g
                self.moments[name] = v
                params[name] = p - self.learning_rate * v
            else:
                m, v = self.moments.get(name, (np.zeros_like(p), np.zeros_like(p)))
                m = self.beta1 * m + (1 - self.beta1) * g
                v = self.beta2 * v + (1 - self.beta2) * g ** 2
                self.moments[name] = (m, v)
                m_hat = m / (1 - self.beta1 ** self.t)
                v_hat = v / (1 - self.beta2 ** self.t)
                params[name] = p - self.learning_rate * m_hat / (np.sqrt(v_hat) + self.epsilon)
        return params
