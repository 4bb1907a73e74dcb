"""Golden fixtures for ember's random ops beyond the shared spec vectors (rng_vectors.json):
float16/bfloat16 kernels, bulk runs of the fused/Cephes paths, non-contiguous fill order,
integer bound adjustments, randperm dtypes, Bernoulli with probability tensors, and the byte
layout of torch.get_rng_state(). Run: /usr/bin/python3 tools/golden/random_ops.py
(on an AVX2/AVX512 x86-64 CPU: the reference variant). Writes tests/fixtures/random_ops.json.
"""
import os

import torch

from common import tensor_json, write_fixture

assert os.environ.get("ATEN_CPU_CAPABILITY", "") in ("", "avx2", "avx512"), "need the AVX2 variant"

f16, bf16, f32, f64 = torch.float16, torch.bfloat16, torch.float32, torch.float64
cases = {}


def case(name, seed, fn):
    torch.manual_seed(seed)
    out = fn()
    if isinstance(out, torch.Tensor):
        out = [out]
    cases[name] = {"seed": seed, "out": [tensor_json(t) for t in out]}


def E(*shape, dtype=f32):
    return torch.empty(*shape, dtype=dtype)


def filled(x, f):
    f(x)
    return x


# ---- float16 / bfloat16 (not covered by the shared vectors)
for dt, tag in ((f16, "f16"), (bf16, "bf16")):
    case(f"rand_{tag}_40", 0, lambda dt=dt: torch.rand(40, dtype=dt))
    case(f"uniform_{tag}_a", 0, lambda dt=dt: E(40, dtype=dt).uniform_(-0.37, 1.91))
    case(f"uniform_{tag}_b", 3, lambda dt=dt: E(40, dtype=dt).uniform_(2.5, 7.25))
    case(f"randn_{tag}_5", 0, lambda dt=dt: torch.randn(5, dtype=dt))
    case(f"randn_{tag}_40", 0, lambda dt=dt: torch.randn(40, dtype=dt))
    case(f"normal_{tag}_5", 0, lambda dt=dt: E(5, dtype=dt).normal_(0.3, 1.7))
    case(f"normal_{tag}_40", 0, lambda dt=dt: E(40, dtype=dt).normal_(0.3, 1.7))
    case(f"normal_{tag}_40_b", 9, lambda dt=dt: E(40, dtype=dt).normal_(-2.5, 0.37))

# ---- bulk runs: fused uniform, Cephes float32 block path, float64 block path
case("bulk_uniform_f32", 7, lambda: E(1000).uniform_(-0.37, 1.91))
case("bulk_uniform_f64", 8, lambda: E(400, dtype=f64).uniform_(-3.3, 0.123))
case("bulk_normal_f32", 11, lambda: E(1000).normal_(0.3, 1.7))
case("bulk_randn_f32", 12, lambda: torch.randn(999))
case("bulk_normal_f64", 13, lambda: E(401, dtype=f64).normal_(-1.25, 0.6))
case("bulk_normal_f32_noncontig", 14, lambda: filled(E(40, 25), lambda x: x.t().normal_(0.3, 1.7)))

# ---- fill order of non-contiguous tensors (memory order)
case("uniform_transposed", 1, lambda: filled(E(5, 7), lambda x: x.t().uniform_()))
case("uniform_step", 2, lambda: filled(torch.zeros(20), lambda x: x[::3].uniform_(-1, 1)))
case("uniform_permuted", 3, lambda: filled(E(2, 3, 4), lambda x: x.permute(2, 0, 1).uniform_()))
case("uniform_nondense", 4, lambda: filled(torch.zeros(4, 6, dtype=f64), lambda x: x[:, ::2].t().uniform_()))
case("random_transposed", 5, lambda: filled(E(4, 5, dtype=torch.int64), lambda x: x.t().random_(0, 100)))
case("bernoulli_transposed", 6, lambda: filled(E(6, 5), lambda x: x.t().bernoulli_(0.4)))
case("randn_like_transposed", 7, lambda: torch.randn_like(E(8, 4).t()))
case("rand_like_transposed_f64", 8, lambda: torch.rand_like(E(3, 5, dtype=f64).t()))

