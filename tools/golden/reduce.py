"""Golden fixtures for the reductions (tests/ops/reduce*_test.cpp) -> tests/fixtures/reduce.json.

Run with Debian's /usr/bin/python3 (python3-torch 1.13). Inputs are not stored: both sides build
them from a hash of the element index (exact in every dtype), then apply a view (transpose, step
slice, expand) so layouts are covered without large JSON. PyTorch runs on one thread, whose
summation order ember reproduces. `REDUCE_FIXTURE_BIG=path` writes a larger randomised set there
for local soak testing (not checked in).
"""
import os
import random
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import tensor_json, write_fixture  # noqa: E402

torch.set_num_threads(1)

DT = {
    "float32": torch.float32, "float64": torch.float64, "float16": torch.float16,
    "bfloat16": torch.bfloat16, "int64": torch.int64, "int32": torch.int32,
    "int16": torch.int16, "int8": torch.int8, "uint8": torch.uint8, "bool": torch.bool,
}


def gen(dtype, shape, seed, special=None):
    """The shared input generator (mirrored in tests/ops/reduce_test_support.h)."""
    n = 1
    for s in shape:
        n *= s
    i = torch.arange(n, dtype=torch.int64)
    u = (i * 2654435761 + seed * 40503 + 12345) % (2 ** 32)
    hi = u >> 8
    if dtype in ("float32", "float64", "float16", "bfloat16"):
        e = (u & 7) - 3
        v = (hi.double() / 2 ** 24 - 0.5) * torch.pow(2.0, e.double())
        t = v.to(DT[dtype])
    elif dtype == "bool":
        t = (hi % 3) == 0
    elif dtype == "uint8":
        t = (hi % 3).to(torch.uint8)
    else:
        t = (hi % 201 - 100).to(DT[dtype])
    t = t.reshape(shape)
    if special:
        flat = t.view(-1)
        for idx, val in special:
            flat[idx] = float(val)
    return t


def apply_view(t, view):
    for v in view or []:
        if v[0] == "transpose":
            t = t.transpose(v[1], v[2])
        elif v[0] == "slice":
            _, dim, start, end, step = v
            t = t.narrow(dim, 0, t.shape[dim])  # no-op keeps a view
            idx = [slice(None)] * t.dim()
            idx[dim] = slice(start, end, step)
            t = t[tuple(idx)]
        elif v[0] == "expand":
            t = t.expand(*v[1])
        elif v[0] == "permute":
            t = t.permute(*v[1])
        else:
            raise ValueError(v)
    return t


def fnv1a64(data):
    h = 0xcbf29ce484222325
    for b in data:
        h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h


def out_json(t):
    """Small results in full; large ones as an exact hash of their bits (NaNs canonicalised)
    plus the first values, to keep the fixture small."""
    t = t.detach().contiguous()
    if t.numel() <= 48:
        return tensor_json(t)
    j = tensor_json(t.reshape(-1)[:8])
    j["shape"] = list(t.shape)
    if t.is_floating_point():
        t = torch.where(torch.isnan(t), torch.full_like(t, float("nan")), t)
    raw = t.view(torch.int16) if t.dtype == torch.bfloat16 else t
    j["hash"] = "%016x" % fnv1a64(raw.numpy().tobytes())
    return j


def dt(name):
    return None if name is None else DT[name]


