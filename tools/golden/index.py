"""Golden fixtures for indexing ops -> tests/fixtures/{index,gather_scatter,masked}.json (run: /usr/bin/python3 tools/golden/index.py).

Every case names an input (dtype, logical shape) and a layout: "contiguous", "transposed" (last two
dims swapped in memory) or "sliced" (every other element of a zero tensor twice as long in the
last dim); tests rebuild the same layout in ember. Values come from make_data (exact in every dtype).
Index specs: {"i": n}, {"s": [start, stop, step]} (null = default), "none", "...", {"b": bool},
{"t": tensor, "layout": ...}. Values: {"t": tensor} or {"scalar": v, "kind": "int|float|bool"}.
A result is {"expected": tensor, "view": bool, "strides", "offset"} or {"error", "etype"}.
Sections: index, index_put, index_put_acc, index_select, gather, take_along_dim, scatter,
masked_fill, masked_select, nonzero.
"""
import json

import torch

from common import tensor_json, write_fixture

F32, F64, I64, I32, U8, BOOL = torch.float32, torch.float64, torch.int64, torch.int32, torch.uint8, torch.bool
DTYPES = [F32, I64, BOOL, F64]
LAYOUTS = ["contiguous", "transposed", "sliced"]


def make_data(shape, dtype, shift=0):
    n = 1
    for s in shape:
        n *= s
    v = torch.arange(n, dtype=torch.float64).reshape(shape) + shift
    if dtype == BOOL:
        return (v.long() % 3 == 1)
    if dtype.is_floating_point:
        return (v * 0.5 - 2).to(dtype)
    if dtype == U8:
        return v.to(dtype)
    return (v - 3).to(dtype)


def with_layout(t, layout):
    if layout == "contiguous" or t.dim() < 2 and layout == "transposed" or t.dim() == 0:
        return t.clone()
    if layout == "transposed":
        return t.transpose(-1, -2).contiguous().transpose(-1, -2)
    if layout == "sliced":
        base = torch.zeros(*t.shape[:-1], 2 * t.shape[-1], dtype=t.dtype)
        v = base[..., ::2]
        v.copy_(t)
        return v
    raise ValueError(layout)


def T(data, dtype=I64):
    return torch.tensor(data, dtype=dtype)


def input_json(shape, dtype, layout, shift=0):
    return {"dtype": str(dtype).replace("torch.", ""), "shape": list(shape), "layout": layout, "shift": shift}


def make_input(spec):
    dtype = getattr(torch, spec["dtype"])
    return with_layout(make_data(spec["shape"], dtype, spec.get("shift", 0)), spec["layout"])


def error(e):
    return {"error": str(e), "etype": type(e).__name__}


# ---- index specs: python object and json encoding
class Tn:
    def __init__(self, t, layout="contiguous"):
        self.t, self.layout = t, layout


def S(a=None, b=None, c=None):
    return slice(a, b, c)


def py_index(spec):
    out = []
    for x in spec:
        if isinstance(x, Tn):
            out.append(with_layout(x.t, x.layout))
        else:
            out.append(x)
    return out[0] if len(out) == 1 else tuple(out)


def js_index(spec):
    out = []
    for x in spec:
        if x is None:
            out.append("none")
        elif x is Ellipsis:
            out.append("...")
        elif isinstance(x, bool):
            out.append({"b": x})
        elif isinstance(x, int):
            out.append({"i": x})
        elif isinstance(x, slice):
            out.append({"s": [x.start, x.stop, x.step]})
        elif isinstance(x, Tn):
            out.append({"t": tensor_json(x.t), "layout": x.layout})
        else:
            raise ValueError(x)
    return out


def result_json(r, x):
    shares = r.numel() > 0 and x.numel() > 0 and r.storage().data_ptr() == x.storage().data_ptr()
    out = {"expected": tensor_json(r), "view": bool(shares)}
    if shares:
        out["strides"] = list(r.stride())
        out["offset"] = r.storage_offset()
    return out


def value_json(v):
    if isinstance(v, torch.Tensor):
        return {"t": tensor_json(v)}
    kind = "bool" if isinstance(v, bool) else ("int" if isinstance(v, int) else "float")
    return {"scalar": v if v == v and abs(v) != float("inf") else str(v), "kind": kind}


