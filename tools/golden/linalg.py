"""Golden fixtures for matrix products (tests/ops/linalg_test.cpp): matmul in every rank case,
mm, bmm, mv, dot, addmm, F.linear, outer, in several dtypes and layouts, plus PyTorch's error
messages. Run with Debian's /usr/bin/python3 (python3-torch 1.13).

Inputs are not stored: each is a view (size, stride, offset) of a 1-D storage whose values come
from a formula the C++ test repeats exactly:
  floating: ((i * 37 + seed * 101) % 2003 - 1001) / 997.0 in float64, then converted to dtype
  integer:  (i * 37 + seed * 101) % 19 - 9 as int64, then converted to dtype
  bool:     (i * 37 + seed * 101) % 3 == 0
Expected outputs are stored in full (values and strides), or the error message; outputs of more
than DIGEST_OVER elements are stored as their dtype, shape, strides and the FNV-1a 64-bit hash of
their row-major little-endian bytes (every bit still compared, the file stays small).
"""
import math

import torch
import torch.nn.functional as F

from common import tensor_json, write_fixture

DT = {
    "float32": torch.float32, "float64": torch.float64, "float16": torch.float16,
    "bfloat16": torch.bfloat16, "int64": torch.int64, "int32": torch.int32, "int16": torch.int16,
    "int8": torch.int8, "uint8": torch.uint8, "bool": torch.bool,
}
_seed = [0]


def storage(n, dtype, seed):
    i = torch.arange(n, dtype=torch.int64)
    raw = (i * 37 + seed * 101)
    if dtype == torch.bool:
        return raw % 3 == 0
    if dtype.is_floating_point:
        return ((raw % 2003 - 1001).double() / 997.0).to(dtype)
    return (raw % 19 - 9).to(dtype)


class In:
    """A view of a generated storage: `layout` picks the strides."""

    def __init__(self, shape, dtype="float32", layout="contig", seed=None, nan_first=False):
        if seed is None:
            _seed[0] += 1
            seed = _seed[0]
        dt = DT[dtype]
        shape = list(shape)
        nd = len(shape)
        if layout == "contig":
            base_shape = shape
            make = lambda b: b
        elif layout == "T":  # last two dims transposed (column-major matrices)
            assert nd >= 2
            base_shape = shape[:-2] + [shape[-1], shape[-2]]
            make = lambda b: b.transpose(-1, -2)
        elif layout == "slice":  # every dim stepped by 2 with an offset: no unit stride anywhere
            base_shape = [2 * s + 1 for s in shape]
            make = lambda b: b[tuple(slice(1, None, 2) for _ in shape)]
        elif layout == "rows":  # rows stepped (leading dimension larger than the row length)
            base_shape = [2 * shape[0] + 1] + shape[1:] if nd == 1 else shape[:-2] + [2 * shape[-2] + 1, shape[-1] + 3]
            if nd == 1:
                make = lambda b: b[1::2]
            else:
                make = lambda b: b[..., 1::2, 1:shape[-1] + 1]
        elif layout == "expand":  # the second-to-last dim (or the only dim) broadcast: stride 0
            base_shape = list(shape)
            d = nd - 2 if nd >= 2 else 0
            base_shape[d] = 1
            make = lambda b: b.expand(*shape)
        elif layout == "bexpand":  # leading (batch) dim broadcast: stride 0
            base_shape = [1] + shape[1:]
            make = lambda b: b.expand(*shape)
        elif layout == "perm":  # 3-D with dims stored (1, 2, 0)
            assert nd == 3
            base_shape = [shape[1], shape[2], shape[0]]
            make = lambda b: b.permute(2, 0, 1)
        elif layout == "Tbatch":  # 3-D: matrices transposed and the batch dim innermost-but-one
            assert nd == 3
            base_shape = [shape[2], shape[0], shape[1]]
            make = lambda b: b.permute(1, 2, 0)
        else:
            raise ValueError(layout)
        n = math.prod(base_shape)
        base = storage(n, dt, seed)
        if nan_first:  # storage element 0 becomes NaN
            base[0] = float("nan")
        t = make(base.view(base_shape))
        assert list(t.shape) == shape, (layout, shape, t.shape)
        self.t = t
        self.spec = {"dtype": dtype, "n": n, "seed": seed, "size": list(t.shape),
                     "stride": list(t.stride()), "offset": t.storage_offset()}
        if nan_first:
            self.spec["nan_first"] = True


