"""Fixtures for vision::transforms: torchvision 0.14's tensor-path outputs (Debian's
python3-torchvision) for every deterministic functional op on uint8 and float32 images, seeded
outputs of every random transform (same torch.manual_seed -> same output, and the next random word
shows the same number of draws), and the reprs. Run: /usr/bin/python3 tools/golden/vision_transforms.py
"""
import warnings

import torch
import torchvision.transforms as T
import torchvision.transforms.functional as F
from torchvision.transforms import InterpolationMode as IM

from common import tensor_json, write_fixture

warnings.filterwarnings("ignore")
torch.manual_seed(0)
u8 = torch.randint(0, 256, (3, 13, 17), dtype=torch.uint8)
# Smooth-ish content too (resampling of noise hides little), stacked as a second test image.
yy, xx = torch.meshgrid(torch.arange(13), torch.arange(17), indexing="ij")
smooth = torch.stack([(xx * 15 + yy * 3) % 256, (yy * 19) % 256, (xx * yy) % 256]).to(torch.uint8)
f32 = u8.float() / 255
gray = u8[:1].clone()

cases = []


def add(name, fn, inputs=("u8", "f32")):
    imgs = {"u8": u8, "f32": f32, "gray": gray, "smooth": smooth, "smoothf": smooth.float() / 255}
    for key in inputs:
        try:
            out = fn(imgs[key])
            cases.append({"name": name, "input": key, "out": tensor_json(out, packed=True)})
        except Exception as e:  # noqa: BLE001
            cases.append({"name": name, "input": key, "error": str(e)})


ALL = ("u8", "f32", "smooth", "smoothf")
for size in [[7, 9], [20, 25], [13, 17], [8], [5, 30], [30, 4]]:
    for mode in [IM.BILINEAR, IM.NEAREST]:
        add(f"resize {size} {mode.value}", lambda x, s=size, m=mode: F.resize(x, s, m), ALL)
    add(f"resize {size} bilinear aa", lambda x, s=size: F.resize(x, s, IM.BILINEAR, antialias=True), ALL)
add("resize [8] max_size 10", lambda x: F.resize(x, [8], max_size=10), ALL)
add("resize [8] max_size 10 aa", lambda x: F.resize(x, [8], max_size=10, antialias=True), ALL)
add("center_crop [5, 6]", lambda x: F.center_crop(x, [5, 6]))
add("center_crop [20, 21]", lambda x: F.center_crop(x, [20, 21]))
add("center_crop [4, 18]", lambda x: F.center_crop(x, [4, 18]))
add("crop -2 3 6 20", lambda x: F.crop(x, -2, 3, 6, 20))
for pad in [[2], [1, 2], [1, 2, 3, 4], [-1, 2, 0, -3]]:
    for mode in ["constant", "edge", "reflect", "symmetric"]:
        add(f"pad {pad} {mode}", lambda x, p=pad, m=mode: F.pad(x, p, fill=7 if x.dtype == torch.uint8 else 0.25, padding_mode=m))
add("hflip", F.hflip)
add("vflip", F.vflip)
for angle in [30.0, -45.0, 90.0, 12.5]:
    for mode in [IM.NEAREST, IM.BILINEAR]:
        add(f"rotate {angle} {mode.value}", lambda x, a=angle, m=mode: F.rotate(x, a, m), ALL)
        add(f"rotate {angle} {mode.value} expand", lambda x, a=angle, m=mode: F.rotate(x, a, m, expand=True), ALL)
        add(f"rotate {angle} {mode.value} center fill", lambda x, a=angle, m=mode: F.rotate(x, a, m, center=[3, 4], fill=[10.0, 20.0, 30.0]), ALL)