def m(data):
    return Tn(T(data, BOOL))


# Specs applied to a (3, 4, 5) input.
INDEX_SPECS_3D = [
    [1], [-1], [S(1)], [S(None, None, 2)], [S(-2)], [S(-100, 100)], [S(5, 1)], [S(1, 3), 2],
    [Ellipsis, 1], [None], [None, Ellipsis, None], [0, None, S(None, None, 3)], [1, 2, 3],
    [Ellipsis, S(1, 4, 2), None], [S(), None, -1], [Ellipsis], [], [0, Ellipsis], [Tn(T(2))],
    [S(0, 0)], [S(None, None, 10)], [Ellipsis, Ellipsis], [Tn(T(-1, torch.int32)), S(1, 3)],
    # advanced
    [Tn(T([0, 2]))], [Tn(T([[0, 1], [2, 0]]))], [Tn(T([-1, 0]))], [S(), Tn(T([0, 3]))],
    [Ellipsis, Tn(T([4, 0, 4]))], [Tn(T([0, 2])), Tn(T([1, 3]))],
    [Tn(T([0, 2])), S(), Tn(T([1, 3]))], [0, S(), Tn(T([1, 3]))], [Tn(T([0, 2])), 1, Tn(T([1, 3]))],
    [None, Tn(T([0, 1])), None, Tn(T([1, 2]))], [Tn(T([0, 1])), None, Tn(T([1, 2]))],
    [S(), Tn(T([[0], [1]])), Tn(T([1, 2, 3]))], [Tn(T([[0], [1]])), S(1, 3), Tn(T([1, 2, 3]))],
    [Tn(T([[0, 1, 2], [2, 1, 0]]), "transposed")], [S(None, None, 2), Tn(T([3, 1])), S(1)],
    [True], [False], [True, 0], [S(), True, Tn(T([0, 1]))], [Tn(T(True))], [Tn(T(False))],
    [None, True, 1], [Tn(T([], I64))], [Tn(T([True, False, True], BOOL))],
    [m([[True, False, True, False], [False, False, False, True], [True, True, False, False]])],
    [S(), m([[True, False, True, False, True]] * 2 + [[False] * 5] * 2)],
    [Ellipsis, m([False, True, True, False, True])],
    [Tn(T([1, 0, 1], U8))], [m([True, False, True]), Tn(T([4, 0]))],
    [Tn(T([0, 2])), m([False, True, False, True])], [m([True, False, True]), S(), Tn(T([1, 4]))],
    [1, m([True, False, True, False])], [Tn(T([2, 0])), Ellipsis, Tn(T([[1], [3]]))],
    # errors
    [5], [0, 9], [None, 5], [None, None, 7], [0, 0, 0, 0], [Tn(T([0.0], F32))], [Tn(T([0], I32))],
    [m([True, False])], [S(), m([True, False])], [m([[True] * 5] * 4)],
    [Tn(T([0, 1])), Tn(T([0, 1, 2]))], [Tn(T([5]))], [S(), Tn(T([4]))], [Tn(T([0])), Tn(T([9]))],
    [Tn(T([0])), S(), Tn(T([-6]))], [Tn(T(7))], [Tn(T(1.0, F32))],
    [m([[True] * 4] * 3), 0], [Tn(T([0, 1])), False],
]