CASES = []
DIGEST_OVER = 600


def fnv1a64(t):
    h = 0xCBF29CE484222325
    for byte in t.contiguous().view(torch.uint8).reshape(-1).tolist() if t.dtype != torch.bool else t.contiguous().to(torch.uint8).reshape(-1).tolist():
        h = ((h ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return "%016x" % h


def case(name, op, args, fn, **kw):
    entry = {"name": name, "op": op, "args": [a.spec if a is not None else None for a in args]}
    entry.update({k: v for k, v in kw.items() if k not in ("approx",)})
    try:
        out = fn(*[a.t if a is not None else None for a in args])
        if out.numel() > DIGEST_OVER:
            entry["expected_digest"] = {"dtype": str(out.dtype).replace("torch.", ""),
                                        "shape": list(out.shape), "fnv1a64": fnv1a64(out)}
        else:
            entry["expected"] = tensor_json(out)
        entry["expected_stride"] = list(out.stride())
        if kw.get("approx"):
            entry["approx"] = True
    except RuntimeError as e:
        entry["error"] = str(e).split("\n")[0]
    CASES.append(entry)


mat = lambda a, b: torch.matmul(a, b)

# ---------------------------------------------------------------- dot (1-D @ 1-D)
for dt in ("float32", "float64", "int64"):
    for k in (0, 1, 5, 37, 300):
        case(f"dot_{dt}_{k}", "matmul", [In([k], dt), In([k], dt)], mat)
    case(f"dot_{dt}_slice", "dot", [In([33], dt, "slice"), In([33], dt)], torch.dot)
    case(f"dot_{dt}_expand", "dot", [In([17], dt, "expand"), In([17], dt, "slice")], torch.dot)
for dt in ("int32", "int16", "int8", "uint8"):
    case(f"dot_{dt}", "dot", [In([40], dt), In([40], dt)], torch.dot)
case("dot_bfloat16_small", "dot", [In([37], "bfloat16"), In([37], "bfloat16")], torch.dot)

# ---------------------------------------------------------------- mv (2-D @ 1-D)
for dt in ("float32", "float64", "int64"):
    for shape in ([3, 4], [1, 4], [4, 1], [0, 3], [3, 0], [50, 70]):
        for lay in ("contig", "T"):
            case(f"mv_{dt}_{shape}_{lay}", "matmul", [In(shape, dt, lay), In([shape[1]], dt)], mat)
    case(f"mv_{dt}_slice", "mv", [In([5, 6], dt, "slice"), In([6], dt, "slice")], torch.mv)
    case(f"mv_{dt}_rows", "mv", [In([5, 6], dt, "rows"), In([6], dt)], torch.mv)
    case(f"mv_{dt}_expand", "mv", [In([5, 6], dt, "expand"), In([6], dt, "expand")], torch.mv)
case("mv_bfloat16_small", "mv", [In([3, 40], "bfloat16"), In([40], "bfloat16")], torch.mv)
case("mv_bfloat16_small_T", "mv", [In([3, 40], "bfloat16", "T"), In([40], "bfloat16")], torch.mv)
case("mv_int32", "mv", [In([3, 7], "int32"), In([7], "int32")], torch.mv)

# ---------------------------------------------------------------- 1-D @ 2-D
for dt in ("float32", "float64", "int64"):
    for lay in ("contig", "T", "slice"):
        case(f"vm_{dt}_{lay}", "matmul", [In([4], dt), In([4, 3], dt, lay)], mat)
    case(f"vm_{dt}_1", "matmul", [In([1], dt), In([1, 3], dt)], mat)
    case(f"vm_{dt}_big", "matmul", [In([70], dt), In([70, 40], dt)], mat)

# ---------------------------------------------------------------- mm (2-D @ 2-D)
MM_SHAPES = [([3, 4], [4, 5]), ([1, 4], [4, 5]), ([3, 4], [4, 1]), ([3, 1], [1, 5]),
             ([1, 1], [1, 1]), ([0, 4], [4, 5]), ([3, 0], [0, 5]), ([3, 4], [4, 0]),
             ([40, 60], [60, 30]), ([70, 80], [80, 60])]
for dt in ("float32", "float64", "int64"):
    for sa, sb in MM_SHAPES:
        for la in ("contig", "T"):
            for lb in ("contig", "T"):
                if (la, lb) != ("contig", "contig") and min(sa + sb) == 0:
                    continue
                case(f"mm_{dt}_{sa}x{sb}_{la}_{lb}", "matmul", [In(sa, dt, la), In(sb, dt, lb)], mat)
    for la, lb in (("slice", "contig"), ("contig", "slice"), ("rows", "T"), ("expand", "rows"),
                   ("contig", "expand")):
        case(f"mm_{dt}_{la}_{lb}", "mm", [In([6, 5], dt, la), In([5, 7], dt, lb)], torch.mm)
# Big enough for OpenBLAS to split the work across threads: the bits depend on its thread count
# (PyTorch leaves OpenBLAS at its default, one thread per CPU; see docs/numerics-linalg.md).
for dt in ("float32", "float64"):
    case(f"mm_{dt}_threaded", "mm", [In([200, 300], dt), In([300, 150], dt)], torch.mm)
    case(f"mm_{dt}_threaded_T", "mm", [In([200, 300], dt, "T"), In([300, 150], dt)], torch.mm)
    case(f"mv_{dt}_threaded", "mv", [In([3000, 400], dt), In([400], dt)], torch.mv)
    case(f"mv_{dt}_threaded_T", "mv", [In([3000, 400], dt, "T"), In([400], dt)], torch.mv)
    case(f"dot_{dt}_threaded", "dot", [In([200000], dt), In([200000], dt)], torch.dot)
for dt in ("int32", "int16", "int8", "uint8"):
    case(f"mm_{dt}", "mm", [In([4, 6], dt), In([6, 3], dt, "T")], torch.mm)
for la in ("contig", "T"):
    for lb in ("contig", "T"):
        case(f"mm_bfloat16_small_{la}_{lb}", "mm",
             [In([3, 40], "bfloat16", la), In([40, 2], "bfloat16", lb)], torch.mm)

# ---------------------------------------------------------------- batched / folded matmul
BATCH = [
    ("3d_2d", [3, 2, 37], "contig", [37, 2], "contig"),  # folded into one mm
    ("3dT_2d", [3, 2, 37], "T", [37, 2], "contig"),  # bmm (transposed batch matrices)
    ("3dperm_2d", [3, 2, 37], "perm", [37, 2], "contig"),  # folded (copy)
    ("3dslice_2d", [3, 2, 5], "slice", [5, 2], "T"),
    ("4dT_2d", [2, 3, 2, 7], "T", [7, 2], "contig"),
    ("3d_1d", [3, 2, 37], "contig", [37], "contig"),
    ("4d_1d", [2, 2, 3, 5], "contig", [5], "contig"),
    ("1d_3d", [37], "contig", [3, 37, 2], "contig"),
    ("1d_4d", [5], "contig", [2, 3, 5, 4], "T"),
    ("2d_3d", [2, 37], "contig", [3, 37, 2], "contig"),
    ("2d_3dT", [2, 37], "contig", [3, 37, 2], "T"),
    ("2dT_3d", [2, 6], "T", [3, 6, 4], "contig"),
    ("3d_3d", [4, 2, 3], "contig", [4, 3, 5], "contig"),
    ("3d_3d_big", [3, 12, 40], "contig", [3, 40, 11], "T"),
    ("3d_3d_bcast", [1, 2, 3], "contig", [4, 3, 5], "contig"),
    ("3d_3d_bexpand", [4, 2, 3], "bexpand", [4, 3, 5], "Tbatch"),
    ("4d_3d_bcast", [2, 1, 3, 4], "contig", [5, 4, 2], "contig"),
    ("4d_3d_bcast_big", [2, 1, 12, 40], "contig", [3, 40, 10], "T"),
    ("3d_4d_bcast", [5, 2, 3], "T", [4, 1, 3, 2], "contig"),
    ("3dT_3d", [4, 6, 5], "T", [4, 5, 3], "slice"),
    ("3d_3d_empty_batch", [0, 2, 3], "contig", [0, 3, 4], "contig"),
    ("3d_3d_k0", [2, 3, 0], "contig", [2, 0, 4], "contig"),
    ("3d_2d_k0", [2, 3, 0], "contig", [0, 4], "contig"),
    ("3d_1d_k0", [2, 3, 0], "contig", [0], "contig"),
    ("1d_3d_k0", [0], "contig", [2, 0, 3], "contig"),
    ("3d_4d_n0", [5, 0, 3], "contig", [4, 5, 3, 4], "contig"),
]
for dt in ("float32", "float64", "int64"):
    for name, sa, la, sb, lb in BATCH:
        case(f"batch_{dt}_{name}", "matmul", [In(sa, dt, la), In(sb, dt, lb)], mat)
case("batch_bfloat16_3d_3d", "matmul", [In([4, 2, 30], "bfloat16"), In([4, 30, 3], "bfloat16")], mat)

# ---------------------------------------------------------------- bmm
for dt in ("float32", "float64", "int64"):
    case(f"bmm_{dt}_small", "bmm", [In([3, 2, 4], dt), In([3, 4, 5], dt)], torch.bmm)
    case(f"bmm_{dt}_small_T", "bmm", [In([3, 2, 4], dt, "T"), In([3, 4, 5], dt, "T")], torch.bmm)
    case(f"bmm_{dt}_big", "bmm", [In([2, 10, 50], dt), In([2, 50, 10], dt)], torch.bmm)
    case(f"bmm_{dt}_big_T", "bmm", [In([2, 10, 50], dt, "T"), In([2, 50, 10], dt, "slice")], torch.bmm)
    case(f"bmm_{dt}_big_bexpand", "bmm", [In([3, 10, 50], dt, "bexpand"), In([3, 50, 10], dt, "perm")], torch.bmm)
    case(f"bmm_{dt}_empty", "bmm", [In([0, 2, 3], dt), In([0, 3, 4], dt)], torch.bmm)
    case(f"bmm_{dt}_k0", "bmm", [In([2, 2, 0], dt), In([2, 0, 4], dt)], torch.bmm)
case("bmm_bfloat16_small", "bmm", [In([3, 2, 40], "bfloat16"), In([3, 40, 2], "bfloat16")], torch.bmm)
case("bmm_bfloat16_mid", "bmm", [In([2, 8, 30], "bfloat16"), In([2, 30, 8], "bfloat16", "T")], torch.bmm)
case("bmm_int8_small", "bmm", [In([2, 3, 4], "int8"), In([2, 4, 3], "int8")], torch.bmm)

# ---------------------------------------------------------------- addmm
AB = [(1, 1), (0, 1), (0.5, 2), (2, -1.5), (1, 0)]
for dt in ("float32", "float64"):
    for beta, alpha in AB:
        for bshape in ([3, 5], [5], [3, 1], []):
            case(f"addmm_{dt}_{beta}_{alpha}_{bshape}", "addmm",
                 [In(bshape, dt), In([3, 4], dt), In([4, 5], dt, "T")],
                 lambda s, a, b, beta=beta, alpha=alpha: torch.addmm(s, a, b, beta=beta, alpha=alpha),
                 beta=beta, alpha=alpha)
    b = In([3, 5], dt, nan_first=True)
    case(f"addmm_{dt}_nan_beta0", "addmm", [b, In([3, 4], dt), In([4, 5], dt)],
         lambda s, a, m: torch.addmm(s, a, m, beta=0), beta=0, alpha=1)
    case(f"addmm_{dt}_nan_beta1", "addmm", [b, In([3, 4], dt), In([4, 5], dt)],
         lambda s, a, m: torch.addmm(s, a, m), beta=1, alpha=1)
    case(f"addmm_{dt}_k0", "addmm", [In([3, 5], dt), In([3, 0], dt), In([0, 5], dt)],
         lambda s, a, m: torch.addmm(s, a, m, beta=0.5), beta=0.5, alpha=1)
    case(f"addmm_{dt}_big", "addmm", [In([30], dt), In([40, 60], dt), In([60, 30], dt, "T")],
         lambda s, a, m: torch.addmm(s, a, m, beta=0.75, alpha=1.25), beta=0.75, alpha=1.25)
for dt in ("int64", "int32"):
    case(f"addmm_{dt}", "addmm", [In([5], dt), In([3, 4], dt), In([4, 5], dt, "T")],
         lambda s, a, m: torch.addmm(s, a, m, beta=3, alpha=2), beta=3, alpha=2)
    case(f"addmm_{dt}_k0", "addmm", [In([3, 5], dt), In([3, 0], dt), In([0, 5], dt)],
         lambda s, a, m: torch.addmm(s, a, m, beta=3), beta=3, alpha=1)
case("addmm_bfloat16_small", "addmm",
     [In([2], "bfloat16"), In([3, 40], "bfloat16"), In([40, 2], "bfloat16", "T")], torch.addmm,
     beta=1, alpha=1)

# ---------------------------------------------------------------- F.linear
LIN = [
    ("2d_bias", [4, 6], "contig", [5, 6], [5]),
    ("2d_nobias", [4, 6], "contig", [5, 6], None),
    ("2dT_bias", [4, 6], "T", [5, 6], [5]),
    ("2d_bias_col", [4, 6], "contig", [5, 6], [4, 1]),
    ("1d_bias", [6], "contig", [5, 6], [5]),
    ("1d_nobias", [6], "contig", [5, 6], None),
    ("3d_bias", [2, 3, 6], "contig", [5, 6], [5]),
    ("3dT_bias", [2, 3, 6], "T", [5, 6], [5]),
    ("3d_nobias", [2, 3, 6], "contig", [5, 6], None),
    ("4d_bias", [2, 2, 3, 6], "contig", [5, 6], [5]),
    ("2d_w1d", [4, 6], "contig", [6], None),
    ("big_bias", [32, 64], "contig", [48, 64], [48]),
]
for dt in ("float32", "float64"):
    for name, si, li, sw, sb in LIN:
        case(f"linear_{dt}_{name}", "linear",
             [In(si, dt, li), In(sw, dt), In(sb, dt) if sb is not None else None],
             lambda x, w, b: F.linear(x, w, b))
case("linear_4d_double_bias", "linear", [In([2, 2, 3, 6]), In([5, 6]), In([5], "float64")],
     lambda x, w, b: F.linear(x, w, b))
case("linear_int64", "linear", [In([3, 4], "int64"), In([2, 4], "int64"), In([2], "int64")],
     lambda x, w, b: F.linear(x, w, b))
case("linear_1d_int_float_bias", "linear", [In([4], "int64"), In([2, 4], "int64"), In([2], "float32")],
     lambda x, w, b: F.linear(x, w, b))

# ---------------------------------------------------------------- outer
for da, db in (("float32", "float32"), ("int64", "float32"), ("bool", "bool"), ("int32", "int64"),
               ("uint8", "int8"), ("float64", "float32"), ("bfloat16", "bfloat16")):
    case(f"outer_{da}_{db}", "outer", [In([4], da), In([3], db, "slice")], torch.outer)

# ---------------------------------------------------------------- float16 / large bfloat16
# PyTorch 1.13 has no float16 matmul on the CPU ("addmm_impl_cpu_" not implemented for 'Half');
# ember computes it in float32 and rounds once, which is what these expectations spell out.
# bfloat16 products above 16*16*16 multiply-adds go to oneDNN in PyTorch (fp32 accumulation in
# its own order, one rounding) on CPUs with AVX512; on AVX2-only CPUs PyTorch 1.13 accumulates
# some of these paths in bfloat16 instead (a 5000-term dot stalls at 256), so its answer depends on
# the machine. ember always accumulates in float32 (OpenBLAS) and rounds once; the expectations
# below spell that out (float32 product, one rounding), compared within one bfloat16 ulp.
bf = lambda f: (lambda *xs: f(*[x.float() for x in xs]).bfloat16())
h = lambda f: (lambda *xs: f(*[x.float().contiguous() for x in xs]).half())
case("half_mm", "matmul", [In([5, 40], "float16"), In([40, 3], "float16", "T")], h(torch.mm))
case("half_mv", "matmul", [In([5, 40], "float16"), In([40], "float16")], h(torch.mv))
case("half_dot", "matmul", [In([40], "float16"), In([40], "float16")], h(torch.dot))
case("half_bmm", "bmm", [In([2, 3, 40], "float16"), In([2, 40, 3], "float16")], h(torch.bmm))
case("half_addmm", "addmm", [In([3], "float16"), In([5, 40], "float16"), In([40, 3], "float16")],
     lambda s, a, m: torch.addmm(s.float(), a.float(), m.float(), beta=0.5, alpha=2).half(),
     beta=0.5, alpha=2)
case("bf16big_mm", "matmul", [In([20, 64], "bfloat16"), In([64, 16], "bfloat16", "T")], bf(mat), approx=True)
case("bf16big_mv", "mv", [In([80, 64], "bfloat16"), In([64], "bfloat16")], bf(torch.mv), approx=True)
case("bf16big_dot", "dot", [In([5000], "bfloat16"), In([5000], "bfloat16")], bf(torch.dot), approx=True)
case("bf16big_bmm", "bmm", [In([3, 10, 40], "bfloat16"), In([3, 40, 12], "bfloat16")], bf(torch.bmm),
     approx=True)
case("bf16big_addmm", "addmm", [In([16], "bfloat16"), In([20, 64], "bfloat16"), In([64, 16], "bfloat16")],
     bf(lambda s, a, m: torch.addmm(s, a, m, beta=1, alpha=1)), beta=1, alpha=1, approx=True)

# ---------------------------------------------------------------- errors
ERR = [
    ("matmul", [In([]), In([2, 2])]), ("matmul", [In([2, 2]), In([])]),
    ("matmul", [In([3, 2]), In([3, 2])]), ("matmul", [In([3]), In([4])]),
    ("matmul", [In([2, 3]), In([4])]), ("matmul", [In([3]), In([4, 2])]),
    ("matmul", [In([2, 2, 3]), In([4])]), ("matmul", [In([4]), In([2, 3, 2])]),
    ("matmul", [In([2, 2, 3]), In([3, 4, 2])]), ("matmul", [In([2, 2, 3]), In([2, 4, 2])]),
    ("matmul", [In([1, 2, 3]), In([3, 4, 4])]),
    ("matmul", [In([2, 3]), In([3, 2], "float64")]), ("matmul", [In([2, 3], "float64"), In([3])]),
    ("matmul", [In([3]), In([3], "float64")]), ("matmul", [In([3]), In([3, 2], "float64")]),
    ("matmul", [In([2, 2, 3]), In([3, 2], "float64")]), ("matmul", [In([2, 2, 3], "float64"), In([2, 3, 2])]),
    ("matmul", [In([3]), In([2, 3, 2], "float64")]), ("matmul", [In([2, 3]), In([2, 3, 2], "float64")]),
    ("matmul", [In([2, 0]), In([0, 3], "float64")]), ("matmul", [In([2, 3], "bool"), In([3, 2], "bool")]),
    ("matmul", [In([3], "bool"), In([3], "bool")]), ("matmul", [In([2, 3], "bool"), In([3], "bool")]),
    ("mm", [In([3]), In([3, 3])]), ("mm", [In([3, 3]), In([3])]), ("mm", [In([2, 3], "float64"), In([4, 2])]),
    ("mm", [In([2, 3], "float64"), In([3, 2])]),
    ("bmm", [In([2, 3]), In([2, 3, 2])]), ("bmm", [In([2, 2, 3]), In([4, 2])]),
    ("bmm", [In([2, 2, 3]), In([3, 3, 2])]), ("bmm", [In([2, 2, 3]), In([2, 4, 2])]),
    ("bmm", [In([2, 2, 3], "float64"), In([2, 3, 2])]), ("bmm", [In([2, 2, 3]), In([2, 3, 2], "float64")]),
    ("bmm", [In([2, 20, 30]), In([2, 30, 20], "float64")]), ("bmm", [In([2, 2, 3], "bool"), In([2, 3, 2], "bool")]),
    ("mv", [In([2, 3]), In([4])]), ("mv", [In([2, 3]), In([3, 1])]), ("mv", [In([2, 3, 1]), In([3])]),
    ("mv", [In([2, 3]), In([3], "float64")]), ("mv", [In([2, 3], "float64"), In([3])]),
    ("dot", [In([3]), In([4])]), ("dot", [In([3]), In([3, 1])]), ("dot", [In([3]), In([3], "float64")]),
    ("dot", [In([3]), In([4], "float64")]),
    ("addmm", [In([3, 3]), In([3, 3]), In([3, 3], "float64")]),
    ("addmm", [In([3, 3], "float64"), In([3, 3]), In([3, 3])]),
    ("addmm", [In([3, 3]), In([3, 3], "float64"), In([3, 3])]),
    ("addmm", [In([3, 3]), In([3, 2]), In([3, 3])]), ("addmm", [In([3, 3]), In([3]), In([3, 3])]),
    ("addmm", [In([3, 3]), In([3, 3]), In([3, 3, 1])]), ("addmm", [In([4, 3]), In([3, 3]), In([3, 3])]),
    ("addmm", [In([2, 3, 3]), In([3, 3]), In([3, 3])]), ("addmm", [In([2]), In([2, 3]), In([3, 3])]),
    ("addmm", [In([3, 3], "bool"), In([3, 3], "bool"), In([3, 3], "bool")]),
    ("linear", [In([2, 3]), In([4, 2]), None]), ("linear", [In([2, 3]), In([4, 3]), In([3])]),
    ("linear", [In([2, 2, 3]), In([4, 3]), In([3])]), ("linear", [In([3]), In([4, 3]), In([3])]),
    ("linear", [In([3]), In([4, 3]), In([2, 4])]), ("linear", [In([2, 3]), In([4, 3]), In([4], "float64")]),
    ("linear", [In([2, 3]), In([3]), In([2])]), ("linear", [In([2, 3]), In([2, 4, 3]), None]),
    ("linear", [In([3], "int64"), In([2, 3], "int64"), In([2])]),
    ("outer", [In([2, 1]), In([3])]), ("outer", [In([2]), In([3, 1])]),
]
FN = {"matmul": mat, "mm": torch.mm, "bmm": torch.bmm, "mv": torch.mv, "dot": torch.dot,
      "addmm": torch.addmm, "linear": lambda x, w, b: F.linear(x, w, b), "outer": torch.outer}
for i, (op, args) in enumerate(ERR):
    case(f"error_{i}_{op}", op, args, FN[op], beta=1, alpha=1) if op == "addmm" else \
        case(f"error_{i}_{op}", op, args, FN[op])

# Expected errors must really be errors (the list above is meant to fail), except the few
# empty-product cases that PyTorch answers without checking dtypes.
n_err = sum(1 for c in CASES if "error" in c)
write_fixture("linalg", {"torch_version": torch.__version__, "cases": CASES})
print(len(CASES), "cases,", n_err, "errors")
