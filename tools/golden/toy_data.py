"""Golden fixtures for ember's toy-data helpers beyond the spec's vectors -> tests/fixtures/toy_data.json.

Run: /usr/bin/python3 tools/golden/toy_data.py   (numpy 1.24.2, scikit-learn 1.2.1, CPython 3.11).

The spec's own vectors (../shared/spec/numpy_sklearn_vectors.json) cover the tutorial's calls; this
file adds other seeds, sizes and arguments: numpy RandomState draws and their word counts, make_moons,
make_circles / make_blobs variants, train_test_split sizes, and CPython `random`.

numpy's float64 cos/sin use SVML on AVX512 CPUs (numpy issue #23523), which is not the C library; the
script therefore disables numpy's AVX512 targets before importing numpy so that its trig goes through
glibc, the behaviour ember reproduces (docs/toy-data.md). Floats are written as IEEE-754 hex bit
patterns ("0x3fd7f8771e5f51ec"); big arrays as SHA-256 of their little-endian bytes plus a few rows.
"""
import os
import sys

# Must be set before numpy is imported (numpy reads it when its ufunc module loads).
os.environ["NPY_DISABLE_CPU_FEATURES"] = "AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL"

import hashlib  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import struct  # noqa: E402

import numpy as np  # noqa: E402
import sklearn  # noqa: E402
from sklearn.datasets import make_blobs, make_circles, make_moons  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "tests", "fixtures", "toy_data.json")


def h(x):
    return "0x%016x" % struct.unpack("<Q", struct.pack("<d", float(x)))[0]


def hexes(a):
    return [h(v) for v in np.asarray(a, dtype=np.float64).reshape(-1)]


def sha_f64(a):
    return hashlib.sha256(np.ascontiguousarray(a, dtype="<f8").tobytes()).hexdigest()


def sha_i64(a):
    return hashlib.sha256(np.ascontiguousarray(a, dtype="<i8").tobytes()).hexdigest()


def words_used(rs, seed):
    """How many 32-bit words rs has drawn since RandomState(seed), found by matching its state."""
    key, pos = rs.get_state()[1], rs.get_state()[2]
    ref = np.random.RandomState(seed)
    for n in range(0, 200000):
        st = ref.get_state()
        if st[2] == pos and np.array_equal(st[1], key):
            return n
        ref._bit_generator.random_raw(1)
    raise RuntimeError("word count not found")


def dataset_record(X, y, full):
    rec = {"shape": list(X.shape), "X_sha256": sha_f64(X), "y": [int(v) for v in y]}
    if full:
        rec["X_hex"] = hexes(X)
    else:
        rec["X_first_rows_hex"] = hexes(X[:3])
    rec["X_float32_sha256"] = hashlib.sha256(X.astype("<f4").tobytes()).hexdigest()
    return rec