add("affine shear", lambda x: F.affine(x, 0.0, [0, 0], 1.0, [20.0, 0.0], IM.BILINEAR, center=[0, 0]), ALL)
add("affine sheary", lambda x: F.affine(x, 0.0, [0, 0], 1.0, [0.0, -15.0], IM.NEAREST, center=[0, 0]), ALL)
add("affine translate", lambda x: F.affine(x, 0.0, [3, -2], 1.0, [0.0, 0.0], IM.NEAREST), ALL)
add("affine all", lambda x: F.affine(x, 17.0, [1, 2], 1.3, [5.0, 8.0], IM.BILINEAR, fill=[1.0, 2.0, 3.0]), ALL)
add("rgb_to_grayscale 1", lambda x: F.rgb_to_grayscale(x, 1))
add("rgb_to_grayscale 3", lambda x: F.rgb_to_grayscale(x, 3))
for f in [0.5, 1.7]:
    add(f"adjust_brightness {f}", lambda x, f=f: F.adjust_brightness(x, f), ALL)
for f in [0.3, 1.6]:
    add(f"adjust_contrast {f}", lambda x, f=f: F.adjust_contrast(x, f), ALL)
for f in [0.2, 1.8]:
    add(f"adjust_saturation {f}", lambda x, f=f: F.adjust_saturation(x, f), ALL)
for f in [0.2, -0.4, 0.5]:
    add(f"adjust_hue {f}", lambda x, f=f: F.adjust_hue(x, f), ALL)
for f in [0.3, 2.0]:
    add(f"adjust_sharpness {f}", lambda x, f=f: F.adjust_sharpness(x, f), ALL)
add("posterize 3", lambda x: F.posterize(x, 3), ("u8",))
add("solarize 100", lambda x: F.solarize(x, 100), ("u8",))
add("solarize 0.4", lambda x: F.solarize(x, 0.4), ("f32",))
add("autocontrast", F.autocontrast, ALL)
add("equalize", F.equalize, ("u8", "smooth"))
add("invert", F.invert)
add("normalize", lambda x: F.normalize(x, [0.5, 0.4, 0.3], [0.2, 0.25, 0.3]), ("f32",))
add("convert_image_dtype float32", lambda x: F.convert_image_dtype(x, torch.float32))
add("convert_image_dtype uint8", lambda x: F.convert_image_dtype(x, torch.uint8))
add("convert_image_dtype float64", lambda x: F.convert_image_dtype(x, torch.float64))
add("convert_image_dtype int32", lambda x: F.convert_image_dtype(x, torch.int32), ("u8",))
add("to_tensor hwc", lambda x: F.to_tensor(x.permute(1, 2, 0).contiguous().numpy()), ("u8",))
add("grayscale channels", lambda x: F.rgb_to_grayscale(x), ("gray",))

# Random transforms: seeded outputs and the next word drawn after them.
rand_cases = []


def add_random(name, t, inputs, seeds):
    imgs = {"u8": u8, "f32": f32, "smooth": smooth}
    for key in inputs:
        for s in seeds:
            torch.manual_seed(s)
            out = t(imgs[key])
            nxt = torch.randint(0, 2**31 - 1, (1,)).item()
            rand_cases.append({"name": name, "input": key, "seed": s, "out": tensor_json(out, packed=True), "next": nxt})


