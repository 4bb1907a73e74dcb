"""Golden fixtures for the pointwise ops (PyTorch 1.13 CPU, run with /usr/bin/python3).

Run: /usr/bin/python3 tools/golden/pointwise.py -> tests/fixtures/pointwise_{unary,binary,pow,misc}.json

Each file: {"inputs": {name: {"base": tensor_json, "view": "none"|"t"|"step2"}},
            "cases": [{"op", "args": [arg...], "kw": {...}, "out": tensor_json | "error": msg}]}.
An arg is an input name, {"scalar": v} (v a bool/int/float or "nan"/"inf"/"-inf"), or null.
Views: "t" is base.t() (a transposed view), "step2" is base[::2] (a sliced view with step 2); the
C++ test rebuilds them the same way. "inplace": true cases apply the op to a clone of the input.
Lengths like 37 = 2*16 + 5 exercise both PyTorch's 16-element vector blocks and its scalar tail.
"""
import math

import torch

from common import tensor_json, write_fixture

torch.manual_seed(1234)
DTYPES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "bfloat16", "float32",
          "float64"]
FLOATS = ["float16", "bfloat16", "float32", "float64"]
SPECIAL = [0.0, -0.0, float("inf"), -float("inf"), float("nan"), 1.0, -1.0, 0.5, 2.5, -2.5, 1e-30,
           3.0, 1e4, -7.25, 100.0]


def _values(dtype, n, lo=-6.0, hi=6.0, special=True, positive=False):
    dt = getattr(torch, dtype)
    if dtype == "bool":
        return torch.rand(n) > 0.5
    if dtype in FLOATS:
        x = torch.rand(n, dtype=torch.float64) * (hi - lo) + lo
        if positive:
            x = x.abs()
        if special:
            sp = torch.tensor(SPECIAL[: min(len(SPECIAL), n)], dtype=torch.float64)
            if positive:
                sp = sp.abs()
            x[: len(sp)] = sp
        return x.to(dt)
    info = torch.iinfo(dt)
    a, b = max(info.min, -100), min(info.max, 100)
    x = torch.randint(a, b + 1, (n,), dtype=torch.int64)
    if positive:
        x = x.abs()
    return x.to(dt)


class Bank:
    def __init__(self):
        self.inputs = {}
        self.views = {}

    def add(self, name, base, view="none"):
        self.inputs[name] = {"base": tensor_json(base), "view": view}
        self.views[name] = {"none": lambda b: b, "t": lambda b: b.t(),
                            "step2": lambda b: b[::2]}[view](base)
        return name

    def get(self, name):
        return self.views[name]


def arg_json(a):
    if a is None:
        return None
    if isinstance(a, str):
        return a
    v = a
    if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
        v = "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf")
    return {"scalar": v}


def run_case(bank, cases, op, fn, args, kw=None, inplace=False):
    vals = [bank.get(a) if isinstance(a, str) else a for a in args]
    if inplace:
        vals[0] = vals[0].clone() if bank.inputs[args[0]]["view"] == "none" else \
            {"t": lambda b: b.clone().t(), "step2": lambda b: b.clone()[::2]}[
                bank.inputs[args[0]]["view"]](_base(bank, args[0]))
    case = {"op": op, "args": [arg_json(a) for a in args]}
    if kw:
        case["kw"] = kw
    if inplace:
        case["inplace"] = True
    try:
        r = fn(*vals, **(kw or {}))
        if isinstance(r, bool):
            case["out"] = r
        else:
            case["out"] = tensor_json(vals[0] if inplace else r)
    except Exception as e:  # PyTorch's message, first line
        case["error"] = str(e).split("\n")[0]
    cases.append(case)


_BASES = {}


def _base(bank, name):
    return _BASES[name]


def add_input(bank, name, base, view="none"):
    _BASES[name] = base
    return bank.add(name, base, view)


