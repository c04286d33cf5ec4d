"""scikit-learn on the same data as bench/lib-models.bench.ts (same mulberry32 generator and seeds).

    python3 bench/sklearn_models.py            # as many threads as scikit-learn wants
    OMP_NUM_THREADS=1 python3 bench/sklearn_models.py
    python3 bench/sklearn_models.py --serve    # used by the bench (see below)

Prints median fit times in ms. scikit-learn 1.2.1 is Debian's python3-sklearn. HistGradientBoostingRegressor is timed
both with its default (early stopping on a 10 % validation split, as it does above 10,000 rows) and with
early_stopping=False, which grows 100 trees on all rows like the library's GradientBoostingRegressor.

--serve: bench/lib-models.bench.ts starts this script once, makes the data, and then asks for one fit per line on
stdin ("gbr" or "gbc": HistGradientBoostingRegressor / Classifier, 100 iterations, early stopping off, on the
bench's 32,000 x 12 training rows; "gbr 1" limits OpenMP to one thread for that fit); each answer is a JSON line
{"wallMs", "cpuMs", "nIter", "testScore"}. So the bench interleaves its own fits with scikit-learn's, one at a
time, and both see the same load. (On a loaded 2-core machine scikit-learn's two OpenMP threads wait on each other
at every parallel region: one-thread times are the steadier reference there.)
"""
import json
import math
import sys
import time

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor, RandomForestRegressor
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import r2_score, roc_auc_score
from threadpoolctl import threadpool_limits


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


def friedman(n, seed):
    r = mulberry32(seed)
    X, y = [], []
    for _ in range(n):
        x = [r() for _ in range(12)]
        X.append(x)
        y.append(10 * math.sin(math.pi * x[0] * x[1]) + 20 * (x[2] - 0.5) ** 2 + 10 * x[3] + 5 * x[4] + (2 * r() - 1))
    return np.array(X), np.array(y)


def logistic_data(n, seed):
    r = mulberry32(seed)
    w = [1.2, -0.8, 0.5, 0, 0.3, -0.3, 0.9, 0, -1.1, 0.2, 0.05, 0.6]
    X, y = [], []
    for _ in range(n):
        x = [(2 * r() - 1) * math.sqrt(3) for _ in range(12)]
        eta = -0.4 + sum(wj * xj for wj, xj in zip(w, x))
        X.append(x)
        y.append(1 if r() < 1 / (1 + math.exp(-eta)) else 0)
    return np.array(X), np.array(y)


def median_ms(fn, runs):
    """Median wall-clock ms and median process CPU ms (all threads) over the runs."""
    wall, cpu = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    return f"wall {np.median(wall):.0f} ms, cpu {np.median(cpu):.0f} ms"


def boosting_data():
    """The bench's boosting cases: 32,000 training rows and 6,400 test rows each (as lib-models.bench.ts)."""
    X, y = friedman(38_400, 2)
    Xc, yc = logistic_data(38_400, 4)
    return {
        "gbr": (HistGradientBoostingRegressor, X[:32_000], y[:32_000], X[32_000:], y[32_000:], lambda m, Xt, yt: r2_score(yt, m.predict(Xt))),
        "gbc": (HistGradientBoostingClassifier, Xc[:32_000], yc[:32_000], Xc[32_000:], yc[32_000:], lambda m, Xt, yt: roc_auc_score(yt, m.predict_proba(Xt)[:, 1])),
    }


def serve():
    cases = boosting_data()
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        name, *threads = line.split()
        if name not in cases or threads not in ([], ["1"]):
            print(json.dumps({"error": f"unknown request {line.strip()!r}"}), flush=True)
            continue
        cls, Xtr, ytr, Xte, yte, score = cases[name]
        m = cls(early_stopping=False)
        with threadpool_limits(limits=1 if threads else None, user_api="openmp"):
            t, c = time.perf_counter(), time.process_time()
            m.fit(Xtr, ytr)
            wall, cpu = (time.perf_counter() - t) * 1000, (time.process_time() - c) * 1000
        print(json.dumps({"wallMs": wall, "cpuMs": cpu, "nIter": int(m.n_iter_), "testScore": float(score(m, Xte, yte))}), flush=True)


def main():
    X, y = logistic_data(100_000, 1)
    print("LogisticRegression fit, 100,000 x 12:", median_ms(lambda: LogisticRegression().fit(X, y), 9))

    cases = boosting_data()
    _, Xtr, ytr, Xte, yte, _ = cases["gbr"]
    for es in ["auto", False]:
        m = HistGradientBoostingRegressor(early_stopping=es)
        ms = median_ms(lambda: m.fit(Xtr, ytr), 5)
        print(f"HistGradientBoostingRegressor(early_stopping={es}) fit, 32,000 x 12:", ms, "; iterations", m.n_iter_, "test R2", r2_score(yte, m.predict(Xte)))
    _, Xc, yc, Xct, yct, _ = cases["gbc"]
    m = HistGradientBoostingClassifier(early_stopping=False)
    ms = median_ms(lambda: m.fit(Xc, yc), 5)
    print("HistGradientBoostingClassifier(early_stopping=False) fit, 32,000 x 12:", ms, "; test AUC", roc_auc_score(yct, m.predict_proba(Xct)[:, 1]))
    rf = RandomForestRegressor(100, random_state=0)
    ms = median_ms(lambda: rf.fit(Xtr, ytr), 1)
    print("RandomForestRegressor(100) fit, 32,000 x 12:", ms, "; test R2", r2_score(yte, rf.predict(Xte)))
    print("RandomForestRegressor(100) predict, 6,400 rows:", median_ms(lambda: rf.predict(Xte), 5))


if __name__ == "__main__":
    serve() if "--serve" in sys.argv else main()
