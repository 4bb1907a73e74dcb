"""Fixtures for tests/autograd/*_test.cpp: for every differentiable op family, the inputs, an
upstream gradient, PyTorch 1.13's input gradients (float32) and the name of the output's grad_fn
(`type(y.grad_fn).__name__`). The C++ tests rebuild each case from its name (the op is written
once in C++ per case) and also run a float64 finite-difference gradcheck on the same inputs.
Run: /usr/bin/python3 tools/golden/autograd.py
"""
import torch
import torch.nn.functional as F

from common import tensor_json, write_fixture

torch.manual_seed(0)
G = torch.Generator().manual_seed(1234)

families = {}


def randn(*shape):
    return torch.randn(*shape, generator=G, dtype=torch.float64).float()


def away(*shape, lo=0.3, hi=1.5):
    """Values with |v| in [lo, hi] and random signs: no kinks at 0 for abs/relu/sign."""
    mag = torch.rand(*shape, generator=G, dtype=torch.float64) * (hi - lo) + lo
    sgn = torch.where(torch.rand(*shape, generator=G) > 0.5, 1.0, -1.0).double()
    return (mag * sgn).float()


def pos(*shape, lo=0.5, hi=2.0):
    return (torch.rand(*shape, generator=G, dtype=torch.float64) * (hi - lo) + lo).float()


def add(family, name, fn, inputs, rg=None, gradcheck=True, seed=None):
    """inputs: list of tensors; rg: which inputs require grad (default: floating ones)."""
    if rg is None:
        rg = [t.is_floating_point() for t in inputs]
    ins = [t.detach().clone().requires_grad_(r) for t, r in zip(inputs, rg)]
    if seed is not None:
        torch.manual_seed(seed)
    out = fn(ins)
    up = torch.ones_like(out) if out.dim() == 0 else randn(*out.shape).to(out.dtype)
    out.backward(up)
    families.setdefault(family, []).append({
        "name": name,
        "inputs": [tensor_json(t) for t in inputs],
        "requires_grad": rg,
        "upstream": tensor_json(up),
        "output": tensor_json(out),
        "grad_fn": type(out.grad_fn).__name__,
        "grads": [tensor_json(t.grad) if (r and t.grad is not None) else None
                  for t, r in zip(ins, rg)],
        "gradcheck": gradcheck,
    })


# ---- pointwise unary
U = "pointwise_unary"
add(U, "neg", lambda x: -x[0], [randn(3, 4)])
add(U, "abs", lambda x: x[0].abs(), [away(3, 4)])
add(U, "exp", lambda x: x[0].exp(), [randn(3, 4)])
add(U, "exp2", lambda x: x[0].exp2(), [randn(3, 4)])
add(U, "log", lambda x: x[0].log(), [pos(3, 4)])
add(U, "log2", lambda x: x[0].log2(), [pos(3, 4)])
add(U, "log10", lambda x: x[0].log10(), [pos(3, 4)])
add(U, "log1p", lambda x: x[0].log1p(), [pos(3, 4)])
add(U, "expm1", lambda x: x[0].expm1(), [randn(3, 4)])
add(U, "sqrt", lambda x: x[0].sqrt(), [pos(3, 4)])
add(U, "rsqrt", lambda x: x[0].rsqrt(), [pos(3, 4)])
add(U, "square", lambda x: x[0].square(), [randn(3, 4)])
add(U, "reciprocal", lambda x: x[0].reciprocal(), [away(3, 4)])
add(U, "sin", lambda x: x[0].sin(), [randn(3, 4)])
add(U, "cos", lambda x: x[0].cos(), [randn(3, 4)])
add(U, "tan", lambda x: x[0].tan(), [randn(3, 4) * 0.5])
add(U, "tanh", lambda x: x[0].tanh(), [randn(3, 4)])
add(U, "sigmoid", lambda x: x[0].sigmoid(), [randn(3, 4)])
add(U, "relu", lambda x: x[0].relu(), [away(3, 4)])
add(U, "relu_at_zero", lambda x: x[0].relu(), [torch.tensor([-1.0, 0.0, 2.0])], gradcheck=False)
add(U, "abs_at_zero", lambda x: x[0].abs(), [torch.tensor([-1.0, 0.0, 2.0])], gradcheck=False)
add(U, "round", lambda x: x[0].round(), [randn(3, 4) * 3 + 0.25])
add(U, "round_decimals", lambda x: x[0].round(decimals=1), [randn(3, 4)], gradcheck=False)
add(U, "floor", lambda x: x[0].floor(), [randn(3, 4) * 3 + 0.25])
add(U, "ceil", lambda x: x[0].ceil(), [randn(3, 4) * 3 + 0.25])
add(U, "trunc", lambda x: x[0].trunc(), [randn(3, 4) * 3 + 0.25])
add(U, "sign", lambda x: x[0].sign(), [away(3, 4)])
add(U, "leaky_relu", lambda x: F.leaky_relu(x[0], 0.1), [away(3, 4)])
add(U, "gelu", lambda x: F.gelu(x[0]), [randn(3, 4)])
add(U, "gelu_tanh", lambda x: F.gelu(x[0], approximate="tanh"), [randn(3, 4)])
add(U, "exp_3d", lambda x: x[0].exp(), [randn(2, 3, 4)])
add(U, "sigmoid_0d", lambda x: x[0].sigmoid(), [randn(())])

