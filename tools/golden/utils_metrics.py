"""Fixtures for ember's metrics and progress bar (tests/utils/metrics_test.cpp, progress_test.cpp).

Metrics: scikit-learn's precision/recall/f1/accuracy/confusion_matrix on random labels where every
class occurs in the targets and predictions (there torchmetrics' macro rule, which leaves out classes
with no tp/fp/fn, and scikit-learn's coincide). Progress: tqdm.format_meter strings.
Run: /usr/bin/python3 tools/golden/utils_metrics.py
"""
import numpy as np
from sklearn import metrics as skm
from tqdm import tqdm

from common import write_fixture

rng = np.random.RandomState(0)
cases = []
for num_classes, n in [(3, 50), (5, 200), (10, 1000)]:
    target = rng.randint(0, num_classes, size=n)
    preds = np.where(rng.rand(n) < 0.6, target, rng.randint(0, num_classes, size=n))
    assert len(set(target)) == num_classes and len(set(preds)) == num_classes
    case = {"num_classes": num_classes, "target": target.tolist(), "preds": preds.tolist()}
    for avg in ["micro", "macro", "weighted"]:
        case["precision_" + avg] = skm.precision_score(target, preds, average=avg)
        case["recall_" + avg] = skm.recall_score(target, preds, average=avg)
        case["f1_" + avg] = skm.f1_score(target, preds, average=avg)
    case["precision_none"] = skm.precision_score(target, preds, average=None).tolist()
    case["recall_none"] = skm.recall_score(target, preds, average=None).tolist()
    case["f1_none"] = skm.f1_score(target, preds, average=None).tolist()
    case["accuracy_micro"] = skm.accuracy_score(target, preds)
    case["accuracy_macro"] = skm.balanced_accuracy_score(target, preds)
    case["confmat"] = skm.confusion_matrix(target, preds).tolist()
    cases.append(case)

binary = []
for n in [20, 300]:
    target = rng.randint(0, 2, size=n)
    probs = np.clip(target * 0.4 + rng.rand(n) * 0.6, 0, 1).astype(np.float32)
    labels = (probs > 0.5).astype(int)
    binary.append({
        "target": target.tolist(), "probs": probs.astype(float).tolist(),
        "accuracy": skm.accuracy_score(target, labels), "precision": skm.precision_score(target, labels),
        "recall": skm.recall_score(target, labels), "f1": skm.f1_score(target, labels),
        "confmat": skm.confusion_matrix(target, labels).tolist(),
    })

meters = []
for args in [(3, 10, 12.5, 80, "Epoch", ""), (0, 10, 0, 80, "", ""), (10, 10, 125.5, 60, "x", "loss=0.5"),
             (5, -1, 3, 0, "", ""), (1, 1000, 4000, 0, "", ""), (7, 10, 12.5, 50, "", ""),
             (1234, 5000, 65, 0, "Batches", ""), (3, 3, 3700.2, 0, "", ""), (2, 3, 0.5, 70, "", ""),
             (1875, 1875, 20.3, 100, "Epoch 0", "loss=0.59, acc=79.17"), (12, -1, 0.5, 0, "Steps", "")]:
    n, total, elapsed, ncols, desc, postfix = args
    s = tqdm.format_meter(n, None if total < 0 else total, elapsed, ncols=ncols or None, prefix=desc,
                          postfix=postfix or None)
    meters.append({"n": n, "total": total, "elapsed": elapsed, "ncols": ncols, "desc": desc,
                   "postfix": postfix, "expected": s})

write_fixture("utils_metrics", {"multiclass": cases, "binary": binary, "meters": meters})
