"""Fixtures for vision::io: small PNG/JPEG files (tests/fixtures/images/) made with PIL, and what
torchvision 0.14's io (Debian's python3-torchvision) decodes from them in every ImageReadMode,
including corrupted variants (truncated, bit-flipped) and torchvision's own encoder output.
Run: /usr/bin/python3 tools/golden/vision_io.py
"""
import os

import numpy as np
import torch
import torchvision.io as tio
from PIL import Image

from common import ROOT, tensor_json, write_fixture

IMAGES = os.path.join(ROOT, "tests", "fixtures", "images")
os.makedirs(IMAGES, exist_ok=True)
rng = np.random.default_rng(4)


def smooth(h, w, c):
    # Smooth gradients plus a little noise: compresses like a photo, exercises every value.
    y, x = np.mgrid[0:h, 0:w]
    chans = [(x * 255 // max(w - 1, 1) + k * 60 + (y * 7)) % 256 for k in range(c)]
    a = np.stack(chans, -1).astype(np.int32) + rng.integers(-8, 9, (h, w, c))
    return np.clip(a, 0, 255).astype(np.uint8)


def save(name, img, **kw):
    img.save(os.path.join(IMAGES, name), **kw)
    return name


files = []
files.append(save("rgb.png", Image.fromarray(smooth(12, 16, 3), "RGB")))
files.append(save("rgba.png", Image.fromarray(smooth(9, 7, 4), "RGBA")))
files.append(save("gray.png", Image.fromarray(smooth(10, 11, 1)[:, :, 0], "L")))
files.append(save("gray_alpha.png", Image.fromarray(smooth(6, 8, 2), "LA")))
files.append(save("palette.png", Image.fromarray(smooth(8, 9, 3), "RGB").convert("P", palette=Image.ADAPTIVE, colors=16)))
pt = Image.fromarray(smooth(8, 9, 3), "RGB").convert("P", palette=Image.ADAPTIVE, colors=16)
pt.info["transparency"] = 3
files.append(save("palette_trns.png", pt, transparency=3))
files.append(save("gray1bit.png", Image.fromarray(smooth(7, 13, 1)[:, :, 0] > 128)))
g16 = (smooth(5, 6, 1)[:, :, 0].astype(np.uint16) * 257).astype(np.int32)
files.append(save("gray16.png", Image.fromarray(g16, "I").convert("I;16")))
files.append(save("rgb.jpg", Image.fromarray(smooth(16, 24, 3), "RGB"), quality=90))
files.append(save("rgb_q50_444.jpg", Image.fromarray(smooth(13, 11, 3), "RGB"), quality=50, subsampling=0))
files.append(save("gray.jpg", Image.fromarray(smooth(9, 17, 1)[:, :, 0], "L"), quality=85))
files.append(save("progressive.jpg", Image.fromarray(smooth(20, 18, 3), "RGB"), quality=80, progressive=True))

modes = list(tio.ImageReadMode)


def decode(data, mode):
    try:
        return {"tensor": tensor_json(tio.decode_image(data, mode))}
    except RuntimeError as e:
        return {"error": str(e)}


cases = []
for f in files:
    data = tio.read_file(os.path.join(IMAGES, f))
    for m in modes:
        cases.append({"file": f, "mode": m.value, **decode(data, m)})

# Corruptions of the RGB PNG and JPEG: truncations and byte flips.
corrupt = []
for f in ["rgb.png", "rgb.jpg", "progressive.jpg"]:
    data = tio.read_file(os.path.join(IMAGES, f))
    n = data.numel()
    for cut in [n // 4, n // 2, n - 20, n - 2]:
        corrupt.append({"file": f, "kind": "truncate", "at": cut, **decode(data[:cut].clone(), tio.ImageReadMode.UNCHANGED)})
    for pos in [n // 3, n // 2, (2 * n) // 3]:
        d = data.clone()
        d[pos] ^= 0xFF
        corrupt.append({"file": f, "kind": "flip", "at": pos, **decode(d, tio.ImageReadMode.UNCHANGED)})

# torchvision's encoders on a fixed image (bytes and decoded values).
img = torch.from_numpy(smooth(10, 14, 3)).permute(2, 0, 1).contiguous()
gray = img[:1].contiguous()
encoded = {
    "image": tensor_json(img),
    "gray": tensor_json(gray),
    "png6": tensor_json(tio.encode_png(img, 6)),
    "png0": tensor_json(tio.encode_png(img, 0)),
    "png9_gray": tensor_json(tio.encode_png(gray, 9)),
    "jpeg75": tensor_json(tio.encode_jpeg(img, 75)),
    "jpeg95_gray": tensor_json(tio.encode_jpeg(gray, 95)),
}
write_fixture("vision_io", {"cases": cases, "corrupt": corrupt, "encoded": encoded})
