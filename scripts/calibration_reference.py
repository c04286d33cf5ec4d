"""Write tests/fixtures/sklearn/calibration.json: generated cases and what scikit-learn computes on them, for
tests/unit/lib/calibration.test.ts (Platt scaling, isotonic regression, calibration curves, Brier score, expected
calibration error, CalibratedClassifierCV with cv="prefit" and with given folds).

Run with Debian's python3-sklearn (scikit-learn 1.2.1, NumPy 1.24.2):
    /usr/bin/python3 scripts/calibration_reference.py          # rewrite the file
    /usr/bin/python3 scripts/calibration_reference.py --check  # recompute and say where it differs
Inputs are rounded to 6 decimals before scikit-learn sees them, so the JSON holds exactly what both sides read.
"""
import json
import sys
from pathlib import Path

import numpy as np
import sklearn
from sklearn.calibration import CalibratedClassifierCV, _sigmoid_calibration, calibration_curve
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss
from sklearn.model_selection import KFold, StratifiedKFold

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "sklearn" / "calibration.json"


def r6(a):
    return np.round(np.asarray(a, dtype=float), 6)


def listed(a):
    return [float(v) for v in np.asarray(a, dtype=float)]


def expit(z):
    return 1 / (1 + np.exp(-z))


def platt_cases(rng):
    # Overconfident decision values (log-odds three times too steep, shifted): Platt's fit should undo both.
    n = 1500
    x = rng.normal(size=n)
    p = expit(-1.5 + 1.2 * x)
    y = (rng.random(n) < p).astype(int)
    scores = r6(3 * (-1.5 + 1.2 * x) + 2 + 0.3 * rng.normal(size=n))
    a, b = _sigmoid_calibration(scores, y)
    grid = r6(np.linspace(-8, 8, 33))
    # The same labels with probabilities as the scores (what a model without a decision function gives).
    probs = r6(expit(scores))
    a2, b2 = _sigmoid_calibration(probs, y)
    return {
        "scores": listed(scores), "probs": listed(probs), "y": [int(v) for v in y],
        "a": float(a), "b": float(b), "grid": listed(grid), "grid_pred": listed(expit(-(a * grid + b))),
        "a_probs": float(a2), "b_probs": float(b2),
    }


def isotonic_cases(rng):
    # Binary outcomes against a score rounded to 2 decimals (many ties, as a model's bucketed outputs have).
    n = 800
    x = r6(np.round(rng.random(n), 2))
    y = (rng.random(n) < 0.15 + 0.7 * x ** 2).astype(float)
    iso = IsotonicRegression(out_of_bounds="clip").fit(x, y)
    t = r6(np.concatenate([[-0.5, 0, 1, 1.5], rng.random(40)]))
    # A continuous target, unsorted input with ties, to check pooling of non-binary values.
    n2 = 300
    x2 = r6(np.round(rng.normal(size=n2), 1))
    y2 = r6(np.sin(x2) + 0.5 * rng.normal(size=n2))
    iso2 = IsotonicRegression(out_of_bounds="clip").fit(x2, y2)
    t2 = r6(np.linspace(-4, 4, 41))
    return {
        "binary": {"x": listed(x), "y": listed(y), "x_thresholds": listed(iso.X_thresholds_),
                   "y_thresholds": listed(iso.y_thresholds_), "t": listed(t), "pred": listed(iso.predict(t))},
        "continuous": {"x": listed(x2), "y": listed(y2), "x_thresholds": listed(iso2.X_thresholds_),
                       "y_thresholds": listed(iso2.y_thresholds_), "t": listed(t2), "pred": listed(iso2.predict(t2))},
    }


def curve_cases(rng):
    # 1,000 probabilities: with 8 bins no quantile edge falls exactly on a value (scikit-learn 1.2.1 puts a value at an
    # inner edge in the lower bin, later versions in the upper one; calibrationTable does the latter).
    n = 1000
    probs = r6(rng.beta(2, 5, size=n))
    y = (rng.random(n) < np.clip(probs * 0.6 + 0.05, 0, 1)).astype(int)
    out = {"probs": listed(probs), "y": [int(v) for v in y], "brier": float(brier_score_loss(y, probs))}
    for strategy, n_bins in [("uniform", 10), ("quantile", 8)]:
        prob_true, prob_pred = calibration_curve(y, probs, n_bins=n_bins, strategy=strategy)
        if strategy == "quantile":
            edges = np.percentile(probs, np.linspace(0, 1, n_bins + 1) * 100)
        else:
            edges = np.linspace(0, 1, n_bins + 1)
        ids = np.searchsorted(edges[1:-1], probs)
        counts = np.bincount(ids, minlength=n_bins)
        counts = counts[counts > 0]
        # Expected calibration error: the count-weighted mean gap between the curve and the diagonal.
        ece = float(np.sum(counts / n * np.abs(prob_true - prob_pred)))
        out[strategy] = {"n_bins": n_bins, "prob_true": listed(prob_true), "prob_pred": listed(prob_pred),
                         "counts": [int(c) for c in counts], "ece": ece}
    return out


