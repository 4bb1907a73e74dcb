"""Fixtures for the data layer (tests/data/*, tests/vision/mnist_test.cpp): DataLoader shuffle
orders and seed consumption, random_split, RandomSampler / WeightedRandomSampler draws, random
transforms inside worker processes, and FashionMNIST statistics from Debian's
dataset-fashion-mnist files read through torchvision. Run: /usr/bin/python3 tools/golden/data.py
"""
import gzip
import os
import shutil
import tempfile

import torch
from torch.utils.data import (DataLoader, Dataset, RandomSampler, TensorDataset,
                              WeightedRandomSampler, random_split)

from common import tensor_json, write_fixture


def batches(loader):
    return [[int(v) for v in b[0].reshape(-1).tolist()] for b in loader]


class RandomItems(Dataset):
    """get(i) = i + torch.rand(1): shows which generator a worker uses."""

    def __len__(self):
        return 10

    def __getitem__(self, i):
        return torch.rand(2) + i, i


def loader_cases():
    out = {}
    torch.manual_seed(42)
    dl = DataLoader(TensorDataset(torch.arange(10)), batch_size=3, shuffle=True)
    out["shuffle_10_b3_3epochs"] = [batches(dl) for _ in range(3)]
    out["after_3epochs_rand"] = tensor_json(torch.rand(2))

    torch.manual_seed(7)
    dl = DataLoader(TensorDataset(torch.arange(100)), batch_size=32, shuffle=True, drop_last=True)
    out["shuffle_100_b32_droplast_2epochs"] = [batches(dl) for _ in range(2)]

    torch.manual_seed(3)
    dl = DataLoader(TensorDataset(torch.arange(7)), batch_size=2)
    out["sequential_7_b2"] = batches(dl)
    out["sequential_after_rand"] = tensor_json(torch.rand(2))  # base seeds still drawn

    g = torch.Generator().manual_seed(0)
    dl = DataLoader(TensorDataset(torch.arange(10)), batch_size=4, shuffle=True, generator=g)
    out["user_generator_2epochs"] = [batches(dl) for _ in range(2)]
    out["user_generator_after_rand"] = tensor_json(torch.rand(2, generator=g))

    # Random transforms in workers: worker w is seeded with base_seed + w.
    for workers in (0, 2):
        torch.manual_seed(123)
        dl = DataLoader(RandomItems(), batch_size=2, shuffle=True, num_workers=workers)
        epochs = []
        for _ in range(2):
            epochs.append([{"data": tensor_json(x), "target": tensor_json(y)} for x, y in dl])
        out["random_items_workers%d" % workers] = epochs
        out["random_items_workers%d_after_rand" % workers] = tensor_json(torch.rand(2))
    torch.manual_seed(321)
    dl = DataLoader(RandomItems(), batch_size=3, shuffle=True, num_workers=2, persistent_workers=True)
    out["random_items_persistent"] = [[{"data": tensor_json(x), "target": tensor_json(y)} for x, y in dl]
                                      for _ in range(3)]
    out["random_items_persistent_after_rand"] = tensor_json(torch.rand(2))
    return out


def split_cases():
    out = {}
    parts = random_split(range(10), [3, 7], generator=torch.Generator().manual_seed(42))
    out["lengths_3_7_seed42"] = [list(p.indices) for p in parts]
    parts = random_split(range(30), [0.3, 0.3, 0.4], generator=torch.Generator().manual_seed(42))
    out["fractions_30_seed42"] = [list(p.indices) for p in parts]
    parts = random_split(range(11), [0.5, 0.5], generator=torch.Generator().manual_seed(5))
    out["fractions_11_halves_seed5"] = [list(p.indices) for p in parts]
    parts = random_split(range(10), [0.1, 0.2, 0.3, 0.4], generator=torch.Generator().manual_seed(1))
    out["fractions_10_quarters_seed1"] = [list(p.indices) for p in parts]
    torch.manual_seed(1)
    parts = random_split(range(10), [5, 5])
    out["default_generator_seed1"] = [list(p.indices) for p in parts]
    out["default_generator_after_rand"] = tensor_json(torch.rand(2))
    return out


def sampler_cases():
    out = {}
    torch.manual_seed(1)
    out["random_replacement_10_5_seed1"] = list(RandomSampler(range(10), replacement=True, num_samples=5))
    torch.manual_seed(2)
    out["random_replacement_10_70_seed2"] = list(RandomSampler(range(10), replacement=True, num_samples=70))
    torch.manual_seed(3)
    out["random_10_num25_seed3"] = list(RandomSampler(range(10), num_samples=25))
    w = [0.1, 0.9, 0.4, 0.7, 3.0, 0.6]
    out["weights"] = w
    torch.manual_seed(0)
    out["weighted_replacement_20_seed0"] = list(WeightedRandomSampler(w, 20, replacement=True))
    out["weighted_after_rand"] = tensor_json(torch.rand(2))
    torch.manual_seed(0)
    out["weighted_no_replacement_4_seed0"] = list(WeightedRandomSampler(w, 4, replacement=False))
    torch.manual_seed(4)
    out["weighted_one_sample_seed4"] = [list(WeightedRandomSampler(w, 1)) for _ in range(8)]
    torch.manual_seed(9)
    big = torch.rand(300, dtype=torch.double).tolist()
    torch.manual_seed(11)
    out["big_weights"] = big
    out["weighted_big_1000_seed11"] = list(WeightedRandomSampler(big, 1000))
    torch.manual_seed(12)
    out["weighted_big_no_replacement_150_seed12"] = list(WeightedRandomSampler(big, 150, replacement=False))
    return out


def fashion_cases():
    import torchvision
    src = "/usr/share/datasets/fashion-mnist"
    tmp = tempfile.mkdtemp()
    try:
        raw = os.path.join(tmp, "FashionMNIST", "raw")
        os.makedirs(raw)
        for name in os.listdir(src):
            with gzip.open(os.path.join(src, name)) as fi, open(os.path.join(raw, name[:-3]), "wb") as fo:
                shutil.copyfileobj(fi, fo)
        out = {}
        for split, train in (("train", True), ("test", False)):
            ds = torchvision.datasets.FashionMNIST(tmp, train=train)
            tt = torchvision.datasets.FashionMNIST(tmp, train=train, transform=torchvision.transforms.ToTensor())
            img0 = tt[0][0]
            out[split] = {
                "size": len(ds),
                "data_shape": list(ds.data.shape),
                "first_targets": ds.targets[:20].tolist(),
                "target_counts": torch.bincount(ds.targets, minlength=10).tolist(),
                "first_pixel_sums": [int(ds.data[i].long().sum()) for i in range(5)],
                "last_pixel_sum": int(ds.data[-1].long().sum()),
                "total_pixel_sum": int(ds.data.long().sum()),
                "image0_to_tensor": tensor_json(img0),
                "image0_pixel_7_13": int(ds.data[0, 7, 13]),
            }
        out["classes"] = ds.classes
        out["class_to_idx"] = ds.class_to_idx
        return out
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    write_fixture("data", {
        "loader": loader_cases(),
        "random_split": split_cases(),
        "samplers": sampler_cases(),
        "fashion_mnist": fashion_cases(),
    })
