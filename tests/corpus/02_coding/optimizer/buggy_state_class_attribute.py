# BUG: the moment dictionaries and step counter are class attributes, so every Optimizer instance shares (and corrupts) the same state.
import numpy as np


class Optimizer:
    m = {}
    v = {}
    t = [0]

    def __init__(self, learning_rate=0.01, optimizer_type='adam', beta1=0.9, beta2=0.999, epsilon=1e-8):
        if optimizer_type not in ('sgd', 'momentum', 'adam'):
            raise ValueError("optimizer_type must be 'sgd', 'momentum' or 'adam'")
        self.learning_rate = learning_rate
        self.optimizer_type = optimizer_type
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon

    def update(self, params, grads):
        self.t[0] += 1
        t = self.t[0]
        for name, p in params.items():
            g = grads[name]
            if self.optimizer_type == 'sgd':
                p -= self.learning_rate * g
            elif self.optimizer_type == 'momentum':
                if name not in self.m:
                    self.m[name] = np.zeros_like(p)
                self.m[name] = self.beta1 * self.m[name] + g
                p -= self.learning_rate * self.m[name]
            else:
                if name not in self.m:
                    self.m[name] = np.zeros_like(p)
                    self.v[name] = np.zeros_like(p)
                self.m[name] = self.beta1 * self.m[name] + (1 - self.beta1) * g
                self.v[name] = self.beta2 * self.v[name] + (1 - self.beta2) * g ** 2
                m_hat = self.m[name] / (1 - self.beta1 ** t)
                v_hat = self.v[name] / (1 - self.beta2 ** t)
                p -= self.learning_rate * m_hat / (np.sqrt(v_hat) + self.epsilon)
        return params
