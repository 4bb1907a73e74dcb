"""The tutorial's models shared by several fixture generators (and tools/golden/check_ember_saved.py)."""
from torch import nn


class TinyVGG(nn.Module):
    """The tutorial's TinyVGG: two conv blocks (3x3 convolutions, padding 1, ReLU, 2x2 max pool)
    and a linear classifier; `side` is the input image's height and width."""

    def __init__(self, input_shape, hidden_units, output_shape, side=28):
        super().__init__()
        self.block_1 = nn.Sequential(
            nn.Conv2d(input_shape, hidden_units, kernel_size=3, stride=1, padding=1), nn.ReLU(),
            nn.Conv2d(hidden_units, hidden_units, kernel_size=3, stride=1, padding=1), nn.ReLU(),
            nn.MaxPool2d(kernel_size=2, stride=2))
        self.block_2 = nn.Sequential(
            nn.Conv2d(hidden_units, hidden_units, 3, padding=1), nn.ReLU(),
            nn.Conv2d(hidden_units, hidden_units, 3, padding=1), nn.ReLU(),
            nn.MaxPool2d(2))
        self.classifier = nn.Sequential(nn.Flatten(), nn.Linear(hidden_units * (side // 4) ** 2, output_shape))

    def forward(self, x):
        return self.classifier(self.block_2(self.block_1(x)))
