"""Fixtures for tests/nn/module_test.cpp: module reprs, parameter names and shapes, default
initialisation values after manual_seed, forward outputs, load_state_dict error messages.
Run: /usr/bin/python3 tools/golden/nn_module.py
"""
import torch
from torch import nn

from common import tensor_json, write_fixture


class CircleModelV0(nn.Module):
    def __init__(self):
        super().__init__()
        self.layer_1 = nn.Linear(in_features=2, out_features=5)
        self.layer_2 = nn.Linear(in_features=5, out_features=1)

    def forward(self, x):
        return self.layer_2(self.layer_1(x))


class Blob(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear_layer_stack = nn.Sequential(
            nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 8), nn.ReLU(), nn.Linear(8, 4))

    def forward(self, x):
        return self.linear_layer_stack(x)


def model_case(name, make, x):
    torch.manual_seed(42)
    m = make()
    out = m(x)
    return {
        "name": name,
        "repr": repr(m),
        "params": [{"name": k, "value": tensor_json(v)} for k, v in m.named_parameters()],
        "state_keys": list(m.state_dict().keys()),
        "input": tensor_json(x),
        "output": tensor_json(out),
        "grad_fn": type(out.grad_fn).__name__ if out.grad_fn is not None else "",
    }


x2 = torch.tensor([[1., 2.], [3., 4.], [5., 6.]])
cases = [
    model_case("linear_2_6", lambda: nn.Linear(2, 6), x2),
    model_case("circle_v0", CircleModelV0, x2),
    model_case("sequential_circle", lambda: nn.Sequential(nn.Linear(2, 5), nn.Linear(5, 1)), x2),
    model_case("circle_v2", lambda: nn.Sequential(nn.Linear(2, 10), nn.ReLU(), nn.Linear(10, 10),
                                                  nn.ReLU(), nn.Linear(10, 1)), x2),
    model_case("blob", Blob, x2),
    model_case("linear_nobias", lambda: nn.Linear(3, 2, bias=False), torch.ones(2, 3)),
]

reprs = {
    "flatten": repr(nn.Flatten()),
    "unflatten": repr(nn.Unflatten(1, (2, 5))),
    "dropout": repr(nn.Dropout(p=0.2)),
    "leaky": repr(nn.LeakyReLU()),
    "gelu": repr(nn.GELU()),
    "softmax": repr(nn.Softmax(dim=1)),
    "identity": repr(nn.Identity()),
    "sigmoid": repr(nn.Sigmoid()),
    "tanh": repr(nn.Tanh()),
    "nested": repr(nn.Sequential(nn.Flatten(), nn.Sequential(nn.Linear(4, 3), nn.ReLU()),
                                 nn.Dropout(0.5))),
}

errors = {}
m = nn.Linear(2, 3)
try:
    m.load_state_dict({"weight": torch.zeros(3, 2), "extra": torch.zeros(1)})
except RuntimeError as e:
    errors["missing_unexpected"] = str(e)
try:
    m.load_state_dict({"weight": torch.zeros(2, 2), "bias": torch.zeros(3)})
except RuntimeError as e:
    errors["size_mismatch"] = str(e)

# Dropout masks (rng.md 5.2) through the module.
torch.manual_seed(0)
d = nn.Dropout(0.5)
drop = d(torch.ones(20))
torch.manual_seed(4)
drop2 = nn.functional.dropout(torch.arange(1., 7.).reshape(2, 3), 0.25, training=True)
torch.manual_seed(3)
fd = nn.functional.dropout2d(torch.ones(2, 3, 2, 2), 0.5, training=True)

xa = torch.linspace(-3, 3, 13)
acts = {
    "leaky_relu": tensor_json(nn.functional.leaky_relu(xa, 0.1)),
    "gelu": tensor_json(nn.functional.gelu(xa)),
    "gelu_tanh": tensor_json(nn.functional.gelu(xa, approximate="tanh")),
    "input": tensor_json(xa),
}

write_fixture("nn_module", {"cases": cases, "reprs": reprs, "errors": errors,
                            "dropout_p05_seed0": tensor_json(drop),
                            "dropout_p025_seed4": tensor_json(drop2),
                            "dropout2d_seed3": tensor_json(fd), "activations": acts})