# ---- pointwise binary (broadcasting both ways, scalar operands)
B = "pointwise_binary"
add(B, "add", lambda x: x[0] + x[1], [randn(3, 4), randn(3, 4)])
add(B, "add_alpha", lambda x: torch.add(x[0], x[1], alpha=2.5), [randn(3, 4), randn(3, 4)])
add(B, "add_bcast_row", lambda x: x[0] + x[1], [randn(3, 4), randn(4)])
add(B, "add_bcast_lhs", lambda x: x[0] + x[1], [randn(4), randn(3, 4)])
add(B, "add_bcast_both", lambda x: x[0] + x[1], [randn(3, 1), randn(1, 4)])
add(B, "add_bcast_3d", lambda x: x[0] + x[1], [randn(2, 1, 4), randn(3, 1)])
add(B, "add_0d", lambda x: x[0] + x[1], [randn(3, 4), randn(())])
add(B, "add_scalar", lambda x: x[0] + 2, [randn(3, 4)])
add(B, "add_only_rhs", lambda x: x[0] + x[1], [randn(3, 4), randn(3, 4)], rg=[False, True])
add(B, "sub", lambda x: x[0] - x[1], [randn(3, 4), randn(3, 4)])
add(B, "sub_alpha", lambda x: torch.sub(x[0], x[1], alpha=0.5), [randn(3, 4), randn(4)])
add(B, "sub_scalar", lambda x: x[0] - 2, [randn(3, 4)])
add(B, "rsub_scalar", lambda x: 2 - x[0], [randn(3, 4)])
add(B, "mul", lambda x: x[0] * x[1], [randn(3, 4), randn(3, 4)])
add(B, "mul_bcast", lambda x: x[0] * x[1], [randn(3, 1), randn(2, 1, 4)])
add(B, "mul_scalar", lambda x: x[0] * 3, [randn(3, 4)])
add(B, "mul_same", lambda x: x[0] * x[0], [randn(3, 4)])
add(B, "div", lambda x: x[0] / x[1], [randn(3, 4), away(3, 4)])
add(B, "div_bcast", lambda x: x[0] / x[1], [randn(3, 4), away(4)])
add(B, "div_scalar", lambda x: x[0] / 3, [randn(3, 4)])
add(B, "rdiv_scalar", lambda x: 3 / x[0], [away(3, 4)])
add(B, "div_floor", lambda x: torch.div(x[0], x[1], rounding_mode="floor"),
    [randn(3, 4) * 3, away(3, 4)], gradcheck=False)
add(B, "div_trunc", lambda x: torch.div(x[0], x[1], rounding_mode="trunc"),
    [randn(3, 4) * 3, away(3, 4)], gradcheck=False)
add(B, "remainder", lambda x: torch.remainder(x[0], x[1]), [pos(3, 4) * 3, pos(3, 4)],
    gradcheck=False)
add(B, "remainder_scalar", lambda x: torch.remainder(x[0], 0.7), [pos(3, 4) * 3], gradcheck=False)
add(B, "fmod", lambda x: torch.fmod(x[0], x[1]), [randn(3, 4) * 3, away(3, 4)], gradcheck=False)
add(B, "pow_scalar2", lambda x: x[0] ** 2, [randn(3, 4)])
add(B, "pow_scalar_frac", lambda x: x[0] ** 2.5, [pos(3, 4)])
add(B, "pow_scalar_neg", lambda x: x[0] ** -1.5, [pos(3, 4)])
add(B, "pow_scalar0", lambda x: x[0] ** 0, [randn(3, 4)])
add(B, "pow_tensor", lambda x: x[0] ** x[1], [pos(3, 4), randn(3, 4)])
add(B, "pow_tensor_bcast", lambda x: x[0] ** x[1], [pos(3, 4), randn(4)])
add(B, "pow_scalar_base", lambda x: torch.pow(2.0, x[0]), [randn(3, 4)])
add(B, "pow_tensor_zero_base", lambda x: x[0] ** x[1],
    [torch.tensor([0.0, 0.0, 2.0, 3.0]), torch.tensor([2.0, 0.0, 1.5, 0.0])], gradcheck=False)