UNARY = ["abs", "neg", "exp", "exp2", "log", "log2", "log10", "log1p", "expm1", "sqrt", "rsqrt",
         "square", "reciprocal", "sin", "cos", "tan", "tanh", "sigmoid", "relu", "round", "floor",
         "ceil", "trunc", "sign", "isnan", "isinf", "isfinite", "logical_not", "bitwise_not"]
INPLACE = ["abs_", "neg_", "exp_", "log_", "sqrt_", "sin_", "cos_", "tanh_", "sigmoid_", "relu_",
           "round_", "floor_", "ceil_", "trunc_"]


def unary_fixture():
    bank, cases = Bank(), []
    for dt in DTYPES:
        add_input(bank, dt, _values(dt, 37))
    # Layouts on float32 / int64: transposed, sliced with step 2, 0-d, empty, a long run
    # (two threads' worth would exceed the fixture size; 1000 covers many vector blocks).
    for dt in ("float32", "int64", "bfloat16", "float64"):
        add_input(bank, dt + "_t", _values(dt, 35).reshape(7, 5), "t")
        add_input(bank, dt + "_s", _values(dt, 42).reshape(14, 3), "step2")
    add_input(bank, "float32_0d", torch.tensor(0.75))
    add_input(bank, "float32_empty", torch.empty(0, 3))
    add_input(bank, "float32_long", _values("float32", 300, -20, 20, special=False))
    names = list(bank.inputs)
    for op in UNARY:
        fn = getattr(torch, op)
        for n in names:
            if n == "float32_long" and op not in ("exp", "sigmoid", "tanh", "log", "sin"):
                continue
            run_case(bank, cases, op, fn, [n])
    for op in INPLACE:
        for n in ("float32", "float32_t", "float32_s", "int64", "bool", "bfloat16"):
            run_case(bank, cases, op, lambda x, _op=op: getattr(x, _op)(), [n], inplace=True)
    for d in (0, 1, 2, -1, -2):
        for n in ("float32", "float64", "bfloat16", "float16", "int64"):
            run_case(bank, cases, "round_decimals", lambda x, decimals: torch.round(x, decimals=decimals), [n],
                     kw={"decimals": d})
    write_fixture("pointwise_unary", {"inputs": bank.inputs, "cases": cases})


BINARY = {
    "add": lambda a, b, **k: torch.add(a, b, **k),
    "sub": lambda a, b, **k: torch.sub(a, b, **k),
    "mul": torch.mul, "div": lambda a, b, **k: torch.div(a, b, **k),
    "floor_divide": torch.floor_divide, "remainder": torch.remainder, "fmod": torch.fmod,
    "pow": torch.pow, "maximum": torch.maximum, "minimum": torch.minimum,
}