def run(op, x, a):
    if op == "sum":
        if a.get("dims") is None:
            return x.sum(dtype=dt(a.get("dtype")))
        return x.sum(a["dims"], keepdim=a.get("keepdim", False), dtype=dt(a.get("dtype")))
    if op == "mean":
        if a.get("dims") is None:
            return x.mean(dtype=dt(a.get("dtype")))
        return x.mean(a["dims"], keepdim=a.get("keepdim", False), dtype=dt(a.get("dtype")))
    if op == "prod":
        if a.get("dim") is None:
            return x.prod(dtype=dt(a.get("dtype")))
        return x.prod(a["dim"], keepdim=a.get("keepdim", False), dtype=dt(a.get("dtype")))
    if op in ("max_all", "min_all"):
        return getattr(x, op[:3])()
    if op in ("max_dim", "min_dim"):
        r = getattr(x, op[:3])(a["dim"], keepdim=a.get("keepdim", False))
        return [r.values, r.indices]
    if op in ("amax", "amin"):
        return getattr(x, op)(a.get("dims") or [], keepdim=a.get("keepdim", False))
    if op in ("argmax", "argmin"):
        return getattr(x, op)(a.get("dim"), keepdim=a.get("keepdim", False))
    if op in ("std", "var"):
        f = getattr(x, op)
        if a.get("dims") is None:
            return f(unbiased=a.get("unbiased", True))
        return f(a["dims"], unbiased=a.get("unbiased", True), keepdim=a.get("keepdim", False))
    if op in ("all", "any"):
        if a.get("dim") is None:
            return getattr(x, op)()
        return getattr(x, op)(a["dim"], keepdim=a.get("keepdim", False))
    if op == "norm":
        p = a.get("p", 2)
        if a.get("dims") is None:
            return x.norm(p)
        return x.norm(p, a["dims"], keepdim=a.get("keepdim", False))
    if op == "cumsum":
        return x.cumsum(a["dim"], dtype=dt(a.get("dtype")))
    if op == "topk":
        r = x.topk(a["k"], a.get("dim", -1), largest=a.get("largest", True),
                   sorted=a.get("sorted", True))
        return [r.values, r.indices]
    if op == "sort":
        if a.get("stable") is None:
            r = x.sort(a.get("dim", -1), descending=a.get("descending", False))
        else:
            r = torch.sort(x, stable=a["stable"], dim=a.get("dim", -1),
                           descending=a.get("descending", False))
        return [r.values, r.indices]
    if op == "argsort":
        return x.argsort(a.get("dim", -1), descending=a.get("descending", False))
    if op in ("softmax", "log_softmax"):
        return getattr(torch, op)(x, a["dim"], dtype=dt(a.get("dtype")))
    if op in ("softmax_grad", "log_softmax_grad"):
        # gradient of softmax(x, dim) for an upstream gradient made by gen() with seed + 1
        x = x.detach().clone().requires_grad_(True)
        y = getattr(torch, op[:-5])(x, a["dim"])
        y.backward(gen(a["grad_dtype"], list(y.shape), a["grad_seed"]))
        return x.grad
    raise ValueError(op)


def case(op, in_dtype, shape, seed=1, view=None, special=None, **args):
    x = apply_view(gen(in_dtype, shape, seed, special), view)
    stored = {k: (("inf" if v > 0 else "-inf") if isinstance(v, float) and abs(v) == float("inf")
                  else v) for k, v in args.items()}
    c = {"op": op, "dtype": in_dtype, "shape": list(shape), "seed": seed, "args": stored}
    if view:
        c["view"] = view
    if special:
        c["special"] = [[i, str(v)] for i, v in special]
    try:
        r = run(op, x, args)
        c["out"] = [out_json(t) for t in r] if isinstance(r, list) else [out_json(r)]
    except (RuntimeError, IndexError, TypeError) as e:
        c["error"] = str(e).split("\n")[0]
    return c