add(B, "maximum", lambda x: torch.maximum(x[0], x[1]), [randn(3, 4), randn(3, 4)])
add(B, "minimum", lambda x: torch.minimum(x[0], x[1]), [randn(3, 4), randn(3, 4)])
add(B, "maximum_ties", lambda x: torch.maximum(x[0], x[1]),
    [torch.tensor([1.0, 2.0, 3.0, -1.0]), torch.tensor([1.0, 5.0, 3.0, -2.0])], gradcheck=False)
add(B, "minimum_ties", lambda x: torch.minimum(x[0], x[1]),
    [torch.tensor([1.0, 2.0, 3.0, -1.0]), torch.tensor([1.0, 5.0, 3.0, -2.0])], gradcheck=False)
add(B, "maximum_bcast", lambda x: torch.maximum(x[0], x[1]), [randn(3, 4), randn(4)])

# ---- clamp / where
C = "clamp_where"
add(C, "clamp", lambda x: x[0].clamp(-0.5, 0.5), [away(3, 4, lo=0.05, hi=1.5)])
add(C, "clamp_min", lambda x: x[0].clamp(min=-0.2), [away(3, 4)])
add(C, "clamp_max", lambda x: x[0].clamp(max=0.4), [away(3, 4)])
add(C, "clamp_min_fn", lambda x: torch.clamp_min(x[0], -0.2), [away(3, 4)])
add(C, "clamp_max_fn", lambda x: torch.clamp_max(x[0], 0.4), [away(3, 4)])
add(C, "clamp_at_bounds", lambda x: x[0].clamp(-1.0, 1.0),
    [torch.tensor([-2.0, -1.0, 0.0, 1.0, 2.0])], gradcheck=False)
add(C, "clamp_tensor", lambda x: x[0].clamp(x[1], x[2]),
    [randn(3, 4), randn(3, 4) - 0.5, randn(3, 4) + 0.5])
add(C, "clamp_tensor_min_only", lambda x: torch.clamp(x[0], min=x[1]), [randn(3, 4), randn(4)])
add(C, "where", lambda x: torch.where(x[2], x[0], x[1]),
    [randn(3, 4), randn(3, 4), torch.rand(3, 4, generator=G) > 0.5])
add(C, "where_bcast", lambda x: torch.where(x[2], x[0], x[1]),
    [randn(3, 1), randn(4), torch.rand(3, 4, generator=G) > 0.5])
add(C, "where_scalar", lambda x: torch.where(x[1], x[0], 0.5),
    [randn(3, 4), torch.rand(3, 4, generator=G) > 0.5])

