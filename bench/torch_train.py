"""The PyTorch side of bench/train_bench.cpp: the same tiny training epochs, seconds per call."""
import torch
from sklearn.datasets import make_blobs, make_circles
from torch import nn

from torch_ops import time_call


def accuracy_fn(y_true, y_pred):
    return torch.eq(y_true, y_pred).sum().item() / len(y_pred) * 100


def linear_epoch():
    torch.manual_seed(42)
    X = torch.arange(0, 1, 0.02).unsqueeze(1)
    y = 0.7 * X + 0.3
    X_train, y_train, X_test, y_test = X[:40], y[:40], X[40:], y[40:]
    model = nn.Linear(1, 1)
    loss_fn = nn.L1Loss()
    opt = torch.optim.SGD(model.parameters(), lr=0.01)

    def epoch():
        model.train()
        loss = loss_fn(model(X_train), y_train)
        opt.zero_grad()
        loss.backward()
        opt.step()
        model.eval()
        with torch.inference_mode():
            loss_fn(model(X_test), y_test)
    return epoch


def classification_epoch(binary):
    if binary:
        X, y = make_circles(1000, noise=0.03, random_state=42)
        X, y = torch.from_numpy(X).float(), torch.from_numpy(y).float()
    else:
        X, y = make_blobs(1000, n_features=2, centers=4, cluster_std=1.5, random_state=42)
        X, y = torch.from_numpy(X).float(), torch.from_numpy(y).long()
    X_train, y_train, X_test, y_test = X[:800], y[:800], X[800:], y[800:]
    torch.manual_seed(42)
    h, out = (10, 1) if binary else (8, 4)
    model = nn.Sequential(nn.Linear(2, h), nn.ReLU(), nn.Linear(h, h), nn.ReLU(), nn.Linear(h, out))
    loss_fn = nn.BCEWithLogitsLoss() if binary else nn.CrossEntropyLoss()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)

    def predict(logits):
        return torch.round(torch.sigmoid(logits)) if binary else torch.softmax(logits, 1).argmax(1)

    def epoch():
        model.train()
        logits = model(X_train)
        if binary:
            logits = logits.squeeze()
        loss = loss_fn(logits, y_train)
        accuracy_fn(y_train, predict(logits))
        opt.zero_grad()
        loss.backward()
        opt.step()
        model.eval()
        with torch.inference_mode():
            t = model(X_test)
            if binary:
                t = t.squeeze()
            loss_fn(t, y_test)
            accuracy_fn(y_test, predict(t))
    return epoch


def tiny_linear_step():
    torch.manual_seed(0)
    X, y = torch.rand(8, 10), torch.rand(8, 1)
    model = nn.Linear(10, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.01)

    def step():
        loss = nn.functional.mse_loss(model(X), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return step


def run():
    work = {
        "train_linear_epoch": linear_epoch(),
        "train_circles_epoch": classification_epoch(True),
        "train_blobs_epoch": classification_epoch(False),
        "train_tiny_linear_step": tiny_linear_step(),
    }
    return {name: time_call(fn) for name, fn in work.items()}
