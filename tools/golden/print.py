"""Golden fixtures for tensor printing: str(t) from PyTorch 1.13 for a corpus of tensors.

Run: /usr/bin/python3 tools/golden/print.py  ->  tests/fixtures/print.json
Each case: {"name", "tensor" (contiguous base, tensor_json), optional "view" {sizes, strides,
offset} applied to the base with as_strided, optional "options" (torch.set_printoptions kwargs),
optional "requires_grad", optional "default_dtype", and "str": what print() shows}.
"sizes": [{"shape", "repr"}] holds repr(t.shape) for size_repr.
"""
import math

import torch

from common import tensor_json, write_fixture

torch.manual_seed(0)
CASES = []


def add(name, t, options=None, view=None, requires_grad=False, default_dtype=None):
    base = t.contiguous()
    shown = base
    if view is not None:
        shown = base.as_strided(view["sizes"], view["strides"], view.get("offset", 0))
    if requires_grad:
        shown = shown.detach().requires_grad_(True)
    if default_dtype is not None:
        torch.set_default_dtype(getattr(torch, default_dtype))
    if options:
        torch.set_printoptions(**options)
    try:
        text = str(shown)
    finally:
        torch.set_printoptions(profile="default")
        torch.set_default_dtype(torch.float32)
    case = {"name": name, "tensor": tensor_json(base), "str": text}
    if view is not None:
        case["view"] = view
    if options:
        case["options"] = {k: (None if isinstance(v, float) and math.isinf(v) else v)
                           for k, v in options.items()}
    if requires_grad:
        case["requires_grad"] = True
    if default_dtype is not None:
        case["default_dtype"] = default_dtype
    CASES.append(case)


def eighths(n, period=101, shift=6.0):
    """Values k/8 - shift: exact in every float dtype and short in JSON (for big tensors)."""
    return (torch.arange(n) % period).float() / 8 - shift


nan, inf = float("nan"), float("inf")
f32 = torch.float32

# ---- 0-d
add("scalar_float_integral", torch.tensor(3.0))
add("scalar_float", torch.tensor(-2.5))
add("scalar_float_rounds", torch.tensor(0.123456))
add("scalar_float_tiny_sci", torch.tensor(1e-5))
add("scalar_float_huge_sci", torch.tensor(3e9))
add("scalar_nan", torch.tensor(nan))
add("scalar_neg_inf", torch.tensor(-inf))
add("scalar_zero", torch.tensor(0.0))
add("scalar_neg_zero", torch.tensor(-0.0))
add("scalar_int64", torch.tensor(7))
add("scalar_int32", torch.tensor(-3, dtype=torch.int32))
add("scalar_bool", torch.tensor(True))
add("scalar_float64", torch.tensor(0.1, dtype=torch.float64))
add("scalar_float16", torch.tensor(1.5, dtype=torch.float16))
add("scalar_requires_grad", torch.tensor(2.0), requires_grad=True)

# ---- 1-d floats and the sci-mode rules
add("vec_integral_floats", torch.tensor([1.0, 2.0]))
add("vec_tenths", torch.tensor([0.1, 0.2, 0.3]))
add("vec_randn", torch.randn(5))
add("vec_mixed_widths", torch.tensor([-1.5, 10.25, 100.125]))
add("vec_small_ratio_sci", torch.tensor([1e-5, 1.0]))
add("vec_large_ratio_sci", torch.tensor([1e10, 1.0]))
add("vec_int_mode_big", torch.tensor([123456789.0]))
add("vec_int_mode_ratio", torch.tensor([1e8, 1.0]))
add("vec_int_mode_plain", torch.tensor([123.0, -456.0, 0.0]))
add("vec_int_mode_1e9", torch.tensor([1e9, 2e9]))
add("vec_ratio_just_over", torch.tensor([1000.5, 1.0]))
add("vec_ratio_at_1000", torch.tensor([1000.0, 1.0]))
add("vec_min_below_1e-4_f32", torch.tensor([0.0001, 0.001]))
add("vec_min_1e-4_f64", torch.tensor([0.0001, 0.001], dtype=torch.float64))
add("vec_huge_tiny", torch.tensor([1e20, -1e-20, 0.0]))
add("vec_rounding_f32", torch.tensor([0.00005, 1.00005, 2.99995, 0.12345]))
add("vec_rounding_half_even_p2", torch.tensor([0.125, 0.375, 2.5, -0.625]), {"precision": 2})
add("vec_nonfinite", torch.tensor([nan, inf, -inf, 1.5]))
add("vec_nonfinite_int_mode", torch.tensor([nan, 1.0, -2.0]))
add("vec_only_nonfinite", torch.tensor([inf, -inf, nan]))
add("vec_neg_nan", -torch.tensor([nan, 1.5]))
add("vec_zeros", torch.zeros(3))
add("vec_neg_zeros", torch.tensor([-0.0, 0.0]))
add("vec_neg_zero_frac", torch.tensor([-0.0, 1.5]))
add("vec_neg_zero_sci", torch.tensor([-0.0, 1e-7, 2.0]))