# ---- reductions
R = "reduce"
z = randn(3, 4)
z[1, 2] = 0.0
zz = randn(3, 4)
zz[0, 1] = 0.0
zz[2, 1] = 0.0
zz[1, 3] = 0.0
ties = torch.tensor([[1.0, 3.0, 3.0, 0.0], [2.0, 2.0, -1.0, 2.0], [0.5, 0.1, 0.2, 0.3]])
add(R, "sum", lambda x: x[0].sum(), [randn(3, 4)])
add(R, "sum_dim0", lambda x: x[0].sum(0), [randn(3, 4)])
add(R, "sum_dim_keepdim", lambda x: x[0].sum(1, keepdim=True), [randn(3, 4)])
add(R, "sum_dims_3d", lambda x: x[0].sum((0, 2)), [randn(2, 3, 4)])
add(R, "sum_neg_dim", lambda x: x[0].sum(-1), [randn(2, 3, 4)])
add(R, "mean", lambda x: x[0].mean(), [randn(3, 4)])
add(R, "mean_dim", lambda x: x[0].mean(1), [randn(3, 4)])
add(R, "mean_dims_keepdim", lambda x: x[0].mean((0, 2), keepdim=True), [randn(2, 3, 4)])
add(R, "prod", lambda x: x[0].prod(), [away(3, 4, lo=0.5, hi=1.2)])
add(R, "prod_one_zero", lambda x: x[0].prod(), [z])
add(R, "prod_two_zeros", lambda x: x[0].prod(), [zz])
add(R, "prod_dim", lambda x: x[0].prod(1), [away(3, 4, lo=0.5, hi=1.2)])
add(R, "prod_dim_zeros", lambda x: x[0].prod(0), [zz])
add(R, "prod_dim_keepdim", lambda x: x[0].prod(1, keepdim=True), [z])
add(R, "amax", lambda x: x[0].amax(), [randn(3, 4)])
add(R, "amax_dim", lambda x: x[0].amax(1), [randn(3, 4)])
add(R, "amax_ties", lambda x: x[0].amax(1), [ties], gradcheck=False)
add(R, "amin_dims", lambda x: x[0].amin((0, 2), keepdim=True), [randn(2, 3, 4)])
add(R, "max_all", lambda x: x[0].max(), [randn(3, 4)])
add(R, "max_all_ties", lambda x: x[0].max(), [ties], gradcheck=False)
add(R, "min_all", lambda x: x[0].min(), [randn(3, 4)])
add(R, "max_dim", lambda x: x[0].max(1).values, [randn(3, 4)])
add(R, "max_dim_keepdim", lambda x: x[0].max(0, keepdim=True).values, [randn(3, 4)])
add(R, "max_dim_ties", lambda x: x[0].max(1).values, [ties], gradcheck=False)
add(R, "min_dim", lambda x: x[0].min(1).values, [randn(3, 4)])
add(R, "std", lambda x: x[0].std(), [randn(3, 4)])
add(R, "std_dim", lambda x: x[0].std(1), [randn(3, 4)])
add(R, "std_dim_biased_keepdim", lambda x: x[0].std(0, unbiased=False, keepdim=True), [randn(3, 4)])
add(R, "var", lambda x: x[0].var(), [randn(3, 4)])
add(R, "var_dim", lambda x: x[0].var(1), [randn(3, 4)])
add(R, "var_dims_biased", lambda x: x[0].var((0, 2), unbiased=False), [randn(2, 3, 4)])
add(R, "norm", lambda x: x[0].norm(), [randn(3, 4)])
add(R, "norm_p1", lambda x: x[0].norm(1), [away(3, 4)])
add(R, "norm_p3", lambda x: x[0].norm(3), [randn(3, 4)])
add(R, "norm_inf", lambda x: x[0].norm(float("inf")), [randn(3, 4)])
add(R, "norm_dim", lambda x: torch.norm(x[0], 2, 1), [randn(3, 4)])
add(R, "norm_dim_keepdim", lambda x: torch.norm(x[0], 2, 0, keepdim=True), [randn(3, 4)])
add(R, "cumsum", lambda x: x[0].cumsum(1), [randn(3, 4)])
add(R, "cumsum_dim0", lambda x: x[0].cumsum(0), [randn(3, 4)])
add(R, "sort_values", lambda x: x[0].sort(1).values, [randn(3, 4)])
add(R, "topk_values", lambda x: x[0].topk(2, 1).values, [randn(3, 4)])

# ---- softmax
S = "softmax"
add(S, "softmax_dim1", lambda x: x[0].softmax(1), [randn(3, 4)])
add(S, "softmax_dim0", lambda x: x[0].softmax(0), [randn(3, 4)])
add(S, "softmax_3d_dim1", lambda x: x[0].softmax(1), [randn(2, 3, 10)])
add(S, "softmax_wide", lambda x: x[0].softmax(-1), [randn(3, 19)])
add(S, "log_softmax_dim1", lambda x: x[0].log_softmax(1), [randn(3, 4)])
add(S, "log_softmax_dim0", lambda x: x[0].log_softmax(0), [randn(3, 4)])
add(S, "log_softmax_3d_dim1", lambda x: x[0].log_softmax(1), [randn(2, 3, 10)])
add(S, "log_softmax_wide", lambda x: x[0].log_softmax(-1), [randn(3, 19)])

