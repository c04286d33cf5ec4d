"""Write tests/fixtures/sklearn/partial_dependence.json: scikit-learn's partial_dependence (method "brute") of a
LinearRegression and a LogisticRegression (no penalty) on generated data, for tests/unit/lib/partialDependence.test.ts.

Run with Debian's python3-sklearn (scikit-learn 1.2.1, NumPy 1.24.2):
    /usr/bin/python3 scripts/partial_dependence_reference.py [--check]
"""
import json
import sys
from pathlib import Path

import numpy as np
import sklearn
from sklearn.inspection import partial_dependence
from sklearn.linear_model import LinearRegression, LogisticRegression

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "sklearn" / "partial_dependence.json"


def build():
    rng = np.random.default_rng(5)
    n = 400
    X = np.round(np.column_stack([rng.normal(size=n), rng.integers(0, 6, size=n), rng.gamma(2.0, 3.0, size=n)]), 4)
    y_reg = np.round(2 * X[:, 0] - X[:, 1] + 0.5 * X[:, 2] + rng.normal(size=n), 4)
    y_clf = (X[:, 0] + 0.3 * X[:, 1] - 0.2 * X[:, 2] + rng.normal(size=n) > 0).astype(int)
    cases = []
    for kind, model, y in [("regression", LinearRegression(), y_reg), ("classification", LogisticRegression(penalty="none", max_iter=1000), y_clf)]:
        model.fit(X, y)
        for feature, resolution in [(0, 20), (1, 100), (2, 50)]:
            pd_ = partial_dependence(model, X, [feature], grid_resolution=resolution, kind="average", method="brute")
            cases.append({"kind": kind, "feature": feature, "gridResolution": resolution,
                          "grid": [float(v) for v in pd_["values"][0]], "average": [float(v) for v in pd_["average"][0]]})
    return {"versions": {"sklearn": sklearn.__version__, "numpy": np.__version__}, "X": X.tolist(),
            "yRegression": y_reg.tolist(), "yClassification": y_clf.tolist(), "cases": cases}


def main():
    data = build()
    if "--check" in sys.argv:
        same = json.dumps(json.loads(OUT.read_text()), sort_keys=True) == json.dumps(data, sort_keys=True)
        print("same" if same else "differs from the committed file")
        sys.exit(0 if same else 1)
    OUT.write_text(json.dumps(data) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
