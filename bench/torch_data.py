"""The PyTorch side of bench/data_bench.cpp: same workloads, same names, seconds per call.
FashionMNIST is read by torchvision from an uncompressed copy of Debian's files."""
import atexit
import gzip
import os
import shutil
import tempfile

import torch
import torchvision
from torch.utils.data import DataLoader, TensorDataset

from torch_ops import time_call

SRC = "/usr/share/datasets/fashion-mnist"


def fashion_test():
    tmp = tempfile.mkdtemp()
    atexit.register(shutil.rmtree, tmp, True)
    raw = os.path.join(tmp, "FashionMNIST", "raw")
    os.makedirs(raw)
    for name in os.listdir(SRC):
        with gzip.open(os.path.join(SRC, name)) as fi, open(os.path.join(raw, name[:-3]), "wb") as fo:
            shutil.copyfileobj(fi, fo)
    return torchvision.datasets.FashionMNIST(tmp, train=False,
                                             transform=torchvision.transforms.ToTensor())


def epoch_fn(loader):
    def epoch():
        n = 0
        for X, y in loader:
            n += y.shape[0]
        return n
    return epoch


def workloads():
    torch.manual_seed(0)
    ds = fashion_test()
    td = TensorDataset(torch.randn(10000, 784), torch.randint(0, 10, (10000,)))
    return {
        "fmnist_test_epoch_w0": epoch_fn(DataLoader(ds, batch_size=32, shuffle=True)),
        "fmnist_test_epoch_w2": epoch_fn(DataLoader(ds, batch_size=32, shuffle=True, num_workers=2)),
        "tensordataset_epoch_b32": epoch_fn(DataLoader(td, batch_size=32, shuffle=True)),
    }


def run():
    return {name: time_call(fn) for name, fn in workloads().items()}