def index_cases():
    cases = []
    for dtype in DTYPES:
        for layout in LAYOUTS:
            specs = INDEX_SPECS_3D if (dtype == F32 or layout == "contiguous") else INDEX_SPECS_3D[::4]
            for spec in specs:
                inp = input_json([3, 4, 5], dtype, layout)
                x = make_input(inp)
                case = {"input": inp, "indices": js_index(spec)}
                try:
                    r = x[py_index(spec)]
                    case.update(result_json(r, x))
                except Exception as e:  # noqa: BLE001
                    case.update(error(e))
                cases.append(case)
    # small and degenerate inputs
    extra = [
        ([], F32, [0]), ([], F32, [S()]), ([], F32, [None]), ([], F32, [Ellipsis]), ([], F32, [True]),
        ([], F32, [Tn(T(True))]), ([], F32, [Tn(T([True]))]), ([], F32, [Tn(T(0))]),
        ([0, 3], F32, [Tn(T([0]))]), ([0, 3], F32, [Tn(T([], I64))]), ([2, 0], F32, [Tn(T([1]))]),
        ([2, 0], F32, [S(), Tn(T([0]))]), ([2, 3], F32, [Tn(T([5])), Tn(T([], I64))]),
        ([2, 2, 2], I64, [m([[True, False], [True, True]]), 0]),
        ([4], I64, [Tn(T([[3, 0], [1, 1]]))]), ([4], I64, [S(1, None, 2)]),
    ]
    for shape, dtype, spec in extra:
        inp = input_json(shape, dtype, "contiguous")
        x = make_input(inp)
        case = {"input": inp, "indices": js_index(spec)}
        try:
            case.update(result_json(x[py_index(spec)], x))
        except Exception as e:  # noqa: BLE001
            case.update(error(e))
        cases.append(case)
    return cases


# (shape, spec, value) for x[spec] = value (setitem, LibTorch's index_put_ with TensorIndex).
def put_specs(dtype):
    one = True if dtype == BOOL else 7
    val = lambda shape, shift=1: make_data(shape, dtype, shift)  # noqa: E731
    other = F64 if dtype != F64 else F32
    return [
        ([3, 4], [0], one), ([3, 4], [S(None, None, 2)], val([4])), ([3, 4], [Ellipsis, 1], val([3])),
        ([3, 4], [S(), S(1, 3)], val([3, 2])), ([3, 4], [0, 1], one), ([3, 4], [None], val([1, 3, 4])),
        ([3, 4], [Ellipsis], val([1, 1, 4])), ([3, 4], [True], val([3, 4])), ([3, 4], [1], val([4]).to(other)),
        ([3, 4], [S(1)], make_data([], other, 2)), ([3, 4], [Tn(T([0, 2]))], one),
        ([3, 4], [Tn(T([0, 2])), Tn(T([1, 3]))], val([2])), ([3, 4], [Tn(T([0, 0, 0]))], val([3, 4])),
        ([3, 4], [Tn(T([2, 0])), S(1, 3)], val([1, 1, 2])),
        ([3, 4], [S(), Tn(T([[0], [3]]))], val([3, 2, 1])),
        ([3, 4], [m([[True, False, True, False], [False] * 4, [True, True, False, True]])], one),
        ([3, 4], [m([[True, False, True, False], [False] * 4, [True, True, False, True]])], val([5])),
        ([3, 4], [m([True, False, True])], val([4])), ([3, 4], [S(), m([True, False, False, True])], val([3, 1])),
        ([3, 4], [m([True, False, True])], make_data([], other, 3)),
        ([2, 3, 4], [Tn(T([0, 1])), S(), Tn(T([1, 3]))], val([2, 3])),
        ([2, 3, 4], [0, S(), Tn(T([1, 3]))], val([3, 2])),
        ([2, 3, 4], [Tn(T([-1])), Ellipsis, Tn(T([-1, 0]))], val([2, 3])),
        # errors
        ([3, 4], [Tn(T([0, 2]))], val([2, 3])), ([3, 4], [Tn(T([0, 2]))], val([2, 4]).to(other)),
        ([3, 4], [Tn(T([0, 5]))], one), ([3, 4], [0], val([2])), ([3, 4], [0], val([2, 1, 4])),
        ([3, 4], [5], one), ([3, 4], [Tn(T([0])), Tn(T([0, 1, 2]))], one),
    ]


