"""Write tests/fixtures/pandas/time.json: generated cases and what pandas and scikit-learn compute on them, for
tests/unit/lib/time.test.ts: pandas.merge_asof (backward, forward, nearest; exact matches allowed or not; a
tolerance; keys with no right row; duplicate times on the right) and sklearn's GroupKFold.

Run with Debian's python3-pandas (pandas 1.5.3) and python3-sklearn (scikit-learn 1.2.1, NumPy 1.24.2):
    /usr/bin/python3 scripts/time_reference.py          # rewrite the file
    /usr/bin/python3 scripts/time_reference.py --check  # recompute and say where it differs
"""
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import sklearn
from sklearn.model_selection import GroupKFold

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "pandas" / "time.json"


def none_if_nan(values):
    return [None if (isinstance(v, float) and np.isnan(v)) else v for v in values]


def asof_cases(rng):
    cases = []
    # Snapshots of 40 customers at monthly cutoffs (left, sorted by cutoff as pandas needs) against a log of tier
    # changes on random days (right), some customers with no log at all, some changes on a cutoff day exactly.
    n_customers = 40
    cutoffs = [0, 31, 60, 91, 121, 152]
    left = pd.DataFrame(
        [(c, t) for t in cutoffs for c in range(1, n_customers + 1)], columns=["customer_id", "cutoff"]
    )
    rows = []
    for c in range(1, n_customers - 4):
        days = sorted(set(int(d) for d in rng.integers(-20, 170, size=rng.integers(1, 6))))
        if c % 7 == 0:
            days.append(60)  # a change on a cutoff day
            days = sorted(set(days))
        for d in days:
            rows.append((c, d, ["gold", "silver", "bronze", "lapsed"][int(rng.integers(0, 4))], round(float(rng.normal()), 6)))
    right = pd.DataFrame(rows, columns=["customer_id", "valid_from", "tier", "score"]).sort_values("valid_from", kind="stable")
    for direction in ["backward", "forward", "nearest"]:
        for exact in [True, False]:
            for tolerance in [None, 25]:
                out = pd.merge_asof(
                    left, right, left_on="cutoff", right_on="valid_from", by="customer_id",
                    direction=direction, allow_exact_matches=exact, tolerance=tolerance,
                )
                cases.append({
                    "name": f"tiers {direction} exact={exact} tolerance={tolerance}",
                    "left": {c: left[c].tolist() for c in left.columns},
                    "right": {c: right[c].tolist() for c in right.columns},
                    "options": {"leftOn": "cutoff", "rightOn": "valid_from", "by": "customer_id", "direction": direction,
                                "allowExactMatches": exact, **({"tolerance": tolerance} if tolerance is not None else {})},
                    "columns": list(out.columns),
                    "expected": {c: none_if_nan(out[c].tolist()) for c in out.columns},
                })
    # Ties: two right rows with the same time (the last is taken backward, the first forward), a shared column name
    # (suffixes), one `on` column, and nearest with a left time exactly between two right times.
    left2 = pd.DataFrame({"t": [1, 3, 5, 5, 8, 10], "k": ["a", "a", "a", "b", "b", "b"], "v": [10, 11, 12, 13, 14, 15]})
    right2 = pd.DataFrame({"t": [2, 4, 4, 6, 6, 9], "k": ["a", "a", "a", "b", "b", "b"], "v": [0.5, 1.5, 2.5, 3.5, 4.5, 5.5]})
    for direction in ["backward", "forward", "nearest"]:
        out = pd.merge_asof(left2, right2, on="t", by="k", direction=direction)
        cases.append({
            "name": f"ties and suffixes {direction}",
            "left": {c: left2[c].tolist() for c in left2.columns},
            "right": {c: right2[c].tolist() for c in right2.columns},
            "options": {"on": "t", "by": "k", "direction": direction},
            "columns": list(out.columns),
            "expected": {c: none_if_nan(out[c].tolist()) for c in out.columns},
        })
    # No `by`: pandas' own documentation example (left a/b/c at 1, 5, 10; right at 1, 2, 3, 6, 7).
    left3 = pd.DataFrame({"a": [1, 5, 10], "left_val": ["a", "b", "c"]})
    right3 = pd.DataFrame({"a": [1, 2, 3, 6, 7], "right_val": [1, 2, 3, 6, 7]})
    for direction in ["backward", "forward", "nearest"]:
        out = pd.merge_asof(left3, right3, on="a", direction=direction)
        cases.append({
            "name": f"pandas docs example {direction}",
            "left": {c: left3[c].tolist() for c in left3.columns},
            "right": {c: right3[c].tolist() for c in right3.columns},
            "options": {"on": "a", "direction": direction},
            "columns": list(out.columns),
            "expected": {c: none_if_nan(out[c].tolist()) for c in out.columns},
        })
    return cases


def group_kfold_cases(rng):
    cases = []
    for n_rows, n_groups, n_splits in [(60, 9, 3), (200, 12, 5), (500, 16, 4)]:
        # Group sizes all different (numpy's argsort is then unambiguous), in a shuffled row order.
        sizes = rng.permutation(np.arange(1, n_groups + 1))
        sizes = np.maximum(1, np.round(sizes / sizes.sum() * n_rows)).astype(int)
        while len(set(sizes.tolist())) < n_groups:
            sizes[int(rng.integers(0, n_groups))] += 1
        groups = np.repeat(np.arange(100, 100 + n_groups), sizes)
        groups = groups[rng.permutation(len(groups))]
        folds = [{"train": tr.tolist(), "test": te.tolist()} for tr, te in GroupKFold(n_splits=n_splits).split(groups, groups=groups)]
        cases.append({"groups": groups.tolist(), "nSplits": n_splits, "folds": folds})
    return cases


def build():
    rng = np.random.default_rng(2024)
    return {
        "versions": {"pandas": pd.__version__, "sklearn": sklearn.__version__, "numpy": np.__version__},
        "asOf": asof_cases(rng),
        "groupKFold": group_kfold_cases(rng),
    }


def main():
    data = build()
    if "--check" in sys.argv:
        old = json.loads(OUT.read_text())
        same = json.dumps(old, sort_keys=True) == json.dumps(data, sort_keys=True)
        print("same" if same else "differs from the committed file")
        sys.exit(0 if same else 1)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data) + "\n")
    print(f"wrote {OUT}: {len(data['asOf'])} merge_asof cases, {len(data['groupKFold'])} GroupKFold cases")


if __name__ == "__main__":
    main()