# ---- linalg
L = "linalg"
add(L, "matmul_1d_1d", lambda x: x[0] @ x[1], [randn(4), randn(4)])
add(L, "matmul_2d_1d", lambda x: x[0] @ x[1], [randn(3, 4), randn(4)])
add(L, "matmul_1d_2d", lambda x: x[0] @ x[1], [randn(3), randn(3, 4)])
add(L, "matmul_2d_2d", lambda x: x[0] @ x[1], [randn(3, 4), randn(4, 5)])
add(L, "matmul_3d_2d", lambda x: x[0] @ x[1], [randn(2, 3, 4), randn(4, 5)])
add(L, "matmul_2d_3d", lambda x: x[0] @ x[1], [randn(3, 4), randn(2, 4, 5)])
add(L, "matmul_3d_1d", lambda x: x[0] @ x[1], [randn(2, 3, 4), randn(4)])
add(L, "matmul_1d_3d", lambda x: x[0] @ x[1], [randn(3), randn(2, 3, 4)])
add(L, "matmul_3d_3d", lambda x: x[0] @ x[1], [randn(2, 3, 4), randn(2, 4, 5)])
add(L, "matmul_4d_3d_bcast", lambda x: x[0] @ x[1], [randn(2, 1, 3, 4), randn(3, 4, 2)])
add(L, "mm", lambda x: x[0].mm(x[1]), [randn(3, 4), randn(4, 5)])
add(L, "mm_transposed", lambda x: x[0].t().mm(x[1].t()), [randn(4, 3), randn(5, 4)])
add(L, "mm_only_rhs", lambda x: x[0].mm(x[1]), [randn(3, 4), randn(4, 5)], rg=[False, True])
add(L, "bmm", lambda x: x[0].bmm(x[1]), [randn(2, 3, 4), randn(2, 4, 5)])
add(L, "addmm", lambda x: torch.addmm(x[0], x[1], x[2]), [randn(3, 5), randn(3, 4), randn(4, 5)])
add(L, "addmm_bcast_bias", lambda x: torch.addmm(x[0], x[1], x[2]),
    [randn(5), randn(3, 4), randn(4, 5)])
add(L, "addmm_beta_alpha", lambda x: torch.addmm(x[0], x[1], x[2], beta=0.5, alpha=2.0),
    [randn(3, 5), randn(3, 4), randn(4, 5)])
add(L, "dot", lambda x: x[0].dot(x[1]), [randn(5), randn(5)])
add(L, "mv", lambda x: x[0].mv(x[1]), [randn(3, 4), randn(4)])
add(L, "outer", lambda x: torch.outer(x[0], x[1]), [randn(3), randn(4)])
add(L, "linear", lambda x: F.linear(x[0], x[1], x[2]), [randn(3, 4), randn(5, 4), randn(5)])
add(L, "linear_nobias", lambda x: F.linear(x[0], x[1]), [randn(3, 4), randn(5, 4)])
add(L, "linear_3d", lambda x: F.linear(x[0], x[1], x[2]), [randn(2, 3, 4), randn(5, 4), randn(5)])

# ---- shape / view
V = "shape"
add(V, "view", lambda x: x[0].view(4, 3), [randn(3, 4)])
add(V, "view_minus1", lambda x: x[0].view(-1), [randn(3, 4)])
add(V, "reshape_view", lambda x: x[0].reshape(2, 6), [randn(3, 4)])
add(V, "reshape_copy", lambda x: x[0].t().reshape(12), [randn(3, 4)])
add(V, "transpose", lambda x: x[0].transpose(0, 2), [randn(2, 3, 4)])
add(V, "t", lambda x: x[0].t(), [randn(3, 4)])
add(V, "permute", lambda x: x[0].permute(2, 0, 1), [randn(2, 3, 4)])
add(V, "expand", lambda x: x[0].expand(2, 3, 4), [randn(3, 1)])
add(V, "expand_minus1", lambda x: x[0].expand(3, -1), [randn(1, 4)])
add(V, "squeeze", lambda x: x[0].squeeze(), [randn(3, 1, 4, 1)])
add(V, "squeeze_dim", lambda x: x[0].squeeze(1), [randn(3, 1, 4)])
add(V, "unsqueeze", lambda x: x[0].unsqueeze(1), [randn(3, 4)])
add(V, "flatten", lambda x: x[0].flatten(), [randn(2, 3, 4)])
add(V, "flatten_range", lambda x: x[0].flatten(1, 2), [randn(2, 3, 4)])
add(V, "unflatten", lambda x: x[0].unflatten(1, (2, 2)), [randn(3, 4)])
add(V, "slice_step", lambda x: x[0][:, 1::2], [randn(3, 5)])
add(V, "slice_rows", lambda x: x[0][1:3], [randn(4, 3)])
add(V, "slice_step3", lambda x: x[0][::3], [randn(7)])
add(V, "select", lambda x: x[0][1], [randn(3, 4)])
add(V, "select_neg_dim", lambda x: x[0].select(1, -1), [randn(3, 4)])
add(V, "narrow", lambda x: x[0].narrow(1, 1, 2), [randn(3, 4)])
add(V, "split_piece", lambda x: x[0].split(2, 1)[1], [randn(3, 5)])
add(V, "split_sizes_piece", lambda x: x[0].split([1, 3], 1)[1], [randn(3, 4)])
add(V, "chunk_piece", lambda x: x[0].chunk(3, 0)[2], [randn(5, 2)])
add(V, "unbind_piece", lambda x: x[0].unbind(1)[2], [randn(3, 4)])
add(V, "split_sum", lambda x: sum(p * (i + 1) for i, p in enumerate(x[0].split(2, 1))).sum(),
    [randn(3, 4)])