def index_put_cases():
    cases = []
    for dtype in DTYPES:
        for layout in LAYOUTS:
            for shape, spec, v in put_specs(dtype):
                if layout != "contiguous" and dtype not in (F32, I64):
                    continue
                inp = input_json(shape, dtype, layout)
                x = make_input(inp)
                case = {"input": inp, "indices": js_index(spec), "value": value_json(v)}
                try:
                    x[py_index(spec)] = v
                    case["expected"] = tensor_json(x)
                except Exception as e:  # noqa: BLE001
                    case.update(error(e))
                cases.append(case)
    for dtype, shape, v in [(U8, [2, 3], 300), (U8, [2, 3], -255), (I64, [2, 3], 1e30), (F32, [2, 3], 1e300),
                            (F32, [2, 3], float("inf")), (BOOL, [2, 3], 5), (I32, [2, 3], 2.9)]:
        for spec in ([0], [Tn(T([1, 0]))]):
            inp = input_json(shape, dtype, "contiguous")
            x = make_input(inp)
            case = {"input": inp, "indices": js_index(spec), "value": value_json(v)}
            try:
                x[py_index(spec)] = v
                case["expected"] = tensor_json(x)
            except Exception as e:  # noqa: BLE001
                case.update(error(e))
            cases.append(case)
    return cases


def index_put_acc_cases():
    cases = []
    specs = [
        ([4, 3], [T([0, 0, 2, 0])], lambda d: make_data([4, 3], d, 1)),
        ([4, 3], [T([0, 0, 2, 0]), T([1, 1, 1, 2])], lambda d: make_data([4], d, 2)),
        ([4, 3], [T([[True, False, True], [False] * 3, [True] * 3, [False, True, False]], BOOL)], lambda d: make_data([6], d, 1)),
        ([4, 3], [T([3, 3, 3])], lambda d: make_data([3], d, 5)),
        ([4, 3], [T([1, 5])], lambda d: make_data([2, 3], d)),
        ([4, 3], [T([1, 2])], lambda d: make_data([2, 2], d)),
    ]
    for dtype in DTYPES:
        for layout in LAYOUTS:
            for shape, idx, val in specs:
                inp = input_json(shape, dtype, layout)
                x = make_input(inp)
                v = val(dtype)
                case = {"input": inp, "indices": [tensor_json(t) for t in idx], "value": {"t": tensor_json(v)}}
                try:
                    x.index_put_(tuple(idx), v, accumulate=True)
                    case["expected"] = tensor_json(x)
                except Exception as e:  # noqa: BLE001
                    case.update(error(e))
                cases.append(case)
    # float sums of several repeats: order matters bit for bit
    x = torch.tensor([0.1, 0.2], dtype=F32)
    v = torch.tensor([1e-8, 0.3, 1e8, -1e8, 0.7, 1.3], dtype=F32)
    idx = T([0, 0, 0, 0, 1, 1])
    r = x.clone().index_put_((idx,), v, accumulate=True)
    cases.append({"input": {"values": tensor_json(x), "layout": "contiguous"}, "indices": [tensor_json(idx)],
                  "value": {"t": tensor_json(v)}, "expected": tensor_json(r)})
    return cases


def run(cases, fn, inputs):
    case = dict(inputs)
    try:
        case["expected"] = tensor_json(fn())
    except Exception as e:  # noqa: BLE001
        case.update(error(e))
    cases.append(case)


def index_select_cases():
    cases = []
    for dtype in DTYPES:
        for layout in LAYOUTS:
            for dim, idx in [(0, T([2, 0, 2])), (1, T([3, 1])), (-1, T([4, 0, 1, 4])), (1, T([0, 2], I32)),
                             (0, T(1)), (2, T([], I64)), (1, T([-1])), (1, T([4])), (0, T([3])), (2, T([5])),
                             (0, T([[0]])), (0, T([0.0], F32)), (3, T([0]))]:
                if layout != "contiguous" and dtype not in (F32, I64):
                    continue
                inp = input_json([3, 4, 5], dtype, layout)
                x = make_input(inp)
                run(cases, lambda: x.index_select(dim, idx), {"input": inp, "dim": dim, "index": tensor_json(idx)})
    for shape, dim, idx in [([5], 0, T([4, 0, 4])), ([5], 0, T([5])), ([5], 0, T([-1])), ([], 0, T([0])),
                            ([], 0, T([1])), ([0, 3], 0, T([0])), ([3, 0], 0, T([0])), ([3, 0], 0, T([5])),
                            ([3, 0], 1, T([0])), ([0], 0, T([0])), ([2, 3], 0, T([], I64)), ([4, 5], 1, T([1, 9])),
                            ([5], 0, T([1, 3], I32))]:
        inp = input_json(shape, F32, "contiguous")
        x = make_input(inp)
        run(cases, lambda: x.index_select(dim, idx), {"input": inp, "dim": dim, "index": tensor_json(idx)})
    return cases


