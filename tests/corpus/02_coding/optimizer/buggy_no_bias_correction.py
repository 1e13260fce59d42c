# BUG: Adam without bias correction (uses m and v directly instead of m/(1-b1^t) and v/(1-b2^t)).
import numpy as np


class Optimizer:
    def __init__(self, learning_rate=0.01, optimizer_type='adam', beta1=0.9, beta2=0.999, epsilon=1e-8):
        if optimizer_type not in ['sgd', 'momentum', 'adam']:
            raise ValueError("Unknown optimizer type")
        self.learning_rate = learning_rate
        self.optimizer_type = optimizer_type
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.t = 0
        self.velocity = {}
        self.m = {}
        self.v = {}

    def update(self, params, grads):
        self.t += 1
        for key in params:
            grad = grads[key]
            if self.optimizer_type == 'sgd':
                params[key] -= self.learning_rate * grad
            elif self.optimizer_type == 'momentum':
                vel = self.velocity.get(key, np.zeros_like(grad))
                vel = self.beta1 * vel + grad
                self.velocity[key] = vel
                params[key] -= self.learning_rate * vel
            elif self.optimizer_type == 'adam':
                m = self.m.get(key, np.zeros_like(grad))
                v = self.v.get(key, np.zeros_like(grad))
                m = self.beta1 * m + (1 - self.beta1) * grad
                v = self.beta2 * v + (1 - self.beta2) * grad ** 2
                self.m[key], self.v[key] = m, v
                params[key] -= self.learning_rate * m / (np.sqrt(v) + self.epsilon)
        return params