def binary_fixture():
    bank, cases = Bank(), []
    for dt in DTYPES:
        add_input(bank, dt + "_a", _values(dt, 37))
        add_input(bank, dt + "_b", _values(dt, 37).flip(0))
    add_input(bank, "float32_pos", _values("float32", 37, 0, 5, positive=True))
    add_input(bank, "float64_pos", _values("float64", 37, 0, 5, positive=True))
    add_input(bank, "bfloat16_pos", _values("bfloat16", 37, 0, 5, positive=True))
    add_input(bank, "int64_nz", _values("int64", 37).masked_fill(_values("int64", 37) == 0, 3))
    add_input(bank, "int64_small", torch.randint(-3, 6, (37,)))
    add_input(bank, "float32_col", _values("float32", 3).reshape(3, 1))
    add_input(bank, "float32_row", _values("float32", 4).reshape(1, 4))
    add_input(bank, "int32_row", _values("int32", 4).reshape(1, 4))
    add_input(bank, "float32_4", _values("float32", 4))
    add_input(bank, "float32_234", _values("float32", 24).reshape(2, 3, 4))
    add_input(bank, "float32_t", _values("float32", 35).reshape(7, 5), "t")
    add_input(bank, "float32_57", _values("float32", 35).reshape(5, 7))
    add_input(bank, "float32_s", _values("float32", 74).reshape(74), "step2")
    add_input(bank, "float32_0d", torch.tensor(1.75))
    add_input(bank, "float64_0d", torch.tensor(-0.3, dtype=torch.float64))
    add_input(bank, "int64_0d", torch.tensor(3))
    add_input(bank, "float32_empty", torch.empty(0, 4))
    add_input(bank, "float32_3", _values("float32", 3))
    add_input(bank, "float32_23", _values("float32", 6).reshape(2, 3))
    add_input(bank, "float32_long", _values("float32", 200, 0, 4, special=False))
    add_input(bank, "float32_long2", _values("float32", 200, -3, 3, special=False))
    add_input(bank, "bfloat16_long", _values("bfloat16", 200, -3, 3, special=False))
    add_input(bank, "bfloat16_long2", _values("bfloat16", 200, -3, 3, special=False))
    add_input(bank, "zeros_signed", torch.tensor([-0.0, 0.0] * 20))
    add_input(bank, "zeros_signed2", torch.tensor([0.0, -0.0] * 20))
    for op, fn in BINARY.items():
        for dt in DTYPES:
            run_case(bank, cases, op, fn, [dt + "_a", dt + "_b"])
        # Mixed dtypes, layouts, broadcasting, scalars, 0-d.
        for a, b in [("int64_a", "float32_b"), ("int32_a", "int64_b"), ("uint8_a", "int8_b"),
                     ("bool_a", "float16_b"), ("bfloat16_a", "float16_b"), ("float32_a", "float64_b"),
                     ("float32_col", "float32_row"), ("float32_col", "int32_row"),
                     ("float32_4", "float32_234"), ("float32_t", "float32_57"),
                     ("float32_57", "float32_t"), ("float32_s", "float32_b"), ("float32_a", "float32_0d"),
                     ("float32_0d", "float32_a"), ("int64_a", "float64_0d"), ("float16_a", "int64_0d"),
                     ("float32_empty", "float32_4"), ("float32_3", "float32_23"),
                     ("float32_long", "float32_long2"), ("bfloat16_long", "bfloat16_long2"),
                     ("zeros_signed", "zeros_signed2")]:
            run_case(bank, cases, op, fn, [a, b])
        for a, s in ([] if op in ("maximum", "minimum") else [("float32_a", 2.5), ("float32_a", 2), ("int64_a", 3), ("int64_a", 2.5),
                     ("uint8_a", 300), ("bool_a", True), ("bfloat16_a", 0.1), ("float16_a", 3),
                     ("int8_a", -1), ("float64_a", -0.5), ("float32_long", 3.3),
                     ("bfloat16_long", 1.7)]):
            run_case(bank, cases, op, fn, [a, s])
        run_case(bank, cases, op, fn, ["float32_3", "float32_4"])  # shape mismatch
    for alpha in (2, 0.1, -1.5, True):
        for a, b in [("float32_a", "float32_b"), ("float64_a", "float64_b"), ("int64_a", "int64_b"),
                     ("bfloat16_a", "bfloat16_b"), ("float16_a", "float16_b"), ("bool_a", "bool_b"),
                     ("bfloat16_long", "bfloat16_long2"), ("uint8_a", "uint8_b")]:
            for op in ("add", "sub"):
                run_case(bank, cases, op, BINARY[op], [a, b], kw={"alpha": alpha})
        for op in ("add", "sub"):
            run_case(bank, cases, op, BINARY[op], ["bfloat16_long", 1.3], kw={"alpha": alpha})
    run_case(bank, cases, "add", BINARY["add"], ["uint8_a", "uint8_b"], kw={"alpha": 300})
    run_case(bank, cases, "add", BINARY["add"], ["float32_a", "float32_b"], kw={"alpha": 1e300})
    for mode in ("trunc", "floor", "bad"):
        for a, b in [("float32_a", "float32_b"), ("float64_a", "float64_b"), ("int64_a", "int64_nz"),
                     ("int32_a", "int32_b"), ("bfloat16_a", "bfloat16_b"), ("float16_a", "float16_b"),
                     ("uint8_a", "uint8_b"), ("int8_a", "int8_b"), ("bool_a", "bool_b"),
                     ("float16_a", "float32_0d"), ("int64_a", "float32_b")]:
            run_case(bank, cases, "div", BINARY["div"], [a, b], kw={"rounding_mode": mode})
        run_case(bank, cases, "div", BINARY["div"], ["int64_nz", 3], kw={"rounding_mode": mode})
        run_case(bank, cases, "div", BINARY["div"], ["float32_a", -2.5], kw={"rounding_mode": mode})
    for op in ("floor_divide", "remainder", "fmod"):
        run_case(bank, cases, op, BINARY[op], ["int64_a", "int64_nz"])
        run_case(bank, cases, op, BINARY[op], ["int64_nz", -7])
        run_case(bank, cases, op, BINARY[op], ["int64_a", 0])
    # pow: exponents PyTorch special-cases, integer powers, scalar bases.
    for e in (2, 3, -2, 0.5, -0.5, -1, 0, 1, 2.5, -1.5, 0.3, 4, 2.001, 1.0, 0.0):
        for a in ("float32_pos", "float32_a", "float64_pos", "bfloat16_pos", "float16_a", "float32_s"):
            run_case(bank, cases, "pow", torch.pow, [a, e])
    for e in (0, 1, 2, 3, 5, -1, -2, 2.5, True):
        for a in ("int64_small", "int8_a", "uint8_a", "int32_a", "bool_a"):
            run_case(bank, cases, "pow", torch.pow, [a, e])
    run_case(bank, cases, "pow", torch.pow, ["int64_small", "int64_small"])
    run_case(bank, cases, "pow", torch.pow, ["int8_a", 300])
    for e in (2.5, 3, 0.3):
        for a in ("float32_long", "bfloat16_long", "float32_t"):
            run_case(bank, cases, "pow", torch.pow, [a, e])
    for base in (2, 2.5, 1, -3, 0.5):
        for e in ("float32_a", "int64_small", "float64_a", "bfloat16_a"):
            run_case(bank, cases, "pow", torch.pow, [base, e])
    write_fixture("pointwise_binary", {"inputs": bank.inputs,
                                       "cases": [c for c in cases if c["op"] != "pow"]})
    write_fixture("pointwise_pow", {"inputs": bank.inputs, "cases": [c for c in cases if c["op"] == "pow"]})


