"""Manual check that NumPy reads what ember's save_npy writes, and that np.save writes the very
same bytes for the same values. Run with Debian's /usr/bin/python3 after building the npy test:

    /usr/bin/python3 tools/golden/npy_numpy_check.py build-linalg/tests/io_npy_test

It runs the test's NpyExport case with EMBER_NPY_EXPORT_DIR set to a temporary folder, then
loads every file with np.load and compares values (the formula of npy.py's vals()) and bytes.
"""
import io
import os
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from npy import arr  # noqa: E402  (the shared value formula)

NP = {"bool": "|b1", "uint8": "|u1", "int8": "|i1", "int16": "<i2", "int32": "<i4",
      "int64": "<i8", "float16": "<f2", "float32": "<f4", "float64": "<f8"}


def main():
    exe = sys.argv[1]
    with tempfile.TemporaryDirectory() as d:
        env = dict(os.environ, EMBER_NPY_EXPORT_DIR=d)
        subprocess.run([exe, "--gtest_filter=NpyExport.*"], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        names = sorted(os.listdir(d))
        bad = 0
        for name in names:
            dtype, shape_s = name[:-4].rsplit("_", 1)
            shape = () if shape_s == "0d" else tuple(int(x) for x in shape_s.split("x"))
            want = arr(shape, NP[dtype])
            got = np.load(os.path.join(d, name))
            buf = io.BytesIO()
            np.save(buf, want)
            with open(os.path.join(d, name), "rb") as f:
                same_bytes = f.read() == buf.getvalue()
            ok = got.dtype == want.dtype and got.shape == want.shape and \
                np.array_equal(got, want, equal_nan=want.dtype.kind == "f") and same_bytes
            print(("ok  " if ok else "BAD ") + name)
            bad += not ok
        print(f"{len(names) - bad}/{len(names)} files read back by NumPy {np.__version__} identically")
        return 1 if bad or not names else 0


if __name__ == "__main__":
    sys.exit(main())
