"""The Python twin of examples/03_computer_vision.cpp (the tutorial's computer-vision chapter):
FashionMNIST with ToTensor, DataLoaders of batch 32 (shuffled training set), models V0 (Flatten +
Linear + Linear), V1 (with ReLU) and V2 (TinyVGG), each trained 3 epochs with SGD(0.1) and
CrossEntropyLoss, an eval dict per model, a results table, predictions on 9 random test samples
and the confusion matrix. Each model is created right after torch.manual_seed(42).

Reads Debian's dataset-fashion-mnist files (/usr/share/datasets/fashion-mnist). Options (the C++
program takes the same): --train-samples N --test-samples M use the first N/M images only (the
CTest run uses a subset; `make demo` the whole set); --epochs E; --models V0,V1,V2 (the
predictions and confusion matrix use the last one). Times print as {any}.

The CTest run trains V0 and V1 only: their output matches PyTorch exactly (same shuffle order,
same float32 sums). TinyVGG's convolutions round differently from PyTorch's oneDNN kernels
(about 1e-6 relative per step, tests/nn/conv_test.cpp), and SGD at lr 0.1 amplifies that within
one epoch, so V2's trained numbers are not comparable digit for digit (docs/numerics.md).

Run: OPENBLAS_CORETYPE=Haswell /usr/bin/python3 tools/golden/example_03_computer_vision.py \
       --train-samples 2000 --test-samples 500 --models V0,V1 > tests/fixtures/examples/03_computer_vision.txt
"""
import argparse
import gzip
import os
import random
import tempfile

import numpy as np
import torch
from sklearn.metrics import confusion_matrix
from torch import nn
from torch.utils.data import DataLoader, Subset
from torchvision import datasets
from torchvision.transforms import ToTensor

ap = argparse.ArgumentParser()
ap.add_argument("--train-samples", type=int, default=0)
ap.add_argument("--test-samples", type=int, default=0)
ap.add_argument("--epochs", type=int, default=3)
ap.add_argument("--models", default="V0,V1,V2")
args = ap.parse_args()

torch.set_num_threads(1)
SRC = "/usr/share/datasets/fashion-mnist"
root = tempfile.mkdtemp()
raw = os.path.join(root, "FashionMNIST", "raw")
os.makedirs(raw)
for f in os.listdir(SRC):
    with gzip.open(os.path.join(SRC, f)) as src, open(os.path.join(raw, f[:-3]), "wb") as dst:
        dst.write(src.read())

train_data = datasets.FashionMNIST(root=root, train=True, download=False, transform=ToTensor())
test_data = datasets.FashionMNIST(root=root, train=False, download=False, transform=ToTensor())
print(len(train_data.data), len(train_data.targets), len(test_data.data), len(test_data.targets))
class_names = train_data.classes
print(class_names)
image, label = train_data[0]
print(f"Image shape: {image.shape} -> [color_channels, height, width]")
print(f"Label: {label} ({class_names[label]})")

if args.train_samples:
    train_data = Subset(train_data, range(args.train_samples))
if args.test_samples:
    test_data = Subset(test_data, range(args.test_samples))

BATCH_SIZE = 32
train_dataloader = DataLoader(train_data, batch_size=BATCH_SIZE, shuffle=True)
test_dataloader = DataLoader(test_data, batch_size=BATCH_SIZE, shuffle=False)
print(f"Length of train dataloader: {len(train_dataloader)} batches of {BATCH_SIZE}")
print(f"Length of test dataloader: {len(test_dataloader)} batches of {BATCH_SIZE}")
train_features_batch, train_labels_batch = next(iter(train_dataloader))
print(train_features_batch.shape, train_labels_batch.shape)

flatten_model = nn.Flatten()
x = train_features_batch[0]
output = flatten_model(x)
print(f"Shape before flattening: {x.shape} -> [color_channels, height, width]")
print(f"Shape after flattening: {output.shape} -> [color_channels, height*width]")


def accuracy_fn(y_true, y_pred):
    correct = torch.eq(y_true, y_pred).sum().item()
    return (correct / len(y_pred)) * 100


class FashionMNISTModelV0(nn.Module):
    def __init__(self, input_shape, hidden_units, output_shape):
        super().__init__()
        self.layer_stack = nn.Sequential(nn.Flatten(), nn.Linear(input_shape, hidden_units),
                                         nn.Linear(hidden_units, output_shape))

    def forward(self, x):
        return self.layer_stack(x)


class FashionMNISTModelV1(nn.Module):
    def __init__(self, input_shape, hidden_units, output_shape):
        super().__init__()
        self.layer_stack = nn.Sequential(nn.Flatten(), nn.Linear(input_shape, hidden_units), nn.ReLU(),
                                         nn.Linear(hidden_units, output_shape), nn.ReLU())

    def forward(self, x):
        return self.layer_stack(x)