def misc_fixture():
    bank, cases = Bank(), []
    for dt in DTYPES:
        add_input(bank, dt + "_a", _values(dt, 37))
        add_input(bank, dt + "_b", _values(dt, 37).flip(0))
    add_input(bank, "float32_hi", _values("float32", 37) + 1)
    add_input(bank, "float32_t", _values("float32", 35).reshape(7, 5), "t")
    add_input(bank, "float32_57", _values("float32", 35).reshape(5, 7))
    add_input(bank, "float32_s", _values("float32", 74), "step2")
    add_input(bank, "float32_col", _values("float32", 3).reshape(3, 1))
    add_input(bank, "float32_row", _values("float32", 4).reshape(1, 4))
    add_input(bank, "float32_0d", torch.tensor(0.5))
    add_input(bank, "nan_0d", torch.tensor(float("nan")))
    add_input(bank, "float32_3", _values("float32", 3))
    add_input(bank, "float32_4", _values("float32", 4))
    add_input(bank, "float32_empty", torch.empty(0, 4))
    add_input(bank, "zeros_neg", torch.tensor([-0.0] * 37))
    add_input(bank, "zeros_pos", torch.zeros(37))
    add_input(bank, "cond_37", torch.rand(37) > 0.5)
    add_input(bank, "cond_col", (torch.rand(3) > 0.5).reshape(3, 1))
    add_input(bank, "cond_0d", torch.tensor(True))
    add_input(bank, "cond_t", (torch.rand(35) > 0.5).reshape(7, 5), "t")
    add_input(bank, "int64_cond", torch.randint(0, 2, (37,)))
    compare_ops = ["eq", "ne", "lt", "le", "gt", "ge", "logical_and", "logical_or", "logical_xor",
                   "bitwise_and", "bitwise_or", "bitwise_xor"]
    for op in compare_ops:
        fn = getattr(torch, op)
        for dt in DTYPES:
            run_case(bank, cases, op, fn, [dt + "_a", dt + "_b"])
        for a, b in [("int64_a", "float32_b"), ("uint8_a", "int8_b"), ("bool_a", "int32_b"),
                     ("float32_t", "float32_57"), ("float32_col", "float32_row"), ("float32_s", "float32_b"),
                     ("float32_a", "float32_0d"), ("float32_3", "float32_4"), ("float16_a", "bfloat16_b")]:
            run_case(bank, cases, op, fn, [a, b])
        if not op.startswith("logical"):
            for a, s in [("float32_a", 0.5), ("int64_a", 2), ("int64_a", 2.5), ("bool_a", True),
                         ("uint8_a", 3), ("float32_a", float("nan"))]:
                run_case(bank, cases, op, fn, [a, s])
    for a, b in [("float32_a", "float32_a"), ("float32_a", "float32_b"), ("int64_a", "float32_a"),
                 ("float32_3", "float32_4"), ("float32_empty", "float32_empty"), ("nan_0d", "nan_0d")]:
        run_case(bank, cases, "equal", torch.equal, [a, b])
    # clamp with scalar bounds
    for lo, hi in [(-1.0, 1.0), (-1, None), (None, 2), (2.0, -2.0), (float("nan"), 1.0), (0.0, float("nan")),
                   (float("nan"), None), (None, float("nan")), (0, 0), (None, None), (-0.0, None)]:
        for a in ("float32_a", "float64_a", "bfloat16_a", "float16_a", "int64_a", "uint8_a", "bool_a",
                  "float32_t", "float32_s", "zeros_neg"):
            run_case(bank, cases, "clamp", torch.clamp, [a, lo, hi])
    run_case(bank, cases, "clamp", torch.clamp, ["uint8_a", -56, 100])
    run_case(bank, cases, "clamp", torch.clamp, ["uint8_a", 0, 300])
    run_case(bank, cases, "clamp", torch.clamp, ["int8_a", 200, None])
    for op in ("clamp_min", "clamp_max"):
        for a, v in [("float32_a", 0.5), ("float32_a", float("nan")), ("int64_a", 3), ("int64_a", 2.5),
                     ("bfloat16_a", -1), ("float16_a", 1.0)]:
            run_case(bank, cases, op, getattr(torch, op), [a, v])
        for a, v in [("float32_a", "float32_b"), ("zeros_neg", "zeros_pos"), ("int64_a", "float32_b"),
                     ("float16_a", "float16_b")]:
            run_case(bank, cases, op + "_t", getattr(torch, op), [a, v])
    # clamp with tensor bounds
    for a, lo, hi in [("float32_a", "float32_b", "float32_hi"), ("float32_a", "float32_0d", "float32_hi"),
                      ("float32_a", "float32_b", None), ("float32_a", None, "float32_b"),
                      ("zeros_neg", "zeros_pos", "float32_hi"), ("zeros_pos", "zeros_neg", "float32_hi"),
                      ("zeros_neg", "float32_0d", "nan_0d"), ("float32_a", "nan_0d", "float32_hi"),
                      ("int64_a", "int64_b", "int64_b"), ("bool_a", "bool_b", "bool_b"),
                      ("float16_a", "float16_b", "float16_b"), ("bfloat16_a", "bfloat16_b", "bfloat16_a"),
                      ("float32_t", "float32_57", "float32_57"), ("float32_col", "float32_row", "float32_0d"),
                      ("int64_a", "float32_b", "float32_hi"), ("float32_a", None, None)]:
            run_case(bank, cases, "clamp_t", lambda x, l, h: torch.clamp(x, l, h), [a, lo, hi])
    for n in ("float32_a", "int64_a", "bool_a"):
        for lo, hi in [(0.5, 1.5), (1, 2), (2.5, None)]:
            run_case(bank, cases, "clamp_", lambda x, l, h: x.clamp_(l, h), [n, lo, hi], inplace=True)
    # where
    for c, a, b in [("cond_37", "float32_a", "float32_b"), ("cond_37", "int64_a", "float32_b"),
                    ("cond_37", "bool_a", "bool_b"), ("cond_37", "float16_a", "bfloat16_b"),
                    ("cond_col", "float32_row", "float32_0d"), ("cond_0d", "float32_a", "float32_b"),
                    ("cond_t", "float32_57", "float32_t"), ("cond_37", "float32_s", "float32_b"),
                    ("cond_37", "float32_a", 2.5), ("cond_37", 1, "int64_b"), ("cond_37", 1, 2.5),
                    ("cond_37", 0, 1), ("int64_cond", "float32_a", "float32_b"),
                    ("float32_a", "float32_a", "float32_b"), ("cond_37", "float32_3", "float32_4")]:
        run_case(bank, cases, "where", torch.where, [c, a, b])
    # In-place binary ops: dtype and shape errors.
    for op, a, b, kw in [("add_", "float32_a", "float32_b", None), ("add_", "int64_a", "float32_b", None),
                         ("add_", "float32_a", "float64_b", None), ("add_", "float32_3", "float32_col", None),
                         ("sub_", "int32_a", "int64_b", {"alpha": 2}), ("mul_", "float32_t", "float32_57", None),
                         ("mul_", "uint8_a", "bool_b", None), ("div_", "int64_a", "int64_b", None),
                         ("div_", "float32_s", "float32_b", None), ("add_", "bool_a", "bool_b", None),
                         ("mul_", "bfloat16_a", "float32_b", None), ("add_", "float32_col", "float32_row", None)]:
        run_case(bank, cases, op, lambda x, y, _op=op, **k: getattr(x, _op)(y, **k), [a, b], kw=kw,
                 inplace=True)
    for a, s, kw in [("float32_a", 2.5, None), ("int64_a", 2.5, None), ("int64_a", 3, {"alpha": 2})]:
        run_case(bank, cases, "add_", lambda x, y, **k: x.add_(y, **k), [a, s], kw=kw, inplace=True)
        run_case(bank, cases, "mul_", lambda x, y: x.mul_(y), [a, s], inplace=True)
    for a, e in [("float32_a", 2), ("float32_a", 0.5), ("int64_a", 2), ("int64_a", 0.5)]:
        run_case(bank, cases, "pow_", lambda x, y: x.pow_(y), [a, e], inplace=True)
    # Thread split: x = (arange(100007) % 2000) / 100 - 10; PyTorch's per-thread chunks decide
    # which elements take the scalar tail. Sampled around the chunk boundary and the end.
    n = 100007
    x = (torch.arange(n) % 2000).float() / 100.0 - 10.0
    idx = list(range(49984, 50020)) + list(range(99984, n))
    threads = []
    for t in (1, 2):
        torch.set_num_threads(t)
        threads.append({"threads": t, "indices": idx, "sigmoid": tensor_json(torch.sigmoid(x)[idx]),
                        "pow": tensor_json(torch.pow(x.abs(), 1.37)[idx])})
    torch.set_num_threads(1)
    write_fixture("pointwise_misc", {"inputs": bank.inputs, "cases": cases, "threads": threads})


if __name__ == "__main__":
    unary_fixture()
    binary_fixture()
    misc_fixture()
