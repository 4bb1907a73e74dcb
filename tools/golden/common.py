"""Shared helpers for golden-fixture generators (run with Debian's /usr/bin/python3 + python3-torch).

A fixture tensor is {"dtype": "float32", "shape": [2, 3], "data": [...row-major...]}; non-finite
floats are written as "nan", "inf", "-inf"; float values are written exactly (float16/bfloat16/
float32 values are exactly representable as doubles, and Python writes doubles round-trip). Large
tensors may instead carry their raw little-endian bytes: {"dtype", "shape", "b64": "..."}.
Fixtures go to tests/fixtures/<name>.json; tests/support/fixture.h reads them.
"""
import base64
import json
import math
import os

import torch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, "tests", "fixtures")


def _num(v):
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
    return v


def tensor_json(t, packed=False):
    """A tensor as a fixture object (any layout; data is written in row-major order).

    packed=True writes the raw little-endian bytes in base64 ("b64" instead of "data"): exact for
    every dtype and about 3x smaller, for large image fixtures."""
    t = t.detach()
    if packed:
        raw = t.contiguous().reshape(-1).view(torch.uint8).numpy().tobytes() if t.numel() else b""
        return {"dtype": str(t.dtype).replace("torch.", ""), "shape": list(t.shape),
                "b64": base64.b64encode(raw).decode("ascii")}
    dtype = str(t.dtype).replace("torch.", "")
    flat = t.reshape(-1)
    if t.dtype in (torch.float16, torch.bfloat16):
        flat = flat.double()
    return {"dtype": dtype, "shape": list(t.shape), "data": [_num(v) for v in flat.tolist()]}


def write_fixture(name, obj):
    """Writes tests/fixtures/<name>.json (stable key order, compact)."""
    os.makedirs(FIXTURES, exist_ok=True)
    path = os.path.join(FIXTURES, name + ".json")
    with open(path, "w") as f:
        json.dump(obj, f, separators=(",", ":"), sort_keys=False)
        f.write("\n")
    print("wrote", os.path.relpath(path, ROOT))
