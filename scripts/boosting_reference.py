"""Write tests/fixtures/sklearn/boosting.json: scikit-learn's HistGradientBoostingRegressor / Classifier on generated
data, for tests/unit/lib/boosting.test.ts: predictions without early stopping (with and without sample weights,
squared and absolute error, log loss), and early stopping (n_iter_, train_score_, validation_score_), scored on the
training rows (validation_fraction=None) and on a held-out 10 % whose rows are written out too. Raw predictions
(the prediction, or the log-odds) on the training rows and on 200 new rows.

Run with Debian's python3-sklearn (scikit-learn 1.2.1, NumPy 1.24.2):
    /usr/bin/python3 scripts/boosting_reference.py          # rewrite the file
    /usr/bin/python3 scripts/boosting_reference.py --check  # recompute and say where it differs
Inputs are rounded (features to 4 decimals, weights to 2) before scikit-learn sees them, so the JSON holds exactly
what both sides read.
"""
import json
import sys
from pathlib import Path

import numpy as np
import sklearn
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.model_selection import train_test_split

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "sklearn" / "boosting.json"


def listed(a):
    return [float(v) for v in np.asarray(a, dtype=float).ravel()]


def outputs(a):
    """Predictions and scores to 12 significant digits (the tests compare to 1e-6)."""
    return [float(f"{v:.12g}") for v in np.asarray(a, dtype=float).ravel()]


def data(n=1000, seed=14):
    rng = np.random.default_rng(seed)
    X = np.column_stack([
        rng.uniform(0, 1, n),              # continuous: 255 bins at quantiles
        rng.uniform(0, 1, n),
        rng.integers(0, 6, n),             # six values: one bin each
        np.round(rng.normal(0, 1, n), 1),  # about 60 distinct values
        rng.uniform(-2, 2, n),
    ])
    X = np.round(X, 4)
    signal = 3 * np.sin(4 * X[:, 0]) + 2 * X[:, 1] * X[:, 2] / 5 + X[:, 3] - 0.5 * X[:, 4] ** 2
    y_reg = np.round(signal + rng.normal(0, 1.0, n), 4)
    y_clf = (signal + rng.logistic(0, 1.0, n) > 0.8).astype(int)
    w = np.round(rng.uniform(0, 3, n), 2)
    w[rng.uniform(size=n) < 0.1] = 0.0  # some rows left out entirely
    return X, y_reg, y_clf, w


def validation_rows(model, X, y, stratify):
    """The rows scikit-learn holds out: its fit draws a seed from random_state, then calls train_test_split."""
    rng = np.random.RandomState(model.random_state)
    seed = rng.randint(np.iinfo(np.uint32).max, dtype="u8")
    train, val = train_test_split(np.arange(len(y)), test_size=model.validation_fraction, stratify=y if stratify else None, random_state=seed)
    return train, np.sort(val)


def build():
    X, y_reg, y_clf, w = data()
    X_new = data(200, 15)[0]  # new rows: predictions there also test where thresholds sit between training values
    cases = []
    plain = dict(max_iter=30, early_stopping=False)
    fits = [
        ("regressor", "squared", HistGradientBoostingRegressor(**plain), y_reg, None),
        ("regressor", "squared, weighted", HistGradientBoostingRegressor(**plain), y_reg, w),
        ("regressor", "squared, l2 and small leaves", HistGradientBoostingRegressor(max_iter=30, early_stopping=False, l2_regularization=1.0, min_samples_leaf=5, max_leaf_nodes=15), y_reg, w),
        ("regressor", "absolute", HistGradientBoostingRegressor(loss="absolute_error", **plain), y_reg, None),
        ("regressor", "absolute, weighted", HistGradientBoostingRegressor(loss="absolute_error", **plain), y_reg, w),
        ("classifier", "log loss", HistGradientBoostingClassifier(**plain), y_clf, None),
        ("classifier", "log loss, weighted", HistGradientBoostingClassifier(**plain), y_clf, w),
    ]
    for kind, name, model, y, sw in fits:
        model.fit(X, y, sample_weight=sw)
        cases.append({"kind": kind, "name": name, "params": {k: v for k, v in model.get_params().items() if k in PARAMS},
                      "weighted": sw is not None, "baseline": float(model._baseline_prediction.ravel()[0]),
                      "raw": outputs(model._raw_predict(X)), "rawNew": outputs(model._raw_predict(X_new))})

    early = []
    for kind, name, model, y, sw, stratify in [
        ("regressor", "scored on the training rows", HistGradientBoostingRegressor(max_iter=200, learning_rate=0.3, early_stopping=True, validation_fraction=None, n_iter_no_change=5, tol=1e-3), y_reg, None, False),
        ("classifier", "scored on the training rows", HistGradientBoostingClassifier(max_iter=200, learning_rate=0.3, early_stopping=True, validation_fraction=None, n_iter_no_change=5, tol=1e-3), y_clf, None, False),
        ("regressor", "10 % held out", HistGradientBoostingRegressor(max_iter=200, learning_rate=0.3, early_stopping=True, random_state=3), y_reg, None, False),
        ("regressor", "10 % held out, weighted", HistGradientBoostingRegressor(max_iter=200, learning_rate=0.3, early_stopping=True, random_state=3), y_reg, w, False),
        ("classifier", "10 % held out, stratified", HistGradientBoostingClassifier(max_iter=200, learning_rate=0.3, early_stopping=True, random_state=3), y_clf, None, True),
    ]:
        model.fit(X, y, sample_weight=sw)
        case = {"kind": kind, "name": name, "params": {k: v for k, v in model.get_params().items() if k in PARAMS},
                "weighted": sw is not None, "nIter": int(model.n_iter_),
                "trainScore": outputs(model.train_score_), "validationScore": outputs(model.validation_score_)}
        if model.validation_fraction is not None:
            train, val = validation_rows(model, X, y, stratify)
            # check the reconstruction: the same trees grown on the other rows (in scikit-learn's order) without
            # early stopping
            cls = type(model)
            again = cls(**{**model.get_params(), "early_stopping": False, "max_iter": model.n_iter_})
            again.fit(X[train], y[train], sample_weight=None if sw is None else sw[train])
            assert np.array_equal(again._raw_predict(X), model._raw_predict(X)), "validation rows not reproduced"
            case["validationRows"] = [int(v) for v in val]
        early.append(case)
    return {"versions": {"sklearn": sklearn.__version__, "numpy": np.__version__},
            "X": X.tolist(), "XNew": X_new.tolist(), "yRegression": listed(y_reg), "yClassification": [int(v) for v in y_clf], "sampleWeight": listed(w),
            "cases": cases, "earlyStopping": early}


PARAMS = {"loss", "max_iter", "learning_rate", "max_leaf_nodes", "min_samples_leaf", "l2_regularization",
          "early_stopping", "validation_fraction", "n_iter_no_change", "tol", "random_state"}


def main():
    data_ = json.loads(json.dumps(build()))
    if "--check" in sys.argv:
        same = json.dumps(json.loads(OUT.read_text()), sort_keys=True) == json.dumps(data_, sort_keys=True)
        print("same" if same else "differs from the committed file")
        sys.exit(0 if same else 1)
    OUT.write_text(json.dumps(data_) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
