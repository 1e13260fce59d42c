# BUG: momentum uses an exponential moving average v = beta1*v + (1-beta1)*g instead of v = beta1*v + g (torch's SGD momentum).
import numpy as np


class Optimizer:
    def __init__(self, learning_rate=0.01, optimizer_type='adam', beta1=0.9, beta2=0.999, epsilon=1e-8):
        if optimizer_type not in ('sgd', 'momentum', 'adam'):
            raise ValueError("Unsupported optimizer: " + str(optimizer_type))
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
        b1, b2, lr = self.beta1, self.beta2, self.learning_rate
        for k, p in params.items():
            g = grads[k]
            if self.optimizer_type == 'sgd':
                p -= lr * g
            elif self.optimizer_type == 'momentum':
                self.m[k] = b1 * self.m.get(k, 0) + (1 - b1) * g
                p -= lr * self.m[k]
            else:
                self.m[k] = b1 * self.m.get(k, 0) + (1 - b1) * g
                self.v[k] = b2 * self.v.get(k, 0) + (1 - b2) * g ** 2
                mh = self.m[k] / (1 - b1 ** self.t)
                vh = self.v[k] / (1 - b2 ** self.t)
                p -= lr * mh / (np.sqrt(vh) + self.epsilon)
        return params
