#!/usr/bin/env python3
"""Writes the seed corpora of the IDX and image fuzz targets (fuzz/corpus/idx, fuzz/corpus/image).

The other targets' seeds come from tools/golden (real PyTorch files). Run from the repository root
with any python3: python3 fuzz/make_corpus.py
"""
import gzip
import os
import struct

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def idx(code, fmt, sizes, values):
    head = bytes([0, 0, code, len(sizes)]) + b"".join(struct.pack(">I", s) for s in sizes)
    return head + b"".join(struct.pack(">" + fmt, v) for v in values)


def main():
    out = os.path.join(ROOT, "fuzz", "corpus", "idx")
    os.makedirs(out, exist_ok=True)
    files = {
        "u8_2x3.idx": idx(0x08, "B", [2, 3], [0, 1, 2, 253, 254, 255]),
        "i8_4.idx": idx(0x09, "b", [4], [-128, -1, 0, 127]),
        "i16_2x2.idx": idx(0x0B, "h", [2, 2], [-32768, -1, 1, 32767]),
        "i32_3.idx": idx(0x0C, "i", [3], [-(2**31), 0, 2**31 - 1]),
        "f32_2.idx": idx(0x0D, "f", [2], [1.5, -0.25]),
        "f64_1x2x1.idx": idx(0x0E, "d", [1, 2, 1], [3.25, -1e300]),
        "scalar.idx": idx(0x08, "B", [], [7]),
        "empty.idx": idx(0x08, "B", [0, 28, 28], []),
        "images_3x4x4.idx": idx(0x08, "B", [3, 4, 4], list(range(48))),
    }
    for name, data in files.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
    for name in ["u8_2x3.idx", "images_3x4x4.idx", "f64_1x2x1.idx"]:
        with open(os.path.join(out, name + ".gz"), "wb") as f:
            f.write(gzip.compress(files[name], mtime=0))
    # Two concatenated gzip members.
    with open(os.path.join(out, "two_members.idx.gz"), "wb") as f:
        half = len(files["i16_2x2.idx"]) // 2
        f.write(gzip.compress(files["i16_2x2.idx"][:half], mtime=0))
        f.write(gzip.compress(files["i16_2x2.idx"][half:], mtime=0))

    # Images: the first byte selects the read mode (0..4), the rest is the file.
    out = os.path.join(ROOT, "fuzz", "corpus", "image")
    os.makedirs(out, exist_ok=True)
    src = os.path.join(ROOT, "tests", "fixtures", "images")
    for i, name in enumerate(sorted(os.listdir(src))):
        with open(os.path.join(src, name), "rb") as f:
            data = f.read()
        with open(os.path.join(out, name), "wb") as f:
            f.write(bytes([i % 5]) + data)


if __name__ == "__main__":
    main()