def classifier_cases(rng):
    # Train on up-sampled positives (the classic way to make probabilities too high), calibrate on held-out rows.
    n = 1800
    X = r6(rng.normal(size=(n, 2)))
    p = expit(-2.2 + 1.1 * X[:, 0] - 0.7 * X[:, 1])
    y = (rng.random(n) < p).astype(int)
    train, cal, test = np.arange(0, 600), np.arange(600, 1200), np.arange(1200, 1800)
    pos = train[y[train] == 1]
    upsampled = np.concatenate([train, np.repeat(pos, 3)])
    base = LogisticRegression(penalty=None, solver="newton-cholesky", tol=1e-12, max_iter=100).fit(X[upsampled], y[upsampled])
    out = {"X": [listed(r) for r in X], "y": [int(v) for v in y], "upsampled_train": [int(i) for i in upsampled],
           "cal": [int(i) for i in cal], "test": [int(i) for i in test],
           "base_coef": listed(base.coef_[0]), "base_intercept": float(base.intercept_[0]),
           "base_test_proba": listed(base.predict_proba(X[test])[:, 1])}
    for method in ["sigmoid", "isotonic"]:
        prefit = CalibratedClassifierCV(base, method=method, cv="prefit").fit(X[cal], y[cal])
        out[f"prefit_{method}"] = listed(prefit.predict_proba(X[test])[:, 1])
        # Cross-validated: three contiguous folds of the first 1,200 rows, given as explicit splits.
        first = np.arange(1200)
        folds = list(KFold(3).split(first))
        cv = CalibratedClassifierCV(LogisticRegression(penalty=None, solver="newton-cholesky", tol=1e-12, max_iter=100), method=method,
                                    cv=folds).fit(X[first], y[first])
        out[f"cv3_{method}"] = listed(cv.predict_proba(X[test])[:, 1])
        # cv=3 as a number: scikit-learn cuts three stratified folds (StratifiedKFold(3), not shuffled).
        by_count = CalibratedClassifierCV(LogisticRegression(penalty=None, solver="newton-cholesky", tol=1e-12, max_iter=100),
                                          method=method, cv=3).fit(X[first], y[first])
        out[f"cv3_count_{method}"] = listed(by_count.predict_proba(X[test])[:, 1])
    return out


def stratified_cases(rng):
    # Which test fold each row falls in: imbalanced 0/1 labels, three string classes listed out of order (classes
    # are numbered by first appearance), and a class with fewer rows than folds.
    cases = []
    for labels, k in [
        ([int(v) for v in (rng.random(103) < 0.17)], 5),
        ([str(v) for v in rng.choice(["c", "a", "b"], size=61, p=[0.5, 0.3, 0.2])], 4),
        ([0] * 20 + [1] * 2 + [2] * 9, 3),
    ]:
        folds = np.empty(len(labels), dtype=int)
        for f, (_, test) in enumerate(StratifiedKFold(k).split(np.zeros(len(labels)), labels)):
            folds[test] = f
        cases.append({"y": labels, "n_splits": k, "test_fold": [int(v) for v in folds]})
    return cases


def build():
    rng = np.random.default_rng(20240613)
    return {
        "generated_by": f"scripts/calibration_reference.py with scikit-learn {sklearn.__version__}, NumPy {np.__version__}",
        "platt": platt_cases(rng),
        "isotonic": isotonic_cases(rng),
        "curve": curve_cases(rng),
        "classifier": classifier_cases(rng),
        "stratified": stratified_cases(np.random.default_rng(20261205)),
    }


def main():
    data = build()
    if "--check" in sys.argv:
        old = json.loads(OUT.read_text())
        bad = []

        def walk(a, b, path):
            if isinstance(a, dict):
                for k in a:
                    walk(a[k], b.get(k) if isinstance(b, dict) else None, f"{path}.{k}")
            elif isinstance(a, list):
                if not isinstance(b, list) or len(a) != len(b):
                    bad.append(path)
                else:
                    for i, (u, v) in enumerate(zip(a, b)):
                        walk(u, v, f"{path}[{i}]")
            elif isinstance(a, float):
                if not isinstance(b, (int, float)) or abs(a - b) > 1e-12 * max(1, abs(a)):
                    bad.append(path)
            elif a != b and path != ".generated_by":
                bad.append(path)

        walk(data, old, "")
        print("same as the committed file" if not bad else f"{len(bad)} values differ, first: {bad[:5]}")
        sys.exit(1 if bad else 0)
    OUT.write_text(json.dumps(data, separators=(",", ":")) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