def gather_cases():
    cases = []
    idx_specs = [
        (0, T([[[2, 0], [1, 1]], [[0, 2], [2, 2]]]), "contiguous"),
        (1, T([[[3, 0, 1, 2, 0]], [[1, 1, 1, 1, 1]]]), "contiguous"),
        (2, T([[[4, 0], [1, 3], [2, 2], [0, 0]]] * 3), "contiguous"),
        (-1, T([[[4, 0], [1, 3]]] * 2), "transposed"),
        (1, T([[[3, 0, 1, 2, 0]] * 2] * 3), "sliced"),
        (2, T([[[5]]])), (0, T([[[-1]]])), (0, T([[0]])), (1, T([[[0]]] * 4)),
        (1, T([[[0]]], I32)), (3, T([[[0]]])), (0, T(0).reshape(1, 1, 1)[:, :, :0]),
    ]
    for dtype in DTYPES:
        for layout in LAYOUTS:
            if layout != "contiguous" and dtype not in (F32, I64):
                continue
            for spec in idx_specs:
                dim, idx = spec[0], spec[1]
                ilayout = spec[2] if len(spec) > 2 else "contiguous"
                inp = input_json([3, 4, 5], dtype, layout)
                x = make_input(inp)
                ix = with_layout(idx, ilayout) if idx.dim() >= 1 else idx
                run(cases, lambda: x.gather(dim, ix),
                    {"input": inp, "dim": dim, "index": tensor_json(idx), "index_layout": ilayout})
    for shape, dim, idx in [([], 0, T(0)), ([], 0, T([0, 0])), ([3], 0, T(2)), ([], 0, T(1))]:
        inp = input_json(shape, F32, "contiguous")
        x = make_input(inp)
        run(cases, lambda: x.gather(dim, idx), {"input": inp, "dim": dim, "index": tensor_json(idx), "index_layout": "contiguous"})
    return cases


def take_along_dim_cases():
    cases = []
    specs = [
        ([3, 4], 1, T([[0, 3], [1, 1], [2, 0]])), ([3, 4], 0, T([[2, 0, 1, 1]])), ([3, 4], -1, T([[3], [0], [1]])),
        ([2, 1, 3], 1, torch.zeros(1, 4, 3, dtype=I64)), ([2, 1, 3], 0, T([[[1, 0, 1]]] * 4).reshape(1, 4, 3)),
        ([3, 4], None, T([0, 11, 5])), ([3, 4], None, T([[0, 1], [2, 3]])), ([3, 4], None, T([12])),
        ([3, 4], 1, T([[0]], I32)), ([3, 4], 1, T([0])), ([2, 1, 3], 0, torch.zeros(1, 4, 2, dtype=I64)),
        ([2, 1, 3], 3, torch.zeros(1, 4, 3, dtype=I64)), ([3, 4], None, T([0], I32)),
    ]
    for dtype in DTYPES:
        for layout in LAYOUTS:
            if layout != "contiguous" and dtype not in (F32, I64):
                continue
            for shape, dim, idx in specs:
                if dim is None and layout != "contiguous":
                    continue  # PyTorch's flat take uses view(-1), which fails on these layouts
                inp = input_json(shape, dtype, layout)
                x = make_input(inp)
                run(cases, lambda: torch.take_along_dim(x, idx, dim),
                    {"input": inp, "dim": dim, "index": tensor_json(idx)})
    return cases