add(V, "cat", lambda x: torch.cat([x[0], x[1]], 1), [randn(3, 2), randn(3, 4)])
add(V, "cat_dim0_three", lambda x: torch.cat([x[0], x[1], x[2]]), [randn(1, 4), randn(2, 4), randn(3, 4)])
add(V, "cat_partial_grad", lambda x: torch.cat([x[0], x[1]], 0), [randn(2, 3), randn(1, 3)],
    rg=[False, True])
add(V, "stack", lambda x: torch.stack([x[0], x[1]], 1), [randn(3, 4), randn(3, 4)])
add(V, "repeat", lambda x: x[0].repeat(2, 3), [randn(2, 3)])
add(V, "repeat_newdims", lambda x: x[0].repeat(2, 1, 2), [randn(2, 3)])
add(V, "flip", lambda x: x[0].flip(0, 1), [randn(3, 4)])
add(V, "contiguous_t", lambda x: x[0].t().contiguous(), [randn(3, 4)])
add(V, "clone", lambda x: x[0].clone(), [randn(3, 4)])
add(V, "movedim", lambda x: x[0].movedim(0, 2), [randn(2, 3, 4)])
add(V, "to_double", lambda x: x[0].double(), [randn(3, 4)], gradcheck=False)

# ---- indexing
I = "index"
idx = torch.tensor([2, 0, 2])
add(I, "index_int", lambda x: x[0][x[1]], [randn(4, 3), idx])
add(I, "index_int_dim1", lambda x: x[0][:, x[1]], [randn(3, 4), idx])
add(I, "index_two", lambda x: x[0][x[1], x[2]], [randn(3, 4), idx, torch.tensor([1, 3, 1])])
add(I, "index_bool", lambda x: x[0][x[1]], [randn(3, 4), torch.rand(3, 4, generator=G) > 0.5])
add(I, "index_bool_rows", lambda x: x[0][x[1]], [randn(3, 4), torch.tensor([True, False, True])])
add(I, "index_put", lambda x: x[0].clone().index_put_((x[2],), x[1]),
    [randn(4, 3), randn(2, 3), torch.tensor([3, 1])])
add(I, "index_put_acc", lambda x: x[0].clone().index_put_((x[2],), x[1], accumulate=True),
    [randn(4, 3), randn(3, 3), torch.tensor([3, 1, 3])])
add(I, "index_put_bcast", lambda x: x[0].clone().index_put_((x[2],), x[1]),
    [randn(4, 3), randn(3), torch.tensor([0, 2])])
add(I, "index_select", lambda x: x[0].index_select(1, x[1]), [randn(3, 4), idx])
add(I, "gather", lambda x: x[0].gather(1, x[1]),
    [randn(3, 4), torch.tensor([[0, 0], [3, 1], [2, 2]])])
add(I, "scatter", lambda x: x[0].scatter(1, x[2], x[1]),
    [randn(3, 4), randn(3, 2), torch.tensor([[0, 2], [3, 1], [1, 0]])])
add(I, "scatter_value", lambda x: x[0].scatter(1, x[1], 1.5),
    [randn(3, 4), torch.tensor([[0, 2], [3, 1], [1, 0]])])
add(I, "scatter_add", lambda x: x[0].scatter_add(1, x[2], x[1]),
    [randn(3, 4), randn(3, 2), torch.tensor([[0, 0], [3, 1], [1, 1]])])
add(I, "take_along_dim", lambda x: torch.take_along_dim(x[0], x[1], 1),
    [randn(3, 4), torch.tensor([[0, 3], [1, 1], [2, 0]])])
add(I, "take_along_dim_flat", lambda x: torch.take_along_dim(x[0], x[1]),
    [randn(3, 4), torch.tensor([0, 11, 5, 5])])
