"""The Python twin of examples/04_custom_datasets.cpp (the tutorial's custom-datasets chapter).

The data: instead of downloading pizza/steak/sushi photos, the program writes its own small image
folder from FashionMNIST test images (Debian's dataset-fashion-mnist files): three classes
(Sandal, Shirt, Sneaker -> folders sandal/, shirt/, sneaker/), for each class the first N test
images of that class go to train/<class>/ and the next N/3 to test/<class>/ as 3-channel (gray
repeated) 28x28 PNG files named by their test-set index; one more sneaker, upscaled 4x to
112x112, becomes the "custom image" 04-custom-sneaker.png beside the folder. Both programs write
the same pixels (PNG is lossless), so both read the same images.

Then as the tutorial: walk the folder, a random image's path/class/size, the data transform
(Resize((64, 64)), RandomHorizontalFlip(p=0.5), ToTensor()) on 3 random images, ImageFolder
datasets (repr, classes, class_to_idx, lengths, a sample's shape), DataLoader(batch 32), the same
with a hand-written ImageFolderCustom Dataset (find_classes, checks against ImageFolder), TinyVGG
(chapter 04's definition: Conv2d k=3, stride 1, padding=1, classifier Linear(hidden*16*16)), a
forward pass of the untrained model on one image, the torchinfo summary at [1, 3, 64, 64],
model_0 trained without augmentation and model_1 with TrivialAugmentWide(num_magnitude_bins=31)
(Adam lr 1e-3, CrossEntropyLoss, torch.manual_seed(42) before each model), their results dicts
(the loss-curve data), and a prediction on the custom image read back with torchvision.io.

Images are tensors (torchvision 0.14's tensor path, which ember's transforms follow): ImageFolder
loads uint8 RGB tensors with torchvision.io.read_image; the tutorial's ToTensor() is ToTensor
below (torchvision's ToTensor takes only PIL images / arrays; on a uint8 tensor it computes the
same x.float() / 255). The torchinfo table is printed by a small hook-based summary following
torchinfo 1.7's rules (torchinfo is not packaged in Debian); it draws torch.rand as torchinfo
does, so the random streams stay in step with ember::summary.

Options (the C++ program takes the same): --epochs E (default 5), --images-per-class N (default
45; N/3 test images per class), --data-dir DIR (default a temporary directory).

What is exact: everything up to and including the untrained forward pass and the summary table
(folder walk, random choices, transform outputs' shapes and means, dataset reprs, classes,
batch shapes, the untrained logits and probabilities) matches ember's output digit for digit, and
so do the training runs' shuffles and TrivialAugmentWide's draws (same random streams). TinyVGG's
convolutions round differently from PyTorch's oneDNN kernels (about 1e-6 relative,
tests/nn/conv_test.cpp) and Adam's steps carry that into the weights, so the trained numbers drift
apart slowly: after the CTest's 2 epochs on 30 images per class the full-precision losses in the
results dicts differ by at most ~5e-7 relative (every 4-decimal number printed is still equal);
the default run (5 epochs, 45 per class) ends ~1e-3 apart (losses 0.9203 vs 0.9202, the custom
image's logits ~5e-4 absolute) with the same accuracies and the same predicted class. The CTest
therefore runs --epochs 2 --images-per-class 30 with rtol 1e-5
(EMBER_EXAMPLE_RTOL_04_custom_datasets in examples/CMakeLists.txt), which leaves the short
numbers effectively exact. Times print as {any}.

Run: OPENBLAS_CORETYPE=Haswell /usr/bin/python3 tools/golden/example_04_custom_datasets.py \
       --epochs 2 --images-per-class 30 > tests/fixtures/examples/04_custom_datasets.txt
"""
import argparse
import gzip
import os
import pathlib
import random
import shutil
import tempfile

import torch
from torch import nn
from torch.utils.data import DataLoader, Dataset
from torchvision import datasets, transforms
from torchvision.io import ImageReadMode, read_image, write_png
from torchvision.transforms import functional as F

ap = argparse.ArgumentParser()
ap.add_argument("--epochs", type=int, default=5)
ap.add_argument("--images-per-class", type=int, default=45)
ap.add_argument("--data-dir", default=None)
args = ap.parse_args()

torch.set_num_threads(1)
torch.manual_seed(42)