# ---- other float dtypes
add("vec_float64", torch.tensor([0.1, 1 / 3, -2.0], dtype=torch.float64))
add("vec_float64_subnormal", torch.tensor([5e-324, 1e-300, 1.0], dtype=torch.float64))
add("vec_float64_extremes", torch.tensor([1e300, -1e300], dtype=torch.float64))
add("vec_float16", torch.tensor([1 / 3, 65504.0, -0.5, 1e-3], dtype=torch.float16))
add("vec_float16_randn", torch.randn(6).half())
add("vec_bfloat16", torch.tensor([1 / 3, 3e38, -0.5], dtype=torch.bfloat16))
add("mat_bfloat16_randn", torch.randn(2, 3).bfloat16())
add("vec_float16_integral", torch.tensor([1.0, -2.0, 2048.0], dtype=torch.float16))

# ---- integers and bool
add("vec_int64", torch.tensor([-5, 10, 1000000]))
add("vec_int64_extremes", torch.tensor([2**62, -(2**63), 0]))
add("vec_int32", torch.tensor([1, -22, 333], dtype=torch.int32))
add("vec_int16", torch.tensor([-32768, 32767], dtype=torch.int16))
add("vec_int8", torch.tensor([-128, 5, 127], dtype=torch.int8))
add("vec_uint8", torch.tensor([0, 7, 255], dtype=torch.uint8))
add("mat_int64", torch.tensor([[1, -2, 3], [40, 5, -600]]))
add("vec_bool", torch.tensor([True, False]))
add("mat_bool", torch.tensor([[True, False, True], [False, False, True]]))
add("vec_bool_all_true", torch.tensor([True, True]))

# ---- 2-d .. 4-d
add("mat_randn", torch.randn(3, 4))
add("mat_1x1", torch.tensor([[2.5]]))
add("mat_3x1", torch.randn(3, 1))
add("mat_1x3_int", torch.tensor([[1, 2, 3]]))
add("cube_randn", torch.randn(2, 3, 4))
add("hyper_randn", torch.randn(2, 2, 2, 3))
add("hyper_int", torch.arange(24).reshape(1, 2, 3, 4))
add("mat_float64", torch.randn(2, 2, dtype=torch.float64))
add("mat_sci", torch.tensor([[1e-8, 1.0], [2.0, 3e5]]))

# ---- empty
add("empty_1d", torch.tensor([]))
add("empty_0x3", torch.zeros(0, 3))
add("empty_2x0x4", torch.zeros(2, 0, 4))
add("empty_int64_1d", torch.zeros(0, dtype=torch.int64))
add("empty_int64_2d", torch.zeros(0, 3, dtype=torch.int64))
add("empty_bool", torch.zeros(2, 0, dtype=torch.bool))
add("empty_float64", torch.zeros(0, dtype=torch.float64))
add("empty_float16_2d", torch.zeros(3, 0, dtype=torch.float16))
add("empty_requires_grad", torch.zeros(0, 2), requires_grad=True)

# ---- long rows wrap at linewidth 80
add("wrap_1d_float", torch.arange(30.0) / 7)
add("wrap_1d_randn", torch.randn(25))
add("wrap_1d_int", torch.arange(50))
add("wrap_2d_float", torch.randn(2, 20))
add("wrap_3d_float", torch.randn(2, 2, 15))
add("wrap_sci", torch.randn(12) * 1e-6)
add("wrap_bool", torch.arange(20) % 3 == 0)

# ---- summarised (more than 1000 elements)
add("summ_1d_int", torch.arange(2000))
add("summ_1d_float", eighths(1500))
add("summ_1d_randn", torch.randn(1001))
add("summ_2d_float", eighths(40 * 30).reshape(40, 30))
add("summ_2d_only_cols", eighths(2 * 600).reshape(2, 600))
add("summ_2d_only_rows", torch.arange(1001 * 1).reshape(1001, 1))
add("summ_3d_float", eighths(11 * 11 * 11).reshape(11, 11, 11))
add("summ_4d_float", eighths(6 * 6 * 7 * 6, period=97).reshape(6, 6, 7, 6))
add("summ_bool", torch.arange(1200) % 7 == 0)
add("summ_float16", eighths(1100).half())
add("summ_requires_grad", eighths(1001), requires_grad=True)
add("summ_sci_edges", torch.cat([torch.tensor([1e-6]), torch.ones(1000), torch.tensor([3.0])]))

