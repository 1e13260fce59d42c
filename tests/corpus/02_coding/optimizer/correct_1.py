import numpy as np


class Optimizer:
    def __init__(self, learning_rate=0.01, optimizer_type='adam', beta1=0.9, beta2=0.999, epsilon=1e-8):
        if optimizer_type not in ('sgd', 'momentum', 'adam'):
            raise ValueError(f"Unknown optimizer_type: {optimizer_type!r}")
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
        lr = self.learning_rate
        for name, p in params.items():
            g = grads[name]
            if self.optimizer_type == 'sgd':
                p -= lr * g
            elif self.optimizer_type == 'momentum':
                if name not in self.v:
                    self.v[name] = np.zeros_like(p)
                self.v[name] = self.beta1 * self.v[name] + g
                p -= lr * self.v[name]
            else:
                if name not in self.m:
                    self.m[name] = np.zeros_like(p)
                    self.v[name] = np.zeros_like(p)
                self.m[name] = self.beta1 * self.m[name] + (1 - self.beta1) * g
                self.v[name] = self.beta2 * self.v[name] + (1 - self.beta2) * g ** 2
                m_hat = self.m[name] / (1 - self.beta1 ** self.t)
                v_hat = self.v[name] / (1 - self.beta2 ** self.t)
                p -= lr * m_hat / (np.sqrt(v_hat) + self.epsilon)
        return params
