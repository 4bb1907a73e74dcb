"""The PyTorch side of bench/ops_bench.cpp: same workloads, same names, seconds per call."""
import timeit

import torch


def workloads():
    r = torch.rand
    a2, b2 = r(2, 2), r(2, 2)
    A, B = r(4096, 1024), r(4096, 1024)
    M = r(256, 1024)
    E = torch.empty(4096, 1024)
    X = r(4096, 1024)
    m1, m2 = r(512, 512), r(512, 512)
    S4, G4 = r(800, 4), r(800, 4)
    S4g = r(800, 4).requires_grad_(True)

    def fwd_bwd():
        S4g.log_softmax(1).backward(G4)
        S4g.grad = None
    return {
        "tiny_add": lambda: a2 + b2,
        "tiny_mul_scalar": lambda: a2 * 2.0,
        "tiny_matmul": lambda: a2 @ b2,
        "tiny_sum": lambda: a2.sum(),
        "tiny_view": lambda: a2.view(4),
        "large_add": lambda: A + B,
        "large_add_inplace": lambda: X.add_(B),
        "large_exp": lambda: A.exp(),
        "large_copy": lambda: E.copy_(A),
        "large_sum": lambda: A.sum(),
        "large_sum_dim1": lambda: A.sum(1),
        "large_softmax": lambda: A.softmax(1),
        "large_sum_dim0": lambda: A.sum(0),
        "large_log_softmax": lambda: A.log_softmax(1),
        "mid_sum": lambda: M.sum(),
        "mid_sum_dim1": lambda: M.sum(1),
        "mid_softmax": lambda: M.softmax(1),
        "short_rows_softmax": lambda: S4.softmax(1),
        "short_rows_log_softmax_fwd_bwd": fwd_bwd,
        "sgemm_512": lambda: m1 @ m2,
    }


def time_call(fn, min_time=0.3):
    n = 1
    while True:
        t = timeit.timeit(fn, number=n)
        if t >= min_time:
            return t / n
        n *= 2 if t < min_time / 10 else max(2, int(min_time / max(t, 1e-9) * n) // n + 1)


def run():
    return {name: time_call(fn) for name, fn in workloads().items()}