def scatter_cases():
    cases = []
    for dtype in DTYPES:
        for layout in LAYOUTS:
            if layout != "contiguous" and dtype not in (F32, I64):
                continue
            src = make_data([2, 4, 5], dtype, 7)
            scal = True if dtype == BOOL else (2.5 if dtype.is_floating_point else -9)
            specs = [
                ("scatter", 0, T([[[2, 0, 1, 1, 0]], [[1, 1, 0, 2, 2]]]), src),
                ("scatter", 2, T([[[4, 0], [1, 3]], [[2, 2], [0, 0]]]), src),
                ("scatter", -2, T([[[3, 0, 1]]]), src),
                ("scatter", 1, T([[[3, 0, 1]]]), scal),
                ("scatter", 0, T([[[1]], [[1]]]), scal),
                ("scatter_add", 0, T([[[2, 0, 2, 2, 0]], [[2, 2, 0, 2, 2]]]), src),
                ("scatter_add", 2, T([[[4, 4, 4, 1], [0, 0, 3, 3]]]), src),
                # errors
                ("scatter", 0, T([[[5]]]), src), ("scatter", 0, T([[[-1]]]), src),
                ("scatter", 0, T([[[1]]], I32), src), ("scatter", 0, T([[1]]), src),
                ("scatter", 0, T([[[1]]]), src.to(F64 if dtype != F64 else F32)),
                ("scatter", 0, T([[[1]]] * 3), src), ("scatter", 1, T([[[1] * 6]]), src),
                ("scatter", 0, T([[[1]]]), make_data([5], dtype)), ("scatter", 3, T([[[1]]]), src),
                ("scatter_add", 0, T([[[1]]], I32), src), ("scatter_add", 0, T([[[9]]]), src),
                ("scatter", 0, T([], I64).reshape(0, 1, 1), src),
            ]
            for op, dim, idx, s in specs:
                inp = input_json([3, 4, 5], dtype, layout)
                x = make_input(inp)
                case = {"input": inp, "op": op, "dim": dim, "index": tensor_json(idx), "value": value_json(s)}
                try:
                    getattr(x, op + "_")(dim, idx, s)
                    case["expected"] = tensor_json(x)
                except Exception as e:  # noqa: BLE001
                    case.update(error(e))
                cases.append(case)
    for dtype, v in [(U8, 300), (F32, 1e300), (I32, float("nan")), (I64, 2.7), (BOOL, 3)]:
        inp = input_json([2, 2], dtype, "contiguous")
        x = make_input(inp)
        idx = T([[1, 0]])
        case = {"input": inp, "op": "scatter", "dim": 0, "index": tensor_json(idx), "value": value_json(v)}
        try:
            x.scatter_(0, idx, v)
            case["expected"] = tensor_json(x)
        except Exception as e:  # noqa: BLE001
            case.update(error(e))
        cases.append(case)
    return cases


def masked_fill_cases():
    cases = []
    mask34 = T([[True, False, True, False], [False] * 4, [True, True, False, True]], BOOL)
    for dtype in DTYPES:
        for layout in LAYOUTS:
            if layout != "contiguous" and dtype not in (F32, I64):
                continue
            scal = False if dtype == BOOL else (float("-inf") if dtype.is_floating_point else -7)
            specs = [
                ([3, 4], mask34, scal, False), ([3, 4], T([True, False, False, True], BOOL), scal, False),
                ([3, 4], T([[True], [False], [True]], BOOL), make_data([], dtype, 9), False),
                ([3, 4], mask34.to(U8), scal, False), ([3, 4], T(True, BOOL), 1, False),
                ([3, 4], T([[[True]], [[False]]], BOOL), scal, False),  # broadcasts the result
                ([3, 4], T([[[True]], [[False]]], BOOL), scal, True),  # in place: error
                ([3, 4], T([True, False, True], BOOL), scal, False), ([3, 4], T([True, False, True], BOOL), scal, True),
                ([3, 4], mask34, make_data([2], dtype), True), ([3, 4], mask34, make_data([], F64, 5), True),
                ([3, 4], mask34, 2.5, True), ([3, 4], mask34, True, True),
            ]
            for shape, mask, v, inplace in specs:
                inp = input_json(shape, dtype, layout)
                x = make_input(inp)
                case = {"input": inp, "mask": tensor_json(mask), "value": value_json(v), "inplace": inplace}
                try:
                    r = x.masked_fill_(mask, v) if inplace else x.masked_fill(mask, v)
                    case["expected"] = tensor_json(r)
                except Exception as e:  # noqa: BLE001
                    case.update(error(e))
                cases.append(case)
    for dtype, v in [(U8, 256), (U8, -255), (I8 := torch.int8, 127.9), (torch.float16, 65520.0),
                     (torch.float16, 1000000), (torch.bfloat16, 3.4e38), (F32, 3.5e38), (F32, float("nan")),
                     (I64, float("nan")), (I32, 2147483648), (BOOL, 2.5), (I64, -9223372036854775808)]:
        inp = input_json([2], dtype, "contiguous")
        x = make_input(inp)
        mask = T([True, False], BOOL)
        case = {"input": inp, "mask": tensor_json(mask), "value": value_json(v), "inplace": True}
        try:
            case["expected"] = tensor_json(x.masked_fill_(mask, v))
        except Exception as e:  # noqa: BLE001
            case.update(error(e))
        cases.append(case)
    return cases


