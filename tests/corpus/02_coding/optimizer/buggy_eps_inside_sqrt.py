# BUG: epsilon is added inside the square root (sqrt(v_hat + eps)) instead of after it.
import numpy as np


class Optimizer:
    def __init__(self, learning_rate=0.01, optimizer_type='adam', beta1=0.9, beta2=0.999, epsilon=1e-8):
        if optimizer_type not in {'sgd', 'momentum', 'adam'}:
            raise ValueError("bad optimizer_type")
        self.learning_rate = learning_rate
        self.optimizer_type = optimizer_type
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.t = 0
        self.cache = {}

    def update(self, params, grads):
        self.t += 1
        for name in params:
            p, g = params[name], grads[name]
            if self.optimizer_type == 'sgd':
                p -= self.learning_rate * g
                continue
            if name not in self.cache:
                self.cache[name] = {'m': np.zeros_like(p), 'v': np.zeros_like(p)}
            c = self.cache[name]
            if self.optimizer_type == 'momentum':
                c['m'] = self.beta1 * c['m'] + g
                p -= self.learning_rate * c['m']
            else:
                c['m'] = self.beta1 * c['m'] + (1 - self.beta1) * g
                c['v'] = self.beta2 * c['v'] + (1 - self.beta2) * g ** 2
                m_hat = c['m'] / (1 - self.beta1 ** self.t)
                v_hat = c['v'] / (1 - self.beta2 ** self.t)
                p -= self.learning_rate * m_hat / np.sqrt(v_hat + self.epsilon)
        return params
