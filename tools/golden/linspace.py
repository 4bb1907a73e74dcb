"""Fixtures for tests/core/linspace_test.cpp: torch.linspace for every dtype over step counts that
reach PyTorch's vectorised fill (two vectors per iteration, then a scalar tail) and both halves
(the first half counts up from start, the second half down from end).

Run with Debian's /usr/bin/python3 (python3-torch 1.13) on an AVX2 machine.
"""
import torch

from common import tensor_json, write_fixture

STEPS = [0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 47, 50, 64, 100, 131]
RANGES = [(0, 1), (-3, 3), (-1.7, 2.3), (10, -10), (1e-3, 1e3), (0.1, 0.7)]
INT_RANGES = [(0, 255), (-7, 9), (100, 3)]
cases = []
for dtype in [torch.float32, torch.float64, torch.float16, torch.bfloat16]:
    for start, end in RANGES:
        for steps in STEPS:
            cases.append({"start": start, "end": end, "steps": steps,
                          "out": tensor_json(torch.linspace(start, end, steps, dtype=dtype))})
for dtype in [torch.int64, torch.int32, torch.int16, torch.uint8]:
    for start, end in INT_RANGES:
        if dtype == torch.uint8 and min(start, end) < 0:
            continue
        for steps in STEPS:
            cases.append({"start": start, "end": end, "steps": steps,
                          "out": tensor_json(torch.linspace(start, end, steps, dtype=dtype))})
write_fixture("linspace", {"cases": cases})
print(len(cases), "cases")