# ---- integers
case("randint_int8", 0, lambda: torch.randint(-3, 4, (10,), dtype=torch.int8))
case("randint_uint8", 0, lambda: torch.randint(0, 256, (10,), dtype=torch.uint8))
case("randint_bool", 0, lambda: torch.randint(0, 2, (10,), dtype=torch.bool))
case("randint_int16", 1, lambda: torch.randint(-300, 301, (10,), dtype=torch.int16))
case("randint_int32", 1, lambda: torch.randint(-2**31, 2**31 - 1, (6,), dtype=torch.int32))
case("randint_f64_64bit", 0, lambda: torch.randint(-5, 2**40, (4,), dtype=f64))
case("randint_f32_64bit", 0, lambda: torch.randint(0, 2**33, (4,), dtype=f32))
case("randint_bf16_64bit", 0, lambda: torch.randint(0, 2**33, (4,), dtype=bf16))
case("randint_f16", 2, lambda: torch.randint(-100, 1000, (8,), dtype=f16))
case("randint_full_int64", 0, lambda: torch.randint(-2**63, 2**63 - 1, (4,)))
case("randint_high_only", 3, lambda: torch.randint(7, (2, 3)))
case("random_from_int32", 0, lambda: E(4, dtype=torch.int32).random_(5, None))
case("random_from_f16", 0, lambda: E(6, dtype=f16).random_(3, None))
case("random_from_bool", 0, lambda: E(6, dtype=torch.bool).random_(0, None))
case("random_full_f32", 0, lambda: E(4).random_(-2**63, None))
case("random_full_bf16", 0, lambda: E(4, dtype=bf16).random_(-2**63, None))
case("random_full_f64", 0, lambda: E(4, dtype=f64).random_(-2**63, None))
case("random_update_to_f32", 0, lambda: E(6).random_(0, 2**25))
case("random_update_from_f32", 0, lambda: E(6).random_(-33554439, -33554000))
case("random_to_uint8", 4, lambda: E(6, dtype=torch.uint8).random_(200))
case("random_plain_f64_more", 5, lambda: E(6, dtype=f64).random_())

# ---- randperm
case("randperm_5000_then_rand", 0, lambda: [torch.randperm(5000), torch.rand(2)])
for dt in (torch.int8, torch.uint8, torch.int16, torch.int32, f16, bf16, f32, f64):
    case("randperm_10_" + str(dt).replace("torch.", ""), 0, lambda dt=dt: torch.randperm(10, dtype=dt))
case("randperm_300_bf16", 1, lambda: torch.randperm(300, dtype=bf16))
case("randperm_256_uint8", 2, lambda: torch.randperm(256, dtype=torch.uint8))
case("randperm_0_then_rand", 0, lambda: [torch.randperm(0), torch.rand(2)])

# ---- bernoulli
for dt in (torch.int64, torch.bool, torch.uint8, f64, bf16):
    case("bernoulli_scalar_" + str(dt).replace("torch.", ""), 0, lambda dt=dt: E(10, dtype=dt).bernoulli_(0.3))
case("bernoulli_p_f64", 0, lambda: torch.bernoulli(torch.full((2, 3), 0.3, dtype=f64)))
case("bernoulli_p_bf16", 0, lambda: torch.bernoulli(torch.full((8,), 0.3, dtype=bf16)))
P_VARIED = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 0.05]
case("bernoulli_p_varied", 1, lambda: torch.bernoulli(torch.tensor(P_VARIED)))
case("bernoulli_p_broadcast", 2, lambda: E(2, 3).bernoulli_(torch.tensor([0.2, 0.5, 0.9])))
case("bernoulli_p_int64_self", 3, lambda: E(2, 3, dtype=torch.int64).bernoulli_(torch.full((2, 3), 0.5)))
case("bernoulli_p_transposed", 4,
     lambda: filled(E(3, 4), lambda x: x.t().bernoulli_(torch.tensor(P_VARIED).reshape(4, 3))))
case("bernoulli_input_p", 5, lambda: torch.bernoulli(torch.zeros(3, 4, dtype=f64), 0.7))

# ---- normal / generator plumbing
case("normal_f64_sizes", 0, lambda: torch.normal(0.3, 1.7, (5,), dtype=f64))
case("normal_f32_sizes_20", 0, lambda: torch.normal(-1.0, 0.5, (4, 5)))
case("generator_does_not_touch_global", 0,
     lambda: [torch.rand(5, generator=torch.Generator().manual_seed(3)), torch.rand(2)])
case("normal_std0", 0, lambda: [E(20).normal_(1.5, 0.0), torch.rand(1)])

# ---- get_rng_state bytes after a scalar-path normal left a cached value
torch.manual_seed(0)
torch.randn(3)
torch.rand(5)
state = torch.get_rng_state()
write_fixture("random_ops", {"cases": cases, "rng_state_seed0_randn3_rand5": bytes(state.tolist()).hex()})
