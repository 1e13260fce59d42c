# BUG: the step counter t is incremented once per parameter inside the loop instead of once per update call, so bias correction uses the wrong t when there is more than one parameter.
import numpy as np


class Optimizer:
    def __init__(self, learning_rate=0.01, optimizer_type='adam', beta1=0.9, beta2=0.999, epsilon=1e-8):
        if optimizer_type not in ('sgd', 'momentum', 'adam'):
            raise ValueError(optimizer_type)
        self.lr = learning_rate
        self.optimizer_type = optimizer_type
        self.beta1, self.beta2, self.epsilon = beta1, beta2, epsilon
        self.t = 0
        self.state = {}

    def update(self, params, grads):
        for name, param in params.items():
            g = grads[name]
            self.t += 1
            if name not in self.state:
                self.state[name] = [np.zeros_like(param), np.zeros_like(param)]
            m, v = self.state[name]
            if self.optimizer_type == 'sgd':
                param -= self.lr * g
            elif self.optimizer_type == 'momentum':
                m[:] = self.beta1 * m + g
                param -= self.lr * m
            else:
                m[:] = self.beta1 * m + (1 - self.beta1) * g
                v[:] = self.beta2 * v + (1 - self.beta2) * g * g
                m_hat = m / (1 - self.beta1 ** self.t)
                v_hat = v / (1 - self.beta2 ** self.t)
                param -= self.lr * m_hat / (np.sqrt(v_hat) + self.epsilon)
        return params