def cases():
    C = []
    F = ("float32", "float64")
    # --- sum / mean: sizes that exercise every level of the cascade, all layouts.
    for d in F:
        for n in (1, 7, 8, 15, 16, 17, 31, 33, 63, 64, 65, 100, 127, 129, 255, 257, 1000, 4096,
                  10007, 65537):
            C.append(case("sum", d, [n], seed=n))
            C.append(case("mean", d, [n], seed=n + 1))
        for shape in ([3, 1000], [1000, 3], [7, 33], [33, 7], [5, 64], [64, 5], [2, 3, 257],
                      [257, 2, 3], [40, 40], [6, 130], [130, 6], [4, 3, 2, 50]):
            nd = len(shape)
            C.append(case("sum", d, shape, seed=11))
            for dim in range(nd):
                C.append(case("sum", d, shape, seed=12, dims=[dim]))
                C.append(case("sum", d, shape, seed=13, dims=[dim], keepdim=True))
                C.append(case("mean", d, shape, seed=14, dims=[dim]))
            if nd >= 3:
                C.append(case("sum", d, shape, seed=15, dims=[0, 2]))
                C.append(case("sum", d, shape, seed=16, dims=[-1, 0], keepdim=True))
                C.append(case("mean", d, shape, seed=17, dims=[1, 2]))
        # layouts
        C.append(case("sum", d, [300, 40], seed=21, view=[["transpose", 0, 1]]))
        C.append(case("sum", d, [300, 40], seed=22, view=[["transpose", 0, 1]], dims=[1]))
        C.append(case("sum", d, [300, 40], seed=23, view=[["transpose", 0, 1]], dims=[0]))
        C.append(case("sum", d, [50, 99], seed=24, view=[["slice", 1, 1, 99, 3]]))
        C.append(case("sum", d, [50, 99], seed=25, view=[["slice", 1, 0, 99, 2]], dims=[1]))
        C.append(case("sum", d, [50, 99], seed=26, view=[["slice", 0, 0, 50, 2]], dims=[0]))
        C.append(case("sum", d, [1, 70], seed=27, view=[["expand", [30, 70]]]))
        C.append(case("sum", d, [1, 70], seed=28, view=[["expand", [30, 70]]], dims=[0]))
        C.append(case("sum", d, [30, 1], seed=29, view=[["expand", [30, 70]]], dims=[1]))
        C.append(case("mean", d, [20, 30, 40], seed=30, view=[["permute", [2, 0, 1]]], dims=[1]))
        C.append(case("sum", d, [20, 30, 40], seed=31, view=[["permute", [2, 0, 1]]], dims=[0, 2]))
        C.append(case("sum", d, [6, 7], seed=32, dims=[0, 1], keepdim=True))
        C.append(case("sum", d, [0, 4], seed=33, dims=[0]))
        C.append(case("mean", d, [0, 4], seed=34))
        C.append(case("sum", d, [], seed=35))
        C.append(case("sum", d, [], seed=35, dims=[0], keepdim=True))
    C.append(case("sum", "float32", [1000], seed=36, dtype="float64"))
    C.append(case("mean", "float32", [3, 100], seed=37, dims=[1], dtype="float64"))
    C.append(case("sum", "float64", [333], seed=38, dtype="float32"))
    for d in ("float16", "bfloat16"):
        for shape, dims in (([100], None), ([1000], None), ([3, 50], [1]), ([50, 33], [0]),
                            ([17], None), ([40, 20], [0])):
            C.append(case("sum", d, shape, seed=40, dims=dims))
            C.append(case("mean", d, shape, seed=41, dims=dims))
    for d in ("int64", "int32", "int16", "uint8", "bool", "int8"):
        C.append(case("sum", d, [5, 37], seed=50))
        C.append(case("sum", d, [5, 37], seed=51, dims=[1], keepdim=True))
        C.append(case("sum", d, [5, 37], seed=52, dims=[0], dtype="int32"))
        C.append(case("mean", d, [5, 37], seed=53))
        C.append(case("prod", d, [4, 5], seed=54, dim=1))
    C.append(case("mean", "int32", [4], seed=55, dtype="float32"))
    C.append(case("mean", "float32", [4], seed=56, dtype="int64"))
    C.append(case("sum", "float32", [2, 3], seed=57, dims=[2]))
    C.append(case("sum", "float32", [2, 3], seed=58, dims=[0, -2]))
    C.append(case("sum", "float32", [2, 3], seed=59, dims=[-3]))
    # --- prod
    for d in F:
        C.append(case("prod", d, [40], seed=60))
        C.append(case("prod", d, [7, 37], seed=61, dim=1))
        C.append(case("prod", d, [37, 40], seed=62, dim=0))
        C.append(case("prod", d, [37, 40], seed=63, dim=0, keepdim=True, view=[["transpose", 0, 1]]))
        C.append(case("prod", d, [0, 3], seed=64, dim=0))
    C.append(case("prod", "float16", [4], seed=65))
    C.append(case("prod", "int32", [3, 3], seed=66, dtype="float64"))
    # --- extremes
    nan = float("nan")
    for d in F + ("float16", "int64", "int32", "bool", "uint8"):
        C.append(case("max_all", d, [3, 50], seed=70))
        C.append(case("min_all", d, [3, 50], seed=71))
        C.append(case("amax", d, [6, 70], seed=72, dims=[1]))
        C.append(case("amin", d, [6, 70], seed=73, dims=[0], keepdim=True))
        C.append(case("max_dim", d, [6, 9], seed=74, dim=1))
        C.append(case("min_dim", d, [6, 9], seed=75, dim=0, keepdim=True))
        C.append(case("argmax", d, [6, 9], seed=76))
        C.append(case("argmin", d, [6, 9], seed=77, dim=1))
        C.append(case("all", d, [4, 6], seed=78))
        C.append(case("any", d, [4, 6], seed=79, dim=1))
    for d in F:
        sp = [[3, nan], [10, nan]]
        C.append(case("max_all", d, [4, 5], seed=80, special=sp))
        C.append(case("amax", d, [4, 5], seed=80, special=sp, dims=[1]))
        C.append(case("amin", d, [40, 50], seed=80, special=[[77, nan]], dims=[0]))
        C.append(case("max_dim", d, [4, 5], seed=80, special=sp, dim=1))
        C.append(case("min_dim", d, [4, 5], seed=80, special=sp, dim=0))
        C.append(case("argmax", d, [4, 5], seed=80, special=sp))
        C.append(case("argmin", d, [4, 5], seed=80, special=sp, dim=1))
        C.append(case("argmax", d, [4, 5], seed=81, special=[[2, 9], [4, 9], [11, 9]], dim=1))
        C.append(case("argmax", d, [30, 40], seed=82, view=[["transpose", 0, 1]], dim=0))
        C.append(case("amax", d, [30, 40], seed=83, view=[["slice", 1, 1, 40, 3]], dims=[0, 1]))
        C.append(case("max_dim", d, [30, 1], seed=84, view=[["expand", [30, 5]]], dim=0))
    C.append(case("max_all", "float32", [0], seed=85))
    C.append(case("min_all", "float32", [0, 2], seed=85))
    C.append(case("max_dim", "float32", [0, 2], seed=85, dim=0))
    C.append(case("max_dim", "float32", [0, 2], seed=85, dim=1))
    C.append(case("argmax", "float32", [0], seed=85))
    C.append(case("argmax", "float32", [2, 0], seed=85, dim=1))
    C.append(case("amax", "float32", [2, 0], seed=85, dims=[1]))
    C.append(case("amax", "float32", [2, 0], seed=85))
    C.append(case("amax", "float32", [2, 0], seed=85, dims=[0]))
    C.append(case("argmax", "float32", [], seed=86))
    C.append(case("max_dim", "float32", [], seed=86, dim=0))
    C.append(case("argmax", "float32", [3, 4], seed=86, dim=2))
    C.append(case("all", "float32", [0], seed=87))
    C.append(case("any", "float32", [0, 3], seed=87, dim=1))
    C.append(case("all", "uint8", [3, 4], seed=88, dim=0, keepdim=True))
    C.append(case("any", "int64", [1], seed=88))
    # --- std / var
    for d in F:
        for shape in ([7], [100], [1000], [10007], [3, 1000], [1000, 3], [4, 5, 6]):
            C.append(case("std", d, shape, seed=90))
            C.append(case("var", d, shape, seed=91, unbiased=False))
            for dim in range(len(shape)):
                C.append(case("var", d, shape, seed=92, dims=[dim]))
                C.append(case("std", d, shape, seed=93, dims=[dim], unbiased=False, keepdim=True))
        C.append(case("var", d, [4, 5, 6], seed=94, dims=[0, 2]))
        C.append(case("std", d, [30, 40], seed=95, view=[["transpose", 0, 1]], dims=[1]))
        C.append(case("std", d, [30, 40], seed=96, view=[["transpose", 0, 1]]))
        C.append(case("var", d, [30, 40], seed=97, view=[["slice", 1, 0, 40, 3]]))
        C.append(case("var", d, [1, 5], seed=98, dims=[1]))
        C.append(case("var", d, [1], seed=99))
        C.append(case("std", d, [0, 3], seed=99, dims=[0]))
        C.append(case("var", d, [5, 1], seed=99, dims=[1]))
    C.append(case("std", "float16", [3, 40], seed=100, dims=[1]))
    C.append(case("std", "float16", [40], seed=100))
    C.append(case("var", "int64", [5], seed=100))
    # --- norm
    for d in F:
        for p in (2, 1, 0, 3, 0.5, float("inf"), float("-inf")):
            C.append(case("norm", d, [1000], seed=110, p=p))
            C.append(case("norm", d, [3, 37], seed=111, p=p, dims=[1]))
            C.append(case("norm", d, [37, 3], seed=112, p=p, dims=[0], keepdim=True))
        C.append(case("norm", d, [30, 40], seed=113, view=[["transpose", 0, 1]], dims=[1]))
        C.append(case("norm", d, [5, 7, 9], seed=114, dims=[0, 2]))
        C.append(case("norm", d, [20, 30], seed=115, view=[["slice", 1, 0, 30, 2]]))
    C.append(case("norm", "int64", [5], seed=116))
    C.append(case("norm", "float16", [50], seed=117))
    # --- cumsum
    for d in F + ("float16", "int64", "int32", "bool"):
        C.append(case("cumsum", d, [4, 37], seed=120, dim=1))
        C.append(case("cumsum", d, [37, 4], seed=121, dim=0))
        C.append(case("cumsum", d, [20, 30], seed=122, dim=-1, view=[["transpose", 0, 1]]))
    C.append(case("cumsum", "int32", [10], seed=123, dim=0, dtype="float32"))
    C.append(case("cumsum", "float32", [3, 4], seed=124, dim=2))
    C.append(case("cumsum", "float32", [], seed=125, dim=0))
    # --- sort / argsort / topk (ties included: int data from 201 values)
    for d in F + ("int64", "int32", "float16", "bool", "uint8"):
        C.append(case("sort", d, [5, 40], seed=130))
        C.append(case("sort", d, [40, 5], seed=131, dim=0, descending=True))
        C.append(case("sort", d, [3, 300], seed=132, stable=True))
        C.append(case("argsort", d, [4, 30], seed=133, descending=True))
        C.append(case("topk", d, [4, 50], seed=134, k=3))
        C.append(case("topk", d, [500], seed=135, k=3, largest=False))
        C.append(case("topk", d, [60, 5], seed=136, k=20, dim=0))
        C.append(case("topk", d, [60, 5], seed=137, k=20, dim=0, sorted=False))
    C.append(case("sort", "int64", [2000], seed=138))
    C.append(case("sort", "int64", [2000], seed=138, descending=True))
    C.append(case("sort", "float32", [8, 9], seed=139, special=[[3, nan], [5, nan], [20, nan]]))
    C.append(case("sort", "float32", [8, 9], seed=139, special=[[3, nan], [20, nan]],
                  descending=True))
    C.append(case("topk", "float32", [8, 9], seed=139, special=[[3, nan], [20, nan]], k=2))
    C.append(case("sort", "float32", [30, 40], seed=140, view=[["transpose", 0, 1]], dim=0))
    C.append(case("topk", "float32", [30, 40], seed=141, view=[["slice", 1, 0, 40, 3]], k=5))
    C.append(case("topk", "float32", [3, 4], seed=142, k=5))
    C.append(case("topk", "float32", [3, 4], seed=142, k=-1))
    C.append(case("topk", "float32", [3, 4], seed=142, k=0))
    C.append(case("topk", "float32", [], seed=142, k=1))
    C.append(case("sort", "float32", [], seed=142))
    C.append(case("sort", "float32", [3, 4], seed=142, dim=2))
    # --- softmax / log_softmax
    for d in F:
        for shape, dim in (([10], 0), ([3], 0), ([4, 37], 1), ([4, 37], 0), ([2, 300], -1),
                           ([5, 6, 7], 1), ([5, 6, 7], 0), ([3, 9, 20], 1), ([2, 3, 17], 2),
                           ([16, 8], 0), ([7, 100], 1), ([1, 1000], 1)):
            C.append(case("softmax", d, shape, seed=150, dim=dim))
            C.append(case("log_softmax", d, shape, seed=151, dim=dim))
        C.append(case("softmax", d, [30, 40], seed=152, view=[["transpose", 0, 1]], dim=1))
        C.append(case("log_softmax", d, [30, 40], seed=153, view=[["slice", 1, 0, 40, 2]], dim=1))
        C.append(case("softmax", d, [4, 5], seed=154, special=[[3, float("inf")]], dim=1))
        C.append(case("log_softmax", d, [4, 5], seed=154, special=[[7, nan]], dim=1))
        C.append(case("softmax", d, [], seed=155, dim=0))
        C.append(case("log_softmax", d, [0, 3], seed=155, dim=1))
    C.append(case("softmax", "float32", [4, 6], seed=156, dim=1, dtype="float64"))
    C.append(case("log_softmax", "int64", [4, 6], seed=157, dim=1, dtype="float32"))
    C.append(case("softmax", "int64", [4, 6], seed=158, dim=1))
    C.append(case("softmax", "float16", [4, 6], seed=158, dim=1))
    C.append(case("softmax", "float32", [4, 6], seed=159, dim=2))
    # bigger values: exp overflow territory for the max subtraction
    C.append(case("softmax", "float32", [2, 50], seed=160, special=[[0, 80.0], [60, -90.0]], dim=1))
    C.extend(vector_path_cases())
    return C