def masked_select_cases():
    cases = []
    for dtype in DTYPES:
        for layout in LAYOUTS:
            if layout != "contiguous" and dtype not in (F32, I64):
                continue
            for shape, mask in [([3, 4], T([[True, False, True, False], [False] * 4, [True, True, False, True]], BOOL)),
                                ([3, 4], T([False, True, True, False], BOOL)), ([3, 4], T([[True], [False], [True]], BOOL)),
                                ([3, 4], T([[[True]], [[False]]], BOOL)), ([3, 4], T([1, 0, 0, 1], U8)),
                                ([3, 4], T(False, BOOL)), ([3, 4], T([1, 0, 0, 1])), ([3, 4], T([True, False, True], BOOL))]:
                inp = input_json(shape, dtype, layout)
                x = make_input(inp)
                run(cases, lambda: x.masked_select(mask), {"input": inp, "mask": tensor_json(mask)})
    inp = input_json([], F32, "contiguous")
    x = make_input(inp)
    run(cases, lambda: x.masked_select(T(True, BOOL)), {"input": inp, "mask": tensor_json(T(True, BOOL))})
    run(cases, lambda: x.masked_select(T([True, False, True], BOOL)), {"input": inp, "mask": tensor_json(T([True, False, True], BOOL))})
    return cases


def nonzero_cases():
    cases = []
    for dtype in DTYPES:
        for layout in LAYOUTS:
            for shape in ([3, 4], [2, 3, 4], [5]):
                if layout != "contiguous" and len(shape) < 2:
                    continue
                inp = input_json(shape, dtype, layout, shift=1)
                x = make_input(inp)
                cases.append({"input": inp, "expected": tensor_json(x.nonzero()),
                              "where": [tensor_json(t) for t in torch.where(x)]})
    for vals, dtype in [([float("nan"), 0.0, -0.0, 1e-30], F32), ([0, 0], I64), ([], F32), (5.0, F32), (0.0, F32),
                        ([[0, 0], [0, 0]], I64), ([0.0, 0.5], torch.float16), ([0, 3], U8)]:
        x = torch.tensor(vals, dtype=dtype)
        cases.append({"input": {"values": tensor_json(x), "layout": "contiguous"}, "expected": tensor_json(x.nonzero()),
                      "where": [tensor_json(t) for t in torch.where(x)]})
    return cases


def dedupe_errors(cases):
    """Keeps one case per (error message, arguments): errors repeat across dtypes and layouts."""
    seen, out = set(), []
    for c in cases:
        if "error" in c:
            key = json.dumps({k: v for k, v in c.items() if k != "input"}, sort_keys=True)
            if key in seen:
                continue
            seen.add(key)
        out.append(c)
    return out


def main():
    write_fixture("index", {
        "index": dedupe_errors(index_cases()),
        "index_put": dedupe_errors(index_put_cases()),
        "index_put_acc": dedupe_errors(index_put_acc_cases()),
    })
    write_fixture("gather_scatter", {
        "index_select": dedupe_errors(index_select_cases()),
        "gather": dedupe_errors(gather_cases()),
        "take_along_dim": dedupe_errors(take_along_dim_cases()),
        "scatter": dedupe_errors(scatter_cases()),
    })
    write_fixture("masked", {
        "masked_fill": dedupe_errors(masked_fill_cases()),
        "masked_select": dedupe_errors(masked_select_cases()),
        "nonzero": nonzero_cases(),
    })


if __name__ == "__main__":
    main()