add(I, "masked_fill", lambda x: x[0].masked_fill(x[1], 2.0),
    [randn(3, 4), torch.rand(3, 4, generator=G) > 0.5])
add(I, "masked_fill_bcast", lambda x: x[0].masked_fill(x[1], -1.0),
    [randn(3, 4), torch.tensor([True, False, False, True])])
add(I, "masked_fill_tensor", lambda x: x[0].masked_fill(x[2], x[1]),
    [randn(3, 4), randn(()), torch.rand(3, 4, generator=G) > 0.5])
add(I, "masked_select", lambda x: x[0].masked_select(x[1]),
    [randn(3, 4), torch.rand(3, 4, generator=G) > 0.5])
add(I, "masked_select_bcast", lambda x: x[0].masked_select(x[1]),
    [randn(3, 4), torch.tensor([True, False, True, True])])

# ---- losses: every loss x reduction
LS = "loss"
for red in ("none", "mean", "sum"):
    a, b = randn(4, 5), randn(4, 5)
    add(LS, f"l1_{red}", lambda x: F.l1_loss(x[0], x[1], reduction=red), [a, b])
    add(LS, f"mse_{red}", lambda x: F.mse_loss(x[0], x[1], reduction=red), [a, b])
    add(LS, f"smooth_l1_{red}", lambda x: F.smooth_l1_loss(x[0], x[1], reduction=red, beta=0.5),
        [a, b])
    add(LS, f"huber_{red}", lambda x: F.huber_loss(x[0], x[1], reduction=red, delta=0.7), [a, b])
    p = pos(4, 3, lo=0.05, hi=0.95)
    t = (torch.rand(4, 3, generator=G) > 0.5).float()
    w = pos(4, 3)
    add(LS, f"bce_{red}", lambda x: F.binary_cross_entropy(x[0], x[1], reduction=red), [p, t],
        rg=[True, False])
    add(LS, f"bce_weight_{red}",
        lambda x: F.binary_cross_entropy(x[0], x[1], x[2], reduction=red), [p, t, w],
        rg=[True, False, False])
    lg = randn(4, 3) * 2
    add(LS, f"bce_logits_{red}",
        lambda x: F.binary_cross_entropy_with_logits(x[0], x[1], reduction=red), [lg, t],
        rg=[True, False])
    add(LS, f"bce_logits_pos_weight_{red}",
        lambda x: F.binary_cross_entropy_with_logits(x[0], x[1], x[2], pos_weight=x[3],
                                                     reduction=red),
        [lg, t, w, pos(3)], rg=[True, False, False, False])
    logits = randn(5, 4)
    tgt = torch.tensor([0, 3, 1, 1, 2])
    cw = pos(4)
    lsm = randn(5, 4).log_softmax(1)
    add(LS, f"nll_{red}", lambda x: F.nll_loss(x[0], x[1], reduction=red), [lsm, tgt])
    add(LS, f"nll_weight_ignore_{red}",
        lambda x: F.nll_loss(x[0], x[1], x[2], ignore_index=1, reduction=red), [lsm, tgt, cw],
        rg=[True, False, False])
    add(LS, f"cross_entropy_{red}", lambda x: F.cross_entropy(x[0], x[1], reduction=red),
        [logits, tgt])
    add(LS, f"cross_entropy_weight_{red}",
        lambda x: F.cross_entropy(x[0], x[1], x[2], ignore_index=3, reduction=red),
        [logits, tgt, cw], rg=[True, False, False])
    add(LS, f"cross_entropy_smooth_{red}",
        lambda x: F.cross_entropy(x[0], x[1], reduction=red, label_smoothing=0.2), [logits, tgt])
    add(LS, f"cross_entropy_probs_{red}",
        lambda x: F.cross_entropy(x[0], x[1], reduction=red), [logits, randn(5, 4).softmax(1)],
        rg=[True, False])
    add(LS, f"cross_entropy_4d_{red}", lambda x: F.cross_entropy(x[0], x[1], reduction=red),
        [randn(2, 3, 2, 2), torch.tensor([[[0, 2], [1, 1]], [[2, 0], [0, 1]]])])

# ---- dropout (same seed in both: PyTorch's mask stream)
D = "dropout"
add(D, "dropout", lambda x: F.dropout(x[0], 0.3, training=True), [randn(4, 5)], seed=7)
add(D, "dropout_eval", lambda x: F.dropout(x[0], 0.3, training=False), [randn(4, 5)], seed=7)
add(D, "dropout2d", lambda x: F.dropout2d(x[0], 0.5, training=True), [randn(2, 4, 3, 3)], seed=3)

