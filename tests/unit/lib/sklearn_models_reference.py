"""Regenerate the model tests' data (tests/unit/lib/modelData.ts) and print scikit-learn's scores on it.

Run with scikit-learn 1.2.1 (Debian's python3-sklearn):  python3 tests/unit/lib/sklearn_models_reference.py
The numbers it prints are the ones quoted in trees.test.ts; the tests check our models against them.
"""
import math
import numpy as np
from sklearn.ensemble import (HistGradientBoostingClassifier, HistGradientBoostingRegressor,
                              RandomForestClassifier, RandomForestRegressor)
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.metrics import r2_score, roc_auc_score


def mulberry32(seed):
    a = seed & 0xFFFFFFFF

    def imul(x, y):
        return (x * y) & 0xFFFFFFFF

    def nxt():
        nonlocal a
        a = (a + 0x6D2B79F5) & 0xFFFFFFFF
        t = a
        t = imul(t ^ (t >> 15), t | 1)
        t ^= (t + imul(t ^ (t >> 7), t | 61)) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296
    return nxt


def friedman1(n, p, seed, noise=1.0):
    r = mulberry32(seed)
    X, y = [], []
    for _ in range(n):
        x = [r() for _ in range(p)]
        X.append(x)
        y.append(10 * math.sin(math.pi * x[0] * x[1]) + 20 * (x[2] - 0.5) ** 2 + 10 * x[3] + 5 * x[4] + noise * (2 * r() - 1))
    return np.array(X), np.array(y)


def xor_classes(n, p, seed):
    r = mulberry32(seed)
    X, y = [], []
    for _ in range(n):
        x = [r() for _ in range(p)]
        X.append(x)
        label = 1 if (x[0] > 0.5) == (x[1] > 0.5) else 0
        if r() < 0.1:
            label = 1 - label
        y.append(label)
    return np.array(X), np.array(y)


X, y = friedman1(3000, 6, 7)
Xtr, ytr, Xte, yte = X[:2000], y[:2000], X[2000:], y[2000:]
print("friedman1(3000, 6, seed 7), train 2000 / test 1000, test R2:")
print("  LinearRegression", r2_score(yte, LinearRegression().fit(Xtr, ytr).predict(Xte)))
print("  HistGradientBoostingRegressor", r2_score(yte, HistGradientBoostingRegressor(early_stopping=False).fit(Xtr, ytr).predict(Xte)))
print("  RandomForestRegressor(100)", np.mean([r2_score(yte, RandomForestRegressor(100, random_state=s).fit(Xtr, ytr).predict(Xte)) for s in range(3)]))

X, y = xor_classes(3000, 4, 11)
Xtr, ytr, Xte, yte = X[:2000], y[:2000], X[2000:], y[2000:]
print("xorClasses(3000, 4, seed 11), train 2000 / test 1000, test ROC AUC:")
print("  LogisticRegression", roc_auc_score(yte, LogisticRegression().fit(Xtr, ytr).predict_proba(Xte)[:, 1]))
print("  HistGradientBoostingClassifier", roc_auc_score(yte, HistGradientBoostingClassifier(early_stopping=False).fit(Xtr, ytr).predict_proba(Xte)[:, 1]))
print("  RandomForestClassifier(100)", np.mean([roc_auc_score(yte, RandomForestClassifier(100, random_state=s).fit(Xtr, ytr).predict_proba(Xte)[:, 1]) for s in range(3)]))
