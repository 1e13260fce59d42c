import numpy as np


class Optimizer:
    TYPES = {'sgd', 'momentum', 'adam'}

    def __init__(self, learning_rate=0.01, optimizer_type='adam', beta1=0.9, beta2=0.999, epsilon=1e-8):
        if optimizer_type not in self.TYPES:
            raise ValueError("optimizer_type must be one of 'sgd', 'momentum', 'adam'")
        self.lr = learning_rate
        self.kind = optimizer_type
        self.b1 = beta1
        self.b2 = beta2
        self.eps = epsilon
        self.t = 0
        self.state = {}

    def update(self, params, grads):
        self.t += 1
        for name in params:
            p = params[name]
            g = np.asarray(grads[name], dtype=p.dtype)

            if self.kind == 'sgd':
                np.subtract(p, self.lr * g, out=p)
                continue

            st = self.state.setdefault(name, {'m': np.zeros_like(p), 'v': np.zeros_like(p)})
            if self.kind == 'momentum':
                st['m'] *= self.b1
                st['m'] += g
                np.subtract(p, self.lr * st['m'], out=p)
            else:
                st['m'] *= self.b1
                st['m'] += (1.0 - self.b1) * g
                st['v'] *= self.b2
                st['v'] += (1.0 - self.b2) * g * g
                bc1 = 1.0 - self.b1 ** self.t
                bc2 = 1.0 - self.b2 ** self.t
                denom = np.sqrt(st['v'] / bc2) + self.eps
                np.subtract(p, self.lr * (st['m'] / bc1) / denom, out=p)
        return params
