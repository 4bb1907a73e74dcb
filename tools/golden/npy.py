"""Golden .npy files for tests/io/npy_test.cpp, written by NumPy itself (run with Debian's
/usr/bin/python3): several dtypes, C and Fortran order, big-endian, 0-d and empty arrays, format
versions 1.0/2.0/3.0. Writes tests/fixtures/npy/*.npy and tests/fixtures/npy.json, which lists
each file with its expected values (row-major) and whether np.save wrote it with default
arguments (then ember's save of the same values must reproduce the file byte for byte).
"""
import os

import numpy as np
import torch

from common import FIXTURES, tensor_json, write_fixture

OUT = os.path.join(FIXTURES, "npy")


def vals(n, dtype, seed=0):
    """The value formula shared with npy_test.cpp and npy_numpy_check.py."""
    i = np.arange(n, dtype=np.int64)
    raw = i * 37 + 11 + seed * 101
    dt = np.dtype(dtype)
    if dt.kind == "b":
        return raw % 3 == 0
    if dt.kind == "f":
        return ((raw % 2003 - 1001).astype(np.float64) / 997.0).astype(dt)
    return (raw % 19 - 9).astype(dt)


def arr(shape, dtype, seed=0):
    n = int(np.prod(shape)) if len(shape) else 1
    return vals(n, dtype, seed).reshape(shape)


FILES = []


def add(name, a, version=None, default_save=False):
    path = os.path.join(OUT, name)
    if version is None:
        np.save(path, a)
    else:
        with open(path, "wb") as f:
            np.lib.format.write_array(f, a, version=version)
    native = np.array(a.astype(a.dtype.newbyteorder("=")), order="C")  # keeps 0-d arrays 0-d
    FILES.append({"file": name, "default_save": default_save,
                  "expected": tensor_json(torch.from_numpy(native.copy()))})


def main():
    os.makedirs(OUT, exist_ok=True)
    for old in os.listdir(OUT):
        os.remove(os.path.join(OUT, old))

    # C order, little-endian, default np.save: ember must write the same bytes.
    for dt in ("<f4", "<f8", "<f2", "<i8", "<i4", "<i2", "|i1", "|u1", "|b1"):
        add(f"c_{dt[1:]}.npy", arr((3, 4), dt), default_save=True)
    add("c_f8_3d.npy", arr((2, 3, 4), "<f8", 1), default_save=True)
    add("c_i8_long_axis.npy", arr((1234,), "<i8", 2), default_save=True)
    add("c_f4_0d.npy", np.array(np.float32(2.5)), default_save=True)
    add("c_i8_0d.npy", np.array(-7, dtype=np.int64), default_save=True)
    add("c_f4_empty.npy", np.zeros((0, 3), np.float32), default_save=True)
    add("c_b1_empty_1d.npy", np.zeros((0,), np.bool_), default_save=True)
    special = np.array([np.nan, np.inf, -np.inf, -0.0, 1e-45, 3.4028235e38, 65504.0, 6e-8], np.float32)
    add("c_f4_special.npy", special, default_save=True)
    with np.errstate(over="ignore"):  # 3.4e38 becomes inf in float16, on purpose
        add("c_f2_special.npy", special.astype(np.float16), default_save=True)
    add("c_i8_extremes.npy", np.array([2**63 - 1, -2**63, 0, -1], np.int64), default_save=True)

    # Fortran order.
    add("f_f8.npy", np.asfortranarray(arr((3, 4, 2), "<f8", 3)))
    add("f_i4.npy", np.asfortranarray(arr((2, 5), "<i4", 4)))
    add("f_f4_empty.npy", np.asfortranarray(np.zeros((2, 0), np.float32)))

    # Big-endian.
    for dt in (">f8", ">f4", ">f2", ">i8", ">i4", ">i2"):
        add(f"be_{dt[1:]}.npy", arr((2, 3), dt, 5))
    add("be_f8_fortran.npy", np.asfortranarray(arr((3, 2), ">f8", 6)))

    # Header versions 2.0 and 3.0.
    add("v2_f4.npy", arr((4, 2), "<f4", 7), version=(2, 0))
    add("v3_i2.npy", arr((5,), "<i2", 8), version=(3, 0))

    write_fixture("npy", {"numpy_version": np.__version__, "files": FILES})
    print(len(FILES), "files in", os.path.relpath(OUT))


if __name__ == "__main__":
    main()