class FashionMNISTModelV2(nn.Module):
    def __init__(self, input_shape, hidden_units, output_shape):
        super().__init__()
        self.block_1 = nn.Sequential(
            nn.Conv2d(input_shape, hidden_units, kernel_size=3, stride=1, padding=1), nn.ReLU(),
            nn.Conv2d(hidden_units, hidden_units, kernel_size=3, stride=1, padding=1), nn.ReLU(),
            nn.MaxPool2d(kernel_size=2, stride=2))
        self.block_2 = nn.Sequential(
            nn.Conv2d(hidden_units, hidden_units, 3, padding=1), nn.ReLU(),
            nn.Conv2d(hidden_units, hidden_units, 3, padding=1), nn.ReLU(),
            nn.MaxPool2d(2))
        self.classifier = nn.Sequential(nn.Flatten(), nn.Linear(hidden_units * 7 * 7, output_shape))

    def forward(self, x):
        return self.classifier(self.block_2(self.block_1(x)))


def train_step(model, data_loader, loss_fn, optimizer):
    train_loss, train_acc = 0, 0
    model.train()
    for X, y in data_loader:
        y_pred = model(X)
        loss = loss_fn(y_pred, y)
        train_loss += loss
        train_acc += accuracy_fn(y_true=y, y_pred=y_pred.argmax(dim=1))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    train_loss /= len(data_loader)
    train_acc /= len(data_loader)
    print(f"Train loss: {train_loss:.5f} | Train accuracy: {train_acc:.2f}%")


def test_step(model, data_loader, loss_fn):
    test_loss, test_acc = 0, 0
    model.eval()
    with torch.inference_mode():
        for X, y in data_loader:
            test_pred = model(X)
            test_loss += loss_fn(test_pred, y)
            test_acc += accuracy_fn(y_true=y, y_pred=test_pred.argmax(dim=1))
        test_loss /= len(data_loader)
        test_acc /= len(data_loader)
        print(f"Test loss: {test_loss:.5f} | Test accuracy: {test_acc:.2f}%\n")


def eval_model(model, data_loader, loss_fn):
    loss, acc = 0, 0
    model.eval()
    with torch.inference_mode():
        for X, y in data_loader:
            y_pred = model(X)
            loss += loss_fn(y_pred, y)
            acc += accuracy_fn(y_true=y, y_pred=y_pred.argmax(dim=1))
        loss /= len(data_loader)
        acc /= len(data_loader)
    return {"model_name": model.__class__.__name__, "model_loss": loss.item(), "model_acc": acc}


results = []
for name, cls in [("V0", FashionMNISTModelV0), ("V1", FashionMNISTModelV1), ("V2", FashionMNISTModelV2)]:
    if name not in args.models.split(","):
        continue
    torch.manual_seed(42)
    if cls is FashionMNISTModelV2:
        model = cls(input_shape=1, hidden_units=10, output_shape=len(class_names))
    else:
        model = cls(input_shape=784, hidden_units=10, output_shape=len(class_names))
    print(model)
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(params=model.parameters(), lr=0.1)
    torch.manual_seed(42)
    for epoch in range(args.epochs):
        print(f"Epoch: {epoch}\n---------")
        train_step(model, train_dataloader, loss_fn, optimizer)
        test_step(model, test_dataloader, loss_fn)
    print("Train time on cpu: {any} seconds")
    result = eval_model(model, test_dataloader, loss_fn)
    print(result)
    results.append(result)

print(f"{'model_name':<22}{'model_loss':>12}{'model_acc':>12}  training_time")
for r in results:
    print(f"{r['model_name']:<22}{r['model_loss']:>12.6f}{r['model_acc']:>12.6f}  {{any}}")


def make_predictions(model, data):
    pred_probs = []
    model.eval()
    with torch.inference_mode():
        for sample in data:
            pred_logit = model(torch.unsqueeze(sample, dim=0))
            pred_probs.append(torch.softmax(pred_logit.squeeze(), dim=0))
    return torch.stack(pred_probs)


random.seed(42)
test_samples, test_labels = [], []
for sample, label in random.sample(list(test_data), k=9):
    test_samples.append(sample)
    test_labels.append(label)
pred_probs = make_predictions(model, test_samples)
print(pred_probs[:2])
pred_classes = pred_probs.argmax(dim=1)
print(pred_classes)
print(test_labels)
for i in range(9):
    print(f"Pred: {class_names[pred_classes[i]]} | Truth: {class_names[test_labels[i]]}")

y_preds = []
model.eval()
with torch.inference_mode():
    for X, y in test_dataloader:
        y_preds.append(torch.softmax(model(X), dim=1).argmax(dim=1))
y_pred_tensor = torch.cat(y_preds)
targets = torch.tensor([int(y) for _, y in test_data])
print(torch.from_numpy(confusion_matrix(targets.numpy(), y_pred_tensor.numpy(), labels=list(range(10)))))
