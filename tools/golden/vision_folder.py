"""Fixture for vision::datasets::ImageFolder / DatasetFolder: a small directory tree (file list
below), and the classes, class_to_idx and samples (relative paths) that torchvision 0.14's
ImageFolder / DatasetFolder find in it, plus its error messages. The C++ test rebuilds the tree.
Run: /usr/bin/python3 tools/golden/vision_folder.py
"""
import os
import tempfile

import numpy as np
from PIL import Image
from torchvision.datasets import DatasetFolder, ImageFolder

from common import write_fixture

FILES = [
    "a_class/img1.png", "a_class/B.PNG", "a_class/sub/z.jpg", "a_class/sub/deeper/x.png",
    "a_class/notes.txt", "a_class/a_sub_first.png", "Zebra/1.png", "Zebra/0.jpeg",
    "b class/x.jpeg", "b class/y.TXT", "c/.hidden.png", "c/under_score.webp", "root_file.png",
]


def build(root, files):
    for rel in files:
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if rel.lower().endswith((".png", ".jpg", ".jpeg", ".webp")):
            fmt = {"png": "PNG", "jpg": "JPEG", "jpeg": "JPEG", "webp": "PNG"}[rel.rsplit(".", 1)[1].lower()]
            Image.fromarray(np.full((4, 5, 3), len(rel), np.uint8)).save(path, format=fmt)
        else:
            open(path, "w").write("text")


def rel(root, samples):
    return [[os.path.relpath(p, root), c] for p, c in samples]


with tempfile.TemporaryDirectory() as tmp:
    root = os.path.join(tmp, "data")
    build(root, FILES)
    img = ImageFolder(root)
    out = {"files": FILES, "classes": img.classes, "class_to_idx": img.class_to_idx,
           "samples": rel(root, img.samples), "targets": img.targets}
    txt = DatasetFolder(root, loader=lambda p: p, is_valid_file=lambda p: p.lower().endswith(".txt") or "Zebra" in p or "/c/" in p)
    out["custom_valid"] = rel(root, txt.samples)
    try:
        DatasetFolder(root, loader=lambda p: p, extensions=(".txt",))
    except FileNotFoundError as e:
        out["no_valid_error"] = str(e).replace(root, "ROOT")
    empty = os.path.join(tmp, "empty")
    os.makedirs(empty)
    open(os.path.join(empty, "x.png"), "w").write("")
    try:
        ImageFolder(empty)
    except FileNotFoundError as e:
        out["no_class_error"] = str(e).replace(empty, "ROOT")
write_fixture("vision_folder", out)