# ---- 1. the data: a small image folder written from FashionMNIST test images
SRC = "/usr/share/datasets/fashion-mnist"
raw_root = tempfile.mkdtemp()
raw = os.path.join(raw_root, "FashionMNIST", "raw")
os.makedirs(raw)
for f in os.listdir(SRC):
    with gzip.open(os.path.join(SRC, f)) as src, open(os.path.join(raw, f[:-3]), "wb") as dst:
        dst.write(src.read())
fashion = datasets.FashionMNIST(root=raw_root, train=False, download=False)

data_dir = args.data_dir or tempfile.mkdtemp()  # removed at the end unless given
os.makedirs(data_dir, exist_ok=True)
os.chdir(data_dir)
image_path = "sandal_shirt_sneaker"
if os.path.isdir(image_path):
    shutil.rmtree(image_path)
n_train = args.images_per_class
n_test = max(1, n_train // 3)
for name in ["Sandal", "Shirt", "Sneaker"]:
    label = fashion.classes.index(name)
    indices = (fashion.targets == label).nonzero().flatten().tolist()
    for split, chosen in [("train", indices[:n_train]), ("test", indices[n_train:n_train + n_test])]:
        folder = os.path.join(image_path, split, name.lower())
        os.makedirs(folder)
        for i in chosen:
            write_png(fashion.data[i].unsqueeze(0).expand(3, 28, 28).contiguous(),
                      os.path.join(folder, f"{i:05d}.png"))
    if name == "Sneaker":
        custom = fashion.data[indices[n_train + n_test]]
        custom = custom[:, None, :, None].expand(28, 4, 28, 4).reshape(112, 112)
        write_png(custom.unsqueeze(0).expand(3, 112, 112).contiguous(), "04-custom-sneaker.png")
print(f"Wrote {3 * (n_train + n_test)} images of {', '.join(['sandal', 'shirt', 'sneaker'])} to '{image_path}'")


# ---- 2. becoming one with the data
def walk_through_dir(dir_path):
    for dirpath, dirnames, filenames in os.walk(dir_path):
        dirnames.sort()
        print(f"There are {len(dirnames)} directories and {len(filenames)} images in '{dirpath}'.")


walk_through_dir(image_path)
train_dir = os.path.join(image_path, "train")
test_dir = os.path.join(image_path, "test")
print(train_dir, test_dir)

random.seed(42)
image_path_list = sorted(os.path.join(d, c, f) for d in [train_dir, test_dir]
                         for c in sorted(os.listdir(d)) for f in sorted(os.listdir(os.path.join(d, c))))
random_image_path = random.choice(image_path_list)
image_class = os.path.basename(os.path.dirname(random_image_path))
img = read_image(random_image_path)
print(f"Random image path: {random_image_path}")
print(f"Image class: {image_class}")
print(f"Image height: {img.shape[1]}")
print(f"Image width: {img.shape[2]}")
print(f"Image shape: {img.shape} -> [color_channels, height, width]")


# ---- 3. transforming data
class ToTensor:
    """transforms.ToTensor() for uint8 tensor images: x.float() / 255."""

    def __call__(self, pic):
        return F.convert_image_dtype(pic, torch.float32)

    def __repr__(self):
        return "ToTensor()"


def rgb_loader(path):
    return read_image(path, ImageReadMode.RGB)


data_transform = transforms.Compose([
    transforms.Resize(size=(64, 64)),
    transforms.RandomHorizontalFlip(p=0.5),
    ToTensor(),
])
random.seed(42)
for path in random.sample(image_path_list, k=3):
    original = rgb_loader(path)
    transformed = data_transform(original)
    print(f"{path}: original size {tuple(original.shape[1:])} -> transformed shape "
          f"{transformed.shape}, mean {transformed.mean().item():.4f}")

# ---- 4. ImageFolder
train_data = datasets.ImageFolder(root=train_dir, transform=data_transform, target_transform=None,
                                  loader=rgb_loader)
test_data = datasets.ImageFolder(root=test_dir, transform=data_transform, loader=rgb_loader)
print(f"Train data:\n{train_data}\nTest data:\n{test_data}")
class_names = train_data.classes
print(class_names)
class_dict = train_data.class_to_idx
print(class_dict)
print(len(train_data), len(test_data))
img, label = train_data[0]
print(f"Image shape: {img.shape}")
print(f"Image datatype: {img.dtype}")
print(f"Image label: {label} ({class_names[label]})")
img_permute = img.permute(1, 2, 0)
print(f"Original shape: {img.shape} -> [color_channels, height, width]")
print(f"Image permute shape: {img_permute.shape} -> [height, width, color_channels]")

BATCH_SIZE = 32
train_dataloader = DataLoader(dataset=train_data, batch_size=BATCH_SIZE, num_workers=0, shuffle=True)
test_dataloader = DataLoader(dataset=test_data, batch_size=BATCH_SIZE, num_workers=0, shuffle=False)
print(len(train_dataloader), len(test_dataloader))
img, label = next(iter(train_dataloader))
print(f"Image shape: {img.shape} -> [batch_size, color_channels, height, width]")
print(f"Label shape: {label.shape}")

# ---- 4.2 option 2: a custom Dataset, written by hand
class_names_found = sorted([entry.name for entry in list(os.scandir(train_dir))])
print(f"Class names found: {class_names_found}")


def find_classes(directory: str):
    classes = sorted(entry.name for entry in os.scandir(directory) if entry.is_dir())
    if not classes:
        raise FileNotFoundError(f"Couldn't find any classes in {directory}.")
    class_to_idx = {cls_name: i for i, cls_name in enumerate(classes)}
    return classes, class_to_idx


print(find_classes(train_dir))


class ImageFolderCustom(Dataset):
    def __init__(self, targ_dir: str, transform=None) -> None:
        self.paths = sorted(pathlib.Path(targ_dir).glob("*/*.png"))
        self.transform = transform
        self.classes, self.class_to_idx = find_classes(targ_dir)

    def load_image(self, index: int):
        return read_image(str(self.paths[index]), ImageReadMode.RGB)

    def __len__(self) -> int:
        return len(self.paths)

    def __getitem__(self, index: int):
        img = self.load_image(index)
        class_idx = self.class_to_idx[self.paths[index].parent.name]
        if self.transform:
            return self.transform(img), class_idx
        return img, class_idx


train_transforms = transforms.Compose([transforms.Resize((64, 64)), transforms.RandomHorizontalFlip(p=0.5), ToTensor()])
test_transforms = transforms.Compose([transforms.Resize((64, 64)), ToTensor()])
train_data_custom = ImageFolderCustom(targ_dir=train_dir, transform=train_transforms)
test_data_custom = ImageFolderCustom(targ_dir=test_dir, transform=test_transforms)
print(len(train_data_custom), len(test_data_custom))
print(train_data_custom.classes)
print(train_data_custom.class_to_idx)
print((len(train_data_custom) == len(train_data)) & (len(test_data_custom) == len(test_data)))
print(train_data_custom.classes == train_data.classes)
print(train_data_custom.class_to_idx == train_data.class_to_idx)
print(torch.equal(test_data_custom[0][0],
                  datasets.ImageFolder(test_dir, transform=test_transforms, loader=rgb_loader)[0][0]))
train_dataloader_custom = DataLoader(dataset=train_data_custom, batch_size=1, num_workers=0, shuffle=True)
img_custom, label_custom = next(iter(train_dataloader_custom))
print(f"Image shape: {img_custom.shape} -> [batch_size, color_channels, height, width]")
print(f"Label shape: {label_custom.shape}")

# ---- 5. TinyVGG without data augmentation
simple_transform = transforms.Compose([transforms.Resize((64, 64)), ToTensor()])
train_data_simple = datasets.ImageFolder(root=train_dir, transform=simple_transform, loader=rgb_loader)
test_data_simple = datasets.ImageFolder(root=test_dir, transform=simple_transform, loader=rgb_loader)
train_dataloader_simple = DataLoader(train_data_simple, batch_size=BATCH_SIZE, shuffle=True, num_workers=0)
test_dataloader_simple = DataLoader(test_data_simple, batch_size=BATCH_SIZE, shuffle=False, num_workers=0)


class TinyVGG(nn.Module):
    def __init__(self, input_shape: int, hidden_units: int, output_shape: int) -> None:
        super().__init__()
        self.conv_block_1 = nn.Sequential(
            nn.Conv2d(in_channels=input_shape, out_channels=hidden_units, kernel_size=3, stride=1, padding=1),
            nn.ReLU(),
            nn.Conv2d(in_channels=hidden_units, out_channels=hidden_units, kernel_size=3, stride=1, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(kernel_size=2, stride=2))
        self.conv_block_2 = nn.Sequential(
            nn.Conv2d(hidden_units, hidden_units, kernel_size=3, padding=1),
            nn.ReLU(),
            nn.Conv2d(hidden_units, hidden_units, kernel_size=3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2))
        self.classifier = nn.Sequential(
            nn.Flatten(),
            nn.Linear(in_features=hidden_units * 16 * 16, out_features=output_shape))

    def forward(self, x: torch.Tensor):
        return self.classifier(self.conv_block_2(self.conv_block_1(x)))


torch.manual_seed(42)
model_0 = TinyVGG(input_shape=3, hidden_units=10, output_shape=len(train_data.classes))
print(model_0)

img_batch, label_batch = next(iter(train_dataloader_simple))
img_single, label_single = img_batch[0].unsqueeze(dim=0), label_batch[0]
print(f"Single image shape: {img_single.shape}\n")
model_0.eval()
with torch.inference_mode():
    pred = model_0(img_single)
print(f"Output logits:\n{pred}\n")
print(f"Output prediction probabilities:\n{torch.softmax(pred, dim=1)}\n")
print(f"Output prediction label:\n{torch.argmax(torch.softmax(pred, dim=1), dim=1)}\n")
print(f"Actual label:\n{label_single}")


def summary(model, input_size):
    """torchinfo 1.7's summary(model, input_size) table for a model of Sequentials of leaf layers:
    rows in call order with depth-idx, output shapes, parameter counts; mult-adds are
    params x output positions for convolutions and params x batch otherwise; the forward/backward
    size is twice the outputs of the layers with parameters."""
    rows, hooks, counters = [], [], {}  # each column is padded to its width + 1
    names = {m: n for n, m in model.named_modules()}

    def pre(m, inp):
        depth = 0 if m is model else names[m].count(".") + 1
        counters[depth] = counters.get(depth, 0) + 1  # torchinfo numbers each depth through the model
        rows.append({"m": m, "depth": depth, "idx": counters[depth]})

    def post(m, inp, out):
        for r in reversed(rows):
            if r["m"] is m:
                r["out"] = list(out.shape)
                r["numel"] = out.numel()
                break

    for m in model.modules():
        hooks.append(m.register_forward_pre_hook(pre))
        hooks.append(m.register_forward_hook(post))
    x = torch.rand(*input_size)
    model.eval()
    with torch.no_grad():
        model(x)
    model.train()
    for h in hooks:
        h.remove()

    bar = "=" * 90
    lines = [bar, f"{'Layer (type:depth-idx)':<41}{'Output Shape':<26}{'Param #'}", bar]
    total = macs = out_bytes = 0
    for r in rows:
        m = r["m"]
        name = type(m).__name__
        d = r["depth"]
        label = name if d == 0 else ("├─" if d == 1 else "│    " * (d - 1) + "└─") + f"{name}: {d}-{r['idx']}"
        own = sum(p.numel() for p in m.parameters(recurse=False))
        leaf = len(list(m.children())) == 0
        params = f"{own:,}" if leaf and own else "--"
        lines.append(f"{label:<41}{str(r['out']):<26}{params}")
        if leaf and own:
            total += own
            macs += own * (r["numel"] // r["out"][1] if isinstance(m, nn.Conv2d) else r["out"][0])
            out_bytes += 2 * r["numel"] * 4
    in_bytes = x.numel() * 4
    param_bytes = total * 4
    mb = 1e6
    lines += [bar, f"Total params: {total:,}", f"Trainable params: {total:,}", "Non-trainable params: 0",
              f"Total mult-adds (M): {macs / 1e6:.2f}", bar,
              f"Input size (MB): {in_bytes / mb:.2f}", f"Forward/backward pass size (MB): {out_bytes / mb:.2f}",
              f"Params size (MB): {param_bytes / mb:.2f}",
              f"Estimated Total Size (MB): {(in_bytes + out_bytes + param_bytes) / mb:.2f}", bar]
    print("\n".join(lines))


summary(model_0, input_size=[1, 3, 64, 64])


# ---- 6. train and test loops
def train_step(model, dataloader, loss_fn, optimizer):
    model.train()
    train_loss, train_acc = 0, 0
    for batch, (X, y) in enumerate(dataloader):
        y_pred = model(X)
        loss = loss_fn(y_pred, y)
        train_loss += loss.item()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        y_pred_class = torch.argmax(torch.softmax(y_pred, dim=1), dim=1)
        train_acc += (y_pred_class == y).sum().item() / len(y_pred)
    train_loss = train_loss / len(dataloader)
    train_acc = train_acc / len(dataloader)
    return train_loss, train_acc


def test_step(model, dataloader, loss_fn):
    model.eval()
    test_loss, test_acc = 0, 0
    with torch.inference_mode():
        for batch, (X, y) in enumerate(dataloader):
            test_pred_logits = model(X)
            loss = loss_fn(test_pred_logits, y)
            test_loss += loss.item()
            test_pred_labels = test_pred_logits.argmax(dim=1)
            test_acc += (test_pred_labels == y).sum().item() / len(test_pred_labels)
    test_loss = test_loss / len(dataloader)
    test_acc = test_acc / len(dataloader)
    return test_loss, test_acc


def train(model, train_dataloader, test_dataloader, optimizer, loss_fn=nn.CrossEntropyLoss(), epochs=5):
    results = {"train_loss": [], "train_acc": [], "test_loss": [], "test_acc": []}
    for epoch in range(epochs):
        train_loss, train_acc = train_step(model, train_dataloader, loss_fn, optimizer)
        test_loss, test_acc = test_step(model, test_dataloader, loss_fn)
        print(f"Epoch: {epoch + 1} | train_loss: {train_loss:.4f} | train_acc: {train_acc:.4f} | "
              f"test_loss: {test_loss:.4f} | test_acc: {test_acc:.4f}")
        results["train_loss"].append(train_loss)
        results["train_acc"].append(train_acc)
        results["test_loss"].append(test_loss)
        results["test_acc"].append(test_acc)
    return results


NUM_EPOCHS = args.epochs
torch.manual_seed(42)
model_0 = TinyVGG(input_shape=3, hidden_units=10, output_shape=len(train_data.classes))
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(params=model_0.parameters(), lr=0.001)
model_0_results = train(model_0, train_dataloader_simple, test_dataloader_simple, optimizer, loss_fn, NUM_EPOCHS)
print("Total training time: {any} seconds")
print(model_0_results.keys())
print(model_0_results)

# ---- 7. TinyVGG with data augmentation
train_transform_trivial_augment = transforms.Compose([
    transforms.Resize((64, 64)),
    transforms.TrivialAugmentWide(num_magnitude_bins=31),
    ToTensor(),
])
print(train_transform_trivial_augment)
train_data_augmented = datasets.ImageFolder(train_dir, transform=train_transform_trivial_augment, loader=rgb_loader)
train_dataloader_augmented = DataLoader(train_data_augmented, batch_size=BATCH_SIZE, shuffle=True, num_workers=0)

torch.manual_seed(42)
model_1 = TinyVGG(input_shape=3, hidden_units=10, output_shape=len(train_data_augmented.classes))
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(params=model_1.parameters(), lr=0.001)
model_1_results = train(model_1, train_dataloader_augmented, test_dataloader_simple, optimizer, loss_fn, NUM_EPOCHS)
print("Total training time: {any} seconds")
print(model_1_results)

# ---- 8. loss curves data side by side
print(f"{'epoch':>5}  {'model_0 train_loss':>18}  {'model_0 test_loss':>17}  {'model_1 train_loss':>18}  {'model_1 test_loss':>17}")
for e in range(NUM_EPOCHS):
    print(f"{e:>5}  {model_0_results['train_loss'][e]:>18.6f}  {model_0_results['test_loss'][e]:>17.6f}  "
          f"{model_1_results['train_loss'][e]:>18.6f}  {model_1_results['test_loss'][e]:>17.6f}")

# ---- 9. prediction on a custom image
custom_image_path = "04-custom-sneaker.png"
custom_image_uint8 = read_image(custom_image_path)
print(f"Custom image shape: {custom_image_uint8.shape}")
print(f"Custom image dtype: {custom_image_uint8.dtype}")
custom_image = read_image(custom_image_path).type(torch.float32) / 255.
custom_image_transform = transforms.Compose([transforms.Resize((64, 64))])
custom_image_transformed = custom_image_transform(custom_image)
print(f"Original shape: {custom_image.shape}")
print(f"New shape: {custom_image_transformed.shape}")
model_1.eval()
with torch.inference_mode():
    custom_image_pred = model_1(custom_image_transformed.unsqueeze(dim=0))
print(custom_image_pred)
custom_image_pred_probs = torch.softmax(custom_image_pred, dim=1)
print(f"Prediction probabilities: {custom_image_pred_probs}")
custom_image_pred_label = torch.argmax(custom_image_pred_probs, dim=1)
print(f"Prediction label: {custom_image_pred_label}")
custom_image_pred_class = class_names[custom_image_pred_label.cpu()]
print(f"Pred: {custom_image_pred_class} | Prob: {custom_image_pred_probs.max().item():.3f}")
shutil.rmtree(raw_root)
if not args.data_dir:
    os.chdir("/")
    shutil.rmtree(data_dir)