def numpy_cases():
    RS = np.random.RandomState
    out = {}
    out["random_sample"] = [
        {"seed": s, "values": hexes(RS(s).random_sample(6))} for s in (0, 1, 12345, 2**32 - 1)]
    out["uniform"] = [
        {"seed": 3, "low": -1.5, "high": 4.25, "values": hexes(RS(3).uniform(-1.5, 4.25, 6))},
        {"seed": 4, "low": 5.0, "high": -5.0, "values": hexes(RS(4).uniform(5.0, -5.0, 5))},
        {"seed": 5, "low": 1e300, "high": -1e300, "values": hexes(RS(5).uniform(1e300, -1e300, 3))},
    ]
    out["normal"] = [
        {"seed": 1, "loc": -2.0, "scale": 0.5, "values": hexes(RS(1).normal(-2.0, 0.5, 9))},
        {"seed": 2**32 - 1, "loc": 0.0, "scale": 0.0, "values": hexes(RS(2**32 - 1).normal(0.0, 0.0, 3))},
    ]
    rs = RS(42)
    big = rs.normal(0, 1, 5001)
    out["normal_seed42_5001"] = {"sha256": sha_f64(big), "last": h(big[-1]),
                                 "words": words_used(rs, 42)}
    seq = RS(7)
    steps = []
    steps.append(["normal", 3, hexes(seq.normal(0, 1, 3))])
    steps.append(["random_sample", 1, hexes(seq.random_sample(1))])
    steps.append(["standard_normal", 2, hexes(seq.standard_normal(2))])
    steps.append(["permutation", 5, [int(v) for v in seq.permutation(5)]])
    steps.append(["normal", 1, hexes(seq.normal(0, 1, 1))])
    steps.append(["uniform", 2, hexes(seq.uniform(0, 1, 2))])
    steps.append(["standard_normal", 1, hexes(seq.standard_normal(1))])
    st = seq.get_state()
    out["interleaved_seed7"] = {"steps": steps, "pos": int(st[2]), "has_gauss": int(st[3]),
                                "cached": h(st[4]), "words": words_used(seq, 7)}
    ints = []
    for seed, low, high, n in [(11, 0, 2**33, 5), (12, -2**40, 2**40, 5),
                               (13, -2**63, 2**63 - 1, 4), (14, 5, 6, 3), (15, 0, 2**32 + 1, 4),
                               (16, -7, 2**32 - 8, 4), (17, 100, 101 + 2**31, 4)]:
        r = RS(seed)
        vals = r.randint(low, high, size=n, dtype=np.int64)
        ints.append({"seed": seed, "low": low, "high": high, "values": [int(v) for v in vals],
                     "words": words_used(r, seed)})
    out["randint"] = ints
    out["randint_high_only"] = {"seed": 21, "high": 1000,
                                "values": [int(v) for v in RS(21).randint(1000, size=6)]}
    perms = []
    for seed, n in [(3, 0), (3, 1), (3, 2), (3, 7), (99, 64)]:
        r = RS(seed)
        perms.append({"seed": seed, "n": n, "values": [int(v) for v in r.permutation(n)],
                      "words": words_used(r, seed)})
    out["permutation"] = perms
    arr = []
    for key in ([1, 2, 3], [2**32 - 1, 0], [0]):
        r = RS(key)
        arr.append({"key": key, "raw": [int(v) for v in r._bit_generator.random_raw(4)],
                    "random_sample": hexes(r.random_sample(2))})
    out["seed_array"] = arr
    return out


def sklearn_cases():
    out = {"circles": [], "moons": [], "blobs": [], "split": []}
    for kw in [dict(n_samples=100, random_state=0),
               dict(n_samples=7, shuffle=False, noise=0.1, random_state=3, factor=0.3),
               dict(n_samples=(3, 5), noise=0.05, random_state=1),
               dict(n_samples=1, noise=0.1, random_state=1),
               dict(n_samples=0, random_state=1),
               dict(n_samples=301, noise=0.2, random_state=2**32 - 1, factor=0.0)]:
        X, y = make_circles(**kw)
        rec = dataset_record(X, y, full=X.size <= 400)
        rec["kwargs"] = {k: (list(v) if isinstance(v, tuple) else v) for k, v in kw.items()}
        out["circles"].append(rec)
    for kw in [dict(n_samples=100, noise=0.1, random_state=42),
               dict(n_samples=7, shuffle=False, random_state=0),
               dict(n_samples=(4, 0), random_state=2),
               dict(n_samples=1, random_state=5),
               dict(n_samples=2, noise=0.3, random_state=5),
               dict(n_samples=1000, noise=0.05, random_state=42)]:
        X, y = make_moons(**kw)
        rec = dataset_record(X, y, full=X.size <= 400)
        rec["kwargs"] = {k: (list(v) if isinstance(v, tuple) else v) for k, v in kw.items()}
        out["moons"].append(rec)
    blob_cases = [
        dict(n_samples=10, centers=3, n_features=2, random_state=0),
        dict(n_samples=[3, 3, 4], centers=None, n_features=2, random_state=0),
        dict(n_samples=50, centers=[[0.0, 0.0], [1.0, 1.0], [0.0, 1.0]],
             cluster_std=[0.05, 0.2, 0.4], random_state=0),
        dict(n_samples=7, n_features=3, centers=2, cluster_std=2.0, random_state=5),
        dict(n_samples=9, n_features=1, centers=4, center_box=(5.0, -5.0), shuffle=False,
             random_state=6),
        dict(n_samples=[2, 0, 3], centers=[[1, 2, 3], [4, 5, 6], [-1, -2, -3]],
             cluster_std=[1.0, 2.0, 0.5], random_state=8),
        dict(n_samples=12, random_state=9),
    ]
    for kw in blob_cases:
        X, y, centers = make_blobs(**kw, return_centers=True)
        rec = dataset_record(X, y, full=X.size <= 400)
        rec["centers_hex"] = hexes(centers)
        rec["centers_shape"] = list(np.asarray(centers).shape)
        rec["kwargs"] = {k: (list(v) if isinstance(v, tuple) else v) for k, v in kw.items()}
        out["blobs"].append(rec)
    for n, kw in [(1000, dict(random_state=42)), (100, dict(test_size=0.2, random_state=42)),
                  (37, dict(test_size=0.3, random_state=42)),
                  (150, dict(test_size=0.33, random_state=42)),
                  (10, dict(test_size=3, train_size=5, random_state=1)),
                  (10, dict(train_size=0.5, random_state=2)),
                  (11, dict(train_size=4, random_state=3)),
                  (20, dict(test_size=0.2, shuffle=False)),
                  (20, dict(test_size=0.1, train_size=0.3, shuffle=False)),
                  (1000, dict(test_size=0.2, random_state=0))]:
        idx = np.arange(n)
        tr, te = train_test_split(idx, **kw)
        out["split"].append({"n": n, "kwargs": kw, "train": [int(v) for v in tr],
                             "test": [int(v) for v in te]})
    return out


