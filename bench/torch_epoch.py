"""The PyTorch side of bench/epoch_bench.cpp: the same FashionMNIST train/eval passes."""
import torch
from torch import nn
from torch.utils.data import DataLoader, Subset

from torch_data import fashion_test
from torch_ops import time_call


def datasets():
    test = fashion_test()
    # fashion_test() unpacked the whole raw folder; the training split sits beside it.
    import torchvision
    train = torchvision.datasets.FashionMNIST(test.root, train=True, transform=test.transform)
    return Subset(train, range(10000)), test


def model_v0():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 10), nn.Linear(10, 10))


def tiny_vgg():
    conv = lambda i, o: nn.Conv2d(i, o, 3, stride=1, padding=1)
    return nn.Sequential(conv(1, 10), nn.ReLU(), conv(10, 10), nn.ReLU(), nn.MaxPool2d(2),
                         conv(10, 10), nn.ReLU(), conv(10, 10), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(490, 10))


def train_fn(model, train):
    loader = DataLoader(train, batch_size=32, shuffle=True)
    loss_fn = nn.CrossEntropyLoss()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    model.train()

    def epoch():
        for X, y in loader:
            loss = loss_fn(model(X), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
    return epoch


def eval_fn(model, test):
    loader = DataLoader(test, batch_size=1000)
    model.eval()

    def epoch():
        with torch.inference_mode():
            correct = 0
            for X, y in loader:
                correct += torch.eq(model(X).argmax(1), y).sum().item()
    return epoch


def run():
    train, test = datasets()
    out = {}
    for name, make in (("v0", model_v0), ("tinyvgg", tiny_vgg)):
        torch.manual_seed(42)
        out[f"fashion_{name}_train_10k"] = time_call(train_fn(make(), train), min_time=1.0)
        torch.manual_seed(42)
        out[f"fashion_{name}_eval_b1000"] = time_call(eval_fn(make(), test), min_time=1.0)
    return out