write_fixture("autograd", families)


# ---- graph semantics: node wiring, error wording, printing (tests/autograd/graph_test.cpp)
def error_of(f):
    try:
        f()
    except RuntimeError as e:
        return str(e)
    raise AssertionError("expected an error")


def names(fn):
    """next_functions as nested [name, output_nr, children] lists (None edges as null)."""
    if fn is None:
        return None
    return [type(fn).__name__, [[names(n), nr] if n is not None else None
                                for n, nr in getattr(fn, "next_functions", ())]]


graph = {}
a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
b = torch.tensor([0.5, -1.0, 2.0])
c = torch.tensor([3.0, 1.0, -2.0], requires_grad=True)
graph["next_functions"] = names(((a * b + c) * a).sum().grad_fn)
graph["next_functions_addmm"] = names(
    F.linear(torch.ones(2, 3), torch.ones(4, 3, requires_grad=True),
             torch.ones(4, requires_grad=True)).grad_fn)

# .grad accumulates over two backward calls (the second through a new graph).
a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
(a * a).sum().backward()
first = a.grad.clone()
(a * 3).sum().backward()
graph["accumulate"] = {"first": tensor_json(first), "second": tensor_json(a.grad)}


def inplace_saved_output():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = x.exp()
    y.add_(1)
    y.sum().backward()


def inplace_saved_leaf_input():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    w = torch.tensor([1.0, 2.0, 3.0])
    y = x * w
    w.add_(1)
    y.sum().backward()


def inplace_saved_nonleaf_input():
    x = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    z = x.sin()
    y = z * z
    z.mul_(2)
    y.sum().backward()


def second_backward():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = (x * x).sum()
    y.backward()
    y.backward()


def inference_saved():
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    with torch.inference_mode():
        t = torch.ones(3)
    x * t


def inference_inplace():
    with torch.inference_mode():
        t = torch.ones(3)
    t.add_(1)


def inference_requires_grad():
    with torch.inference_mode():
        t = torch.ones(3)
    t.requires_grad_()


x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
graph["errors"] = {
    "inplace_saved_output": error_of(inplace_saved_output),
    "inplace_saved_leaf_input": error_of(inplace_saved_leaf_input),
    "inplace_saved_nonleaf_input": error_of(inplace_saved_nonleaf_input),
    "leaf_inplace": error_of(lambda: x.add_(1)),
    "non_scalar": error_of(lambda: (x * 2).backward()),
    "second_backward": error_of(second_backward),
    "grad_shape": error_of(lambda: (x * 2).backward(torch.ones(2))),
    "no_grad_root": error_of(lambda: torch.ones(3).sum().backward()),
    "unused": error_of(lambda: torch.autograd.grad([(x * 2).sum()],
                                                   [torch.ones(3, requires_grad=True)])),
    "input_no_grad": error_of(lambda: torch.autograd.grad([(x * 2).sum()], [torch.ones(3)])),
    "inference_saved": error_of(inference_saved),
    "inference_inplace": error_of(inference_inplace),
    "inference_requires_grad": error_of(inference_requires_grad),
    "nonleaf_requires_grad_false": error_of(lambda: (x * 2).requires_grad_(False)),
    "int_requires_grad": error_of(lambda: torch.tensor([1, 2]).requires_grad_()),
    "retain_grad_no_grad": error_of(lambda: torch.ones(2).retain_grad()),
}
graph["prints"] = {
    "add": str(torch.tensor([1.0, 2.0, 3.0], requires_grad=True) + 1),
    "leaf": str(torch.tensor([1.0, 2.0, 3.0], requires_grad=True)),
    "sum_dim": str(torch.tensor([[1.0, 2.0, 3.0]], requires_grad=True).sum(1)),
    "scalar_mul": str(torch.tensor(2.5, requires_grad=True) * 2),
    "double": str(torch.tensor([1.0, 2.0], dtype=torch.float64, requires_grad=True) * 2),
    "detached": str(torch.tensor([1.0, 2.0], requires_grad=True).detach()),
    "unbind": str(torch.tensor([1.0, 2.0], requires_grad=True).unbind(0)[1]),
    "leaf_double": str(torch.tensor([[1.0, 2.0]], dtype=torch.float64, requires_grad=True)),
}
write_fixture("autograd_graph", graph)