# ---- requires_grad leaves and suffix wrapping
add("grad_vec", torch.randn(3), requires_grad=True)
add("grad_mat", torch.randn(2, 3), requires_grad=True)
add("grad_float64", torch.tensor([1.0, 2.0], dtype=torch.float64), requires_grad=True)
add("grad_float16", torch.tensor([0.5, 2.0], dtype=torch.float16), requires_grad=True)
add("grad_suffix_wraps", torch.randn(7), requires_grad=True)
add("grad_suffix_wraps_2d", torch.randn(2, 7), requires_grad=True)
add("dtype_suffix_wraps", torch.randn(8, dtype=torch.float64))
add("dtype_and_grad_wrap", torch.randn(6, dtype=torch.float64), requires_grad=True)
add("int32_suffix_wraps", torch.arange(20, dtype=torch.int32))

# ---- print options
add("opt_precision_2", torch.randn(4), {"precision": 2})
add("opt_precision_0", torch.tensor([0.5, 1.5, 2.4, -3.6]), {"precision": 0})
add("opt_precision_8_f64", torch.tensor([1 / 3, -2 / 3], dtype=torch.float64), {"precision": 8})
add("opt_precision_2_sci", torch.tensor([1e-6, 1.0]), {"precision": 2})
add("opt_sci_true", torch.tensor([1.5, 2.25, -3.0]), {"sci_mode": True})
add("opt_sci_true_int_mode", torch.tensor([1.0, 20.0, -300.0]), {"sci_mode": True})
add("opt_sci_false", torch.tensor([1e-6, 1.0, 3e5]), {"sci_mode": False})
add("opt_sci_false_int_mode", torch.tensor([1e10, 1.0]), {"sci_mode": False})
add("opt_sci_true_zeros", torch.zeros(3), {"sci_mode": True})
add("opt_sci_true_int", torch.tensor([1, 2]), {"sci_mode": True})
add("opt_threshold_5", torch.arange(10), {"threshold": 5})
add("opt_threshold_small_2d", torch.arange(64.0).reshape(8, 8) / 4, {"threshold": 10})
add("opt_threshold_0_scalar", torch.tensor(2.5), {"threshold": 0})
add("opt_linewidth_40", torch.randn(12), {"linewidth": 40})
add("opt_linewidth_40_2d_grad", torch.randn(3, 6), {"linewidth": 40}, requires_grad=True)
add("opt_linewidth_tiny", torch.arange(5), {"linewidth": 5})
add("opt_profile_full", torch.arange(1100), {"profile": "full"})
add("opt_profile_short", torch.randn(3, 7), {"profile": "short"})
add("opt_profile_short_summ", eighths(1200), {"profile": "short"})
add("opt_edgeitems_1", eighths(1050).reshape(35, 30), {"edgeitems": 1})
add("opt_edgeitems_0_1d", torch.arange(10), {"edgeitems": 0, "threshold": 3})
add("opt_precision_20_huge", torch.tensor([1e300, -1e300], dtype=torch.float64),
    {"precision": 20})
add("opt_precision_400_sci_false", torch.tensor([1e300], dtype=torch.float64),
    {"precision": 400, "sci_mode": False})
add("opt_edgeitems_huge", torch.arange(10), {"edgeitems": 10**18, "threshold": 3})
add("opt_linewidth_negative", torch.arange(4, dtype=torch.int32), {"linewidth": -5},
    requires_grad=False)
add("opt_profile_then_override", torch.randn(3, 3), {"profile": "short", "precision": 6})

# ---- non-contiguous layouts (as_strided views of the stored base)
add("view_transpose", torch.randn(3, 4), view={"sizes": [4, 3], "strides": [1, 4]})
add("view_step_slice", torch.arange(10.0), view={"sizes": [5], "strides": [2], "offset": 1})
add("view_expanded", torch.tensor([1.5, -2.0, 3.25]), view={"sizes": [2, 3], "strides": [0, 1]})
add("view_cube_permuted", torch.arange(24).reshape(2, 3, 4),
    view={"sizes": [4, 2, 3], "strides": [1, 12, 4]})
add("view_summ_transpose", eighths(40 * 30), view={"sizes": [30, 40], "strides": [1, 30]})

# ---- default dtype float64
add("default_f64_double", torch.tensor([1.5, 2.0], dtype=torch.float64), default_dtype="float64")
add("default_f64_float", torch.tensor([1.5, 2.0]), default_dtype="float64")
add("default_f64_empty_float", torch.zeros(0), default_dtype="float64")

SIZES = [{"shape": list(s), "repr": repr(torch.Size(s))}
         for s in [(), (3,), (2, 3), (0, 3, 4), (1, 1, 1, 1)]]

names = [c["name"] for c in CASES]
assert len(names) == len(set(names)), "duplicate case names"
write_fixture("print", {"cases": CASES, "sizes": SIZES})
