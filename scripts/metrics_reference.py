"""Write tests/fixtures/sklearn/metrics_ranking.json: generated cases and scikit-learn's precision_recall_curve,
average_precision_score and mean_gamma_deviance on them, for tests/unit/lib/precisionRecall.test.ts.

Run with Debian's python3-sklearn (scikit-learn 1.2.1, NumPy 1.24.2):
    /usr/bin/python3 scripts/metrics_reference.py          # rewrite the file
    /usr/bin/python3 scripts/metrics_reference.py --check  # recompute and say whether it still matches
Scores are rounded to 3 decimals (so ties occur) before scikit-learn sees them.
"""
import json
import sys
from pathlib import Path

import numpy as np
import sklearn
from sklearn.metrics import average_precision_score, mean_gamma_deviance, precision_recall_curve

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "sklearn" / "metrics_ranking.json"


def listed(a):
    return [float(v) for v in np.asarray(a, dtype=float)]


def build():
    rng = np.random.default_rng(14)
    ranking = []
    for n, rate, sep in [(12, 0.4, 1.0), (200, 0.1, 1.5), (1000, 0.3, 0.7), (500, 0.5, 0.0)]:
        y = (rng.random(n) < rate).astype(int)
        y[0] = 1
        scores = np.round(1 / (1 + np.exp(-(sep * (2 * y - 1) + rng.normal(size=n)))), 3)
        p, r, t = precision_recall_curve(y, scores)
        ranking.append({"yTrue": y.tolist(), "scores": listed(scores), "precision": listed(p), "recall": listed(r),
                        "thresholds": listed(t), "averagePrecision": float(average_precision_score(y, scores))})
    gamma = []
    for n in [5, 300]:
        y = np.round(rng.gamma(2.0, 50.0, size=n) + 0.01, 4)
        pred = np.round(y * np.exp(rng.normal(0, 0.4, size=n)), 4)
        gamma.append({"yTrue": listed(y), "yPred": listed(pred), "deviance": float(mean_gamma_deviance(y, pred))})
    return {"versions": {"sklearn": sklearn.__version__, "numpy": np.__version__}, "ranking": ranking, "gamma": gamma}


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