def python_cases():
    out = {}
    seeds = []
    for s in (0, -42, 42, 2**32 + 5, 2**63 - 1, -(2**63)):
        random.seed(s)
        seeds.append({"seed": str(s), "random": [h(random.random()) for _ in range(3)]})
    out["seeds"] = seeds
    random.seed(2**100 + 7)
    out["seed_2pow100_plus7"] = {"words": [7, 0, 0, 16], "random": [h(random.random()) for _ in range(3)]}
    random.seed(42)
    bits = []
    for k in (1, 31, 32, 33, 64, 100, 0, 65):
        v = random.getrandbits(k)
        bits.append({"k": k, "words": [(v >> (32 * i)) & 0xffffffff for i in range(max(1, (k + 31) // 32))]})
    out["getrandbits_seed42"] = bits
    random.seed(7)
    out["randrange_seed7"] = [random.randrange(10**6) for _ in range(3)] + \
        [random.randrange(-50, 50) for _ in range(3)]
    random.seed(8)
    out["randint_seed8_1_6"] = [random.randint(1, 6) for _ in range(8)]
    random.seed(9)
    out["randint_seed9_full_int64"] = [random.randint(-2**63, 2**63 - 1) for _ in range(3)]
    random.seed(10)
    out["uniform_seed10"] = [h(random.uniform(-1.0, 2.0)) for _ in range(3)]
    random.seed(11)
    lst = list(range(20))
    random.shuffle(lst)
    out["shuffle_seed11_20"] = lst
    random.seed(12)
    out["sample_seed12_50_20"] = random.sample(range(50), 20)
    random.seed(13)
    out["sample_seed13_1e9_30"] = random.sample(range(10**9), 30)
    random.seed(14)
    out["sample_seed14_86_22"] = random.sample(range(86), 22)
    random.seed(14)
    out["sample_seed14_277_22"] = random.sample(range(277), 22)
    random.seed(14)
    out["sample_seed14_278_22"] = random.sample(range(278), 22)
    random.seed(15)
    out["choice_seed15_range2_x6"] = [random.choice(range(2)) for _ in range(6)]
    return out


def main():
    data = {
        "_meta": {
            "generated_with": {"python": sys.version.split()[0], "numpy": np.__version__,
                               "sklearn": sklearn.__version__},
            "trig": "numpy run with NPY_DISABLE_CPU_FEATURES (glibc cos/sin)",
        },
        "numpy": numpy_cases(),
        "sklearn": sklearn_cases(),
        "python": python_cases(),
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(data, f, separators=(",", ":"))
        f.write("\n")
    print("wrote", os.path.relpath(OUT, ROOT), os.path.getsize(OUT), "bytes")


if __name__ == "__main__":
    main()