def vector_path_cases():
    """Rows and columns of every length around the AVX2 register and cascade boundaries (the
    vectorised sum and softmax kernels), long rows (> 4096 elements), strided inputs."""
    C = []
    nan, inf = float("nan"), float("inf")
    for d in ("float32", "float64"):
        for n in range(1, 71):
            C.append(case("sum", d, [3, n], seed=200 + n, dims=[1]))
            C.append(case("softmax", d, [2, n], seed=300 + n, dim=1))
            C.append(case("log_softmax", d, [2, n], seed=400 + n, dim=-1))
        for n in (1, 3, 4, 7, 8, 9, 15, 16, 17, 31, 32, 33, 35, 39, 40, 41, 63, 64, 65, 70):
            C.append(case("sum", d, [37, n], seed=500 + n, dims=[0]))  # columns: 4L, L, single
            C.append(case("mean", d, [300, n], seed=600 + n, dims=[0]))
        for n in (4095, 4096, 4097, 8191, 16411):
            C.append(case("sum", d, [n], seed=700))
            C.append(case("sum", d, [3, n], seed=701, dims=[1]))
            C.append(case("mean", d, [2, n], seed=702, dims=[-1], keepdim=True))
            C.append(case("softmax", d, [2, n], seed=703, dim=1))
            C.append(case("log_softmax", d, [2, n], seed=704, dim=1))
        C.append(case("sum", d, [4099, 45], seed=705, dims=[0]))
        C.append(case("sum", d, [70000], seed=706))
        C.append(case("sum", d, [260, 1024], seed=707))
        C.append(case("sum", d, [260, 1024], seed=708, dims=[1]))
        C.append(case("sum", d, [260, 1024], seed=709, dims=[0]))
        C.append(case("mean", d, [64, 1024], seed=710))
        C.append(case("softmax", d, [64, 1024], seed=711, dim=1))
        C.append(case("log_softmax", d, [300, 9], seed=712, dim=1))  # > 256 rows: two chunks
        C.append(case("log_softmax", d, [700, 33], seed=713, dim=1))
        # strided / transposed inputs reaching the same kernels after the dims are reordered
        C.append(case("sum", d, [45, 130], seed=714, view=[["transpose", 0, 1]], dims=[0]))
        C.append(case("sum", d, [45, 130], seed=715, view=[["transpose", 0, 1]], dims=[1]))
        C.append(case("sum", d, [9, 40, 50], seed=716, view=[["slice", 2, 0, 50, 2]], dims=[2]))
        C.append(case("sum", d, [9, 40, 50], seed=717, view=[["permute", [1, 0, 2]]], dims=[0]))
        C.append(case("sum", d, [6, 70, 33], seed=718, dims=[0, 2]))
        C.append(case("softmax", d, [40, 50], seed=719, view=[["transpose", 0, 1]], dim=1))
        C.append(case("log_softmax", d, [40, 50], seed=720, view=[["transpose", 0, 1]], dim=1))
        # NaN / inf / signed zeros in the vector body and the tail
        C.append(case("softmax", d, [3, 37], seed=721, special=[[5, nan], [40, inf], [110, nan]],
                      dim=1))
        C.append(case("log_softmax", d, [3, 37], seed=722,
                      special=[[36, nan], [40, -inf], [41, -inf], [80, inf]], dim=1))
        C.append(case("log_softmax", d, [2, 20], seed=723,
                      special=[[0, "-0.0"], [1, 0.0], [2, -200.0], [20, 0.0], [21, "-0.0"]]
                      + [[k, -200.0] for k in range(3, 20)] + [[k, -200.0] for k in range(22, 40)],
                      dim=1))
        C.append(case("sum", d, [3, 50], seed=724, special=[[3, nan], [60, inf], [61, -inf]],
                      dims=[1]))
        C.append(case("sum", d, [50, 40], seed=725, special=[[3, nan], [1001, inf]], dims=[0]))
        # softmax over a dim that is not the last: inner runs of every length around the
        # register width (vector lanes, blocks of four registers, scalar tails), chunked
        # log_softmax, NaN/inf inside vector lanes and tails
        for inner in (1, 2, 7, 8, 9, 15, 16, 17, 24, 31, 32, 33, 40, 63, 64, 65, 70):
            C.append(case("softmax", d, [2, 5, inner], seed=1000 + inner, dim=1))
            C.append(case("log_softmax", d, [2, 5, inner], seed=1100 + inner, dim=-2))
        C.append(case("softmax", d, [3, 50, 100], seed=1200, dim=1))
        C.append(case("log_softmax", d, [2, 300, 250], seed=1201, dim=1))
        C.append(case("log_softmax", d, [3, 1000, 37], seed=1202, dim=1))
        C.append(case("softmax", d, [6, 40], seed=1203, special=[[3, nan], [45, inf], [79, nan]],
                      dim=0))
        C.append(case("log_softmax", d, [6, 40], seed=1204,
                      special=[[3, nan], [45, -inf], [85, -inf], [39, nan]], dim=0))
        # amax/amin/max()/min(): contiguous runs around 4 registers, outer column blocks,
        # NaN in register bodies, signed zeros (vector lanes and scalar steps keep different ones)
        for n in (1, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 4097):
            C.append(case("amax", d, [3, n], seed=1300 + n, dims=[1]))
            C.append(case("amin", d, [5, n], seed=1400 + n, dims=[0]))
        C.append(case("max_all", d, [70, 33], seed=1500))
        C.append(case("min_all", d, [4099], seed=1501))
        C.append(case("amax", d, [3, 80], seed=1502, special=[[40, nan], [170, nan]], dims=[1]))
        C.append(case("amin", d, [3, 80], seed=1503, special=[[5, nan], [100, nan]], dims=[0]))
        zeros = [[k, "-0.0" if (k * 7) % 3 else 0.0] for k in range(160)]
        C.append(case("amax", d, [2, 80], seed=1504, special=zeros + [[3, -1.0]], dims=[1]))
        C.append(case("amin", d, [2, 80], seed=1505, special=zeros, dims=[1]))
        C.append(case("amax", d, [4, 40], seed=1506, special=zeros, dims=[0]))
        C.append(case("max_all", d, [160], seed=1507, special=zeros))
        # argmax/argmin and max(dim)/min(dim) over contiguous rows: lengths around the register
        # width, ties (first wins), NaN (first NaN wins), signed zeros, all -inf
        for n in (1, 3, 4, 7, 8, 9, 16, 17, 33, 100, 4097):
            C.append(case("argmax", d, [3, n], seed=1600 + n, dim=1))
            C.append(case("argmin", d, [3, n], seed=1700 + n, dim=-1, keepdim=True))
            C.append(case("max_dim", d, [3, n], seed=1800 + n, dim=1))
            C.append(case("min_dim", d, [3, n], seed=1900 + n, dim=1))
        C.append(case("argmax", d, [5000], seed=2000))
        C.append(case("argmin", d, [37, 45], seed=2001))
        ties = [[k, 7.5] for k in (3, 11, 12, 40, 77, 90)] + [[k, -7.5] for k in (5, 41, 60, 91)]
        C.append(case("argmax", d, [2, 50], seed=2002, special=ties, dim=1))
        C.append(case("argmin", d, [2, 50], seed=2003, special=ties, dim=1))
        C.append(case("max_dim", d, [2, 50], seed=2004, special=ties, dim=1))
        C.append(case("min_dim", d, [2, 50], seed=2005, special=ties, dim=1))
        nans = [[20, nan], [35, nan], [61, nan], [99, nan], [4, inf], [70, -inf]]
        C.append(case("argmax", d, [2, 50], seed=2006, special=nans, dim=1))
        C.append(case("argmin", d, [2, 50], seed=2007, special=nans, dim=1))
        C.append(case("max_dim", d, [2, 50], seed=2008, special=nans, dim=1))
        C.append(case("min_dim", d, [2, 50], seed=2009, special=nans, dim=1))
        C.append(case("max_dim", d, [2, 80], seed=2010, special=zeros, dim=1))
        C.append(case("min_dim", d, [2, 80], seed=2011, special=zeros, dim=1))
        C.append(case("argmax", d, [2, 80], seed=2012, special=zeros, dim=1))
        C.append(case("max_dim", d, [2, 20], seed=2013,
                      special=[[k, -inf] for k in range(40)], dim=1))
        # softmax backward over the last dim, rows of every length around the register width
        for n in list(range(1, 20)) + [31, 32, 33, 64, 70, 1000, 4097]:
            for op in ("softmax_grad", "log_softmax_grad"):
                C.append(case(op, d, [3, n], seed=800 + n, dim=1, grad_dtype=d,
                              grad_seed=900 + n))
        C.append(case("log_softmax_grad", d, [300, 10], seed=801, dim=-1, grad_dtype=d,
                      grad_seed=901))
        # ... and along dims that are not the last: inner runs of vector lanes (blocks of one and
        # four registers) and scalar positions; [3, 5, 8] has numel % 16 == 8
        for shape, dim in (([3, 5, 8], 1), ([2, 7, 24], 1), ([4, 3, 3], 1), ([2, 6, 33], 1),
                           ([5, 4, 70], 1), ([9, 40], 0), ([3, 130, 17], 1), ([2, 3, 4, 16], 1)):
            for op in ("softmax_grad", "log_softmax_grad"):
                C.append(case(op, d, shape, seed=810 + shape[-1], dim=dim, grad_dtype=d,
                              grad_seed=910 + shape[-1]))
        # a non-last dim followed only by size-1 dims still takes the non-last-dim kernel
        for shape, dim in (([5, 1], 0), ([2, 9, 5, 1], 2), ([3, 12, 1, 1], 1), ([20, 1], 0)):
            for op in ("softmax_grad", "log_softmax_grad"):
                C.append(case(op, d, shape, seed=820 + shape[1], dim=dim, grad_dtype=d,
                              grad_seed=920 + shape[1]))
        C.append(case("softmax_grad", d, [40, 30], seed=802, view=[["transpose", 0, 1]], dim=1,
                      grad_dtype=d, grad_seed=902))
    return C


