"""The PyTorch side of bench/conv_bench.cpp: same workloads, same names, seconds per call."""
import torch
import torch.nn as nn
import torch.nn.functional as F

from torch_ops import time_call


class TinyVGG(nn.Module):
    def __init__(self, in_ch, hidden, out, side):
        super().__init__()
        self.block_1 = nn.Sequential(nn.Conv2d(in_ch, hidden, 3, padding=1), nn.ReLU(),
                                     nn.Conv2d(hidden, hidden, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2))
        self.block_2 = nn.Sequential(nn.Conv2d(hidden, hidden, 3, padding=1), nn.ReLU(),
                                     nn.Conv2d(hidden, hidden, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2))
        self.classifier = nn.Sequential(nn.Flatten(), nn.Linear(hidden * (side // 4) ** 2, out))

    def forward(self, x):
        return self.classifier(self.block_2(self.block_1(x)))


def step_fn(channels, side):
    torch.manual_seed(0)
    model = TinyVGG(channels, 10, 10, side)
    x = torch.randn(32, channels, side, side)
    y = torch.randint(0, 10, (32,))

    def step():
        model.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
    return step


def workloads():
    torch.manual_seed(0)
    model = TinyVGG(1, 10, 10, 28)
    x28 = torch.randn(32, 1, 28, 28)
    x = torch.randn(32, 10, 28, 28)
    w, b = torch.randn(10, 10, 3, 3), torch.randn(10)
    rm, rv = torch.zeros(10), torch.ones(10)

    def fwd():
        with torch.no_grad():
            model(x28)
    return {
        "tinyvgg_fwd_bwd_28": step_fn(1, 28),
        "tinyvgg_fwd_bwd_64": step_fn(3, 64),
        "tinyvgg_fwd_28": fwd,
        "conv_10_10_28": lambda: F.conv2d(x, w, b, padding=1),
        "maxpool_10_28": lambda: F.max_pool2d(x, 2),
        "batchnorm_train_10_28": lambda: F.batch_norm(x, rm, rv, training=True),
    }


def run():
    return {name: time_call(fn) for name, fn in workloads().items()}
