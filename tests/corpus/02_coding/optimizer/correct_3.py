import numpy as np


class Optimizer:
    def __init__(self, learning_rate=0.01, optimizer_type='adam', beta1=0.9, beta2=0.999, epsilon=1e-8):
        rules = {'sgd': self._sgd, 'momentum': self._momentum, 'adam': self._adam}
        if optimizer_type not in rules:
            raise ValueError("unknown optimizer type %r" % (optimizer_type,))
        self._rule = rules[optimizer_type]
        self.learning_rate = learning_rate
        self.optimizer_type = optimizer_type
        self.beta1, self.beta2, self.epsilon = beta1, beta2, epsilon
        self.step_count = 0
        self.first_moment = {}
        self.second_moment = {}

    def _sgd(self, name, p, g):
        p -= self.learning_rate * g

    def _momentum(self, name, p, g):
        buf = self.first_moment.get(name)
        buf = g.copy() if buf is None else self.beta1 * buf + g
        self.first_moment[name] = buf
        p -= self.learning_rate * buf

    def _adam(self, name, p, g):
        m = self.first_moment.get(name, 0.0)
        v = self.second_moment.get(name, 0.0)
        m = self.beta1 * m + (1 - self.beta1) * g
        v = self.beta2 * v + (1 - self.beta2) * np.square(g)
        self.first_moment[name], self.second_moment[name] = m, v
        t = self.step_count
        step_size = self.learning_rate / (1 - self.beta1 ** t)
        denom = np.sqrt(v) / np.sqrt(1 - self.beta2 ** t) + self.epsilon
        p -= step_size * m / denom

    def update(self, params, grads):
        self.step_count += 1
        for name, p in params.items():
            self._rule(name, p, np.asarray(grads[name], dtype=float))
        return params