def big_cases(n, rnd):
    C = []
    for _ in range(n):
        d = rnd.choice(["float32", "float64"])
        nd = rnd.randint(1, 4)
        shape = [rnd.choice([1, 2, 3, 5, 8, 9, 16, 17, 33, 64, 100, 129, 300]) for _ in range(nd)]
        while len(shape) > 2 and eval("*".join(map(str, shape))) > 300000:
            shape.pop()
        nd = len(shape)
        dims = sorted(rnd.sample(range(nd), rnd.randint(1, nd)))
        op = rnd.choice(["sum", "mean", "var", "std", "norm", "softmax", "log_softmax", "prod",
                         "cumsum", "sort", "topk", "amax", "amin", "argmax", "max_dim",
                         "max_all", "softmax_grad", "log_softmax_grad"])
        view = None
        if nd >= 2 and rnd.random() < 0.3:
            view = [["transpose", 0, nd - 1]]
        if op in ("sum", "mean"):
            C.append(case(op, d, shape, seed=rnd.randint(0, 10 ** 6), view=view, dims=dims,
                          keepdim=rnd.random() < 0.5))
        elif op in ("var", "std"):
            C.append(case(op, d, shape, seed=rnd.randint(0, 10 ** 6), view=view,
                          dims=dims if rnd.random() < 0.7 else None))
        elif op == "norm":
            C.append(case(op, d, shape, seed=rnd.randint(0, 10 ** 6), view=view, dims=dims,
                          p=rnd.choice([2, 1, 3])))
        elif op == "topk":
            C.append(case(op, d, shape, seed=rnd.randint(0, 10 ** 6), view=view,
                          k=min(3, shape[-1]), dim=-1))
        elif op in ("amax", "amin"):
            C.append(case(op, d, shape, seed=rnd.randint(0, 10 ** 6), view=view, dims=dims))
        elif op == "max_all":
            C.append(case(op, d, shape, seed=rnd.randint(0, 10 ** 6), view=view))
        elif op in ("softmax_grad", "log_softmax_grad"):
            C.append(case(op, d, shape, seed=rnd.randint(0, 10 ** 6), view=view, dim=dims[0],
                          grad_dtype=d, grad_seed=rnd.randint(0, 10 ** 6)))
        elif op == "prod":
            C.append(case(op, d, shape, seed=rnd.randint(0, 10 ** 6), view=view, dim=dims[0]))
        else:
            C.append(case(op, d, shape, seed=rnd.randint(0, 10 ** 6), view=view, dim=dims[0]))
    return C


if __name__ == "__main__":
    big = os.environ.get("REDUCE_FIXTURE_BIG")
    if big:
        import json
        rnd = random.Random(int(os.environ.get("REDUCE_FIXTURE_SEED", "1")))
        with open(big, "w") as f:
            json.dump({"cases": big_cases(int(os.environ.get("REDUCE_FIXTURE_N", "300")), rnd)}, f)
        print("wrote", big)
    else:
        write_fixture("reduce", {"cases": cases()})