add_random("RandomHorizontalFlip", T.RandomHorizontalFlip(), ["u8"], range(4))
add_random("RandomVerticalFlip(0.3)", T.RandomVerticalFlip(0.3), ["u8"], range(4))
add_random("RandomCrop(8, padding=2)", T.RandomCrop(8, padding=2), ["u8", "f32"], range(3))
add_random("RandomCrop((15, 20), pad_if_needed, reflect)", T.RandomCrop((15, 20), pad_if_needed=True, padding_mode="reflect"), ["u8"], range(3))
add_random("RandomCrop((9, 9), padding=(1, 2), fill=5, edge)", T.RandomCrop((9, 9), padding=(1, 2), fill=5, padding_mode="edge"), ["u8"], range(3))
add_random("RandomResizedCrop(10)", T.RandomResizedCrop(10), ["u8", "f32", "smooth"], range(5))
add_random("RandomResizedCrop((6, 8), scale=(0.5, 0.9), antialias)", T.RandomResizedCrop((6, 8), scale=(0.5, 0.9), antialias=True), ["smooth"], range(3))
add_random("RandomResizedCrop(8, ratio=(3, 4)) fallback", T.RandomResizedCrop(8, scale=(0.95, 1.0), ratio=(3.0, 4.0)), ["u8"], range(2))
add_random("RandomRotation(30)", T.RandomRotation(30), ["u8", "f32"], range(3))
add_random("RandomRotation((10, 80), bilinear, expand, fill)", T.RandomRotation((10, 80), IM.BILINEAR, expand=True, fill=[5, 6, 7]), ["smooth"], range(3))
add_random("ColorJitter(0.4, 0.4, 0.4, 0.1)", T.ColorJitter(0.4, 0.4, 0.4, 0.1), ["u8", "f32", "smooth"], range(4))
add_random("ColorJitter(brightness=(0.5, 1.5))", T.ColorJitter(brightness=(0.5, 1.5)), ["u8"], range(2))
add_random("TrivialAugmentWide", T.TrivialAugmentWide(), ["u8", "smooth"], range(40))
add_random("TrivialAugmentWide(bilinear, fill=9)", T.TrivialAugmentWide(interpolation=IM.BILINEAR, fill=9), ["smooth"], range(20))
add_random("RandAugment", T.RandAugment(), ["u8", "smooth"], range(20))
add_random("RandAugment(3, 5, 11)", T.RandAugment(3, 5, 11), ["smooth"], range(10))
add_random("Compose", T.Compose([T.RandomResizedCrop(9), T.RandomHorizontalFlip(), T.TrivialAugmentWide(), T.ConvertImageDtype(torch.float32), T.Normalize([0.5] * 3, [0.25] * 3)]), ["smooth"], range(5))

# Op choices of TrivialAugmentWide: (op index, bin, sign) per seed, to check the sampling itself.
ta_choices = []
for s in range(200):
    torch.manual_seed(s)
    op = int(torch.randint(14, (1,)).item())
    b = -1
    sign = 0
    if op not in (0, 12, 13):
        b = int(torch.randint(31, (1,), dtype=torch.long).item())
        if op not in (10, 11):
            sign = int(torch.randint(2, (1,)).item())
    ta_choices.append([op, b, sign])

reprs = [
    repr(T.Compose([T.Resize((64, 64)), T.TrivialAugmentWide(num_magnitude_bins=31), T.ToTensor()])),
    repr(T.Resize(32, interpolation=IM.NEAREST, max_size=40, antialias=True)),
    repr(T.CenterCrop(10)), repr(T.CenterCrop((10, 12))),
    repr(T.RandomCrop(5, padding=2)), repr(T.RandomCrop((5, 6), padding=(1, 2), pad_if_needed=True)),
    repr(T.RandomResizedCrop(24)), repr(T.RandomResizedCrop((6, 8), scale=(0.5, 0.9), antialias=True)),
    repr(T.RandomHorizontalFlip()), repr(T.RandomVerticalFlip(0.3)),
    repr(T.RandomRotation(30)), repr(T.RandomRotation((10, 20), IM.BILINEAR, expand=True, center=(1, 2), fill=5)),
    repr(T.ColorJitter()), repr(T.ColorJitter(0.1, 0.2, 0.3, 0.1)), repr(T.ColorJitter(brightness=(0.5, 1.5))),
    repr(T.Grayscale()), repr(T.Grayscale(3)),
    repr(T.RandAugment()), repr(T.RandAugment(2, 9, 31, IM.BILINEAR, fill=[1, 2, 3])),
    repr(T.TrivialAugmentWide(31, IM.BILINEAR, fill=4)),
    repr(T.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])),
    repr(T.ToTensor()), repr(T.PILToTensor()), repr(T.ConvertImageDtype(torch.float32)), repr(T.Lambda(lambda x: x)),
]
write_fixture("vision_transforms", {"images": {"u8": tensor_json(u8), "smooth": tensor_json(smooth)},
                                    "cases": cases, "random": rand_cases, "ta_choices": ta_choices, "reprs": reprs})
