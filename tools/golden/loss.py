"""Fixtures for tests/nn/loss_test.cpp: every loss x reduction on float32 and float64 inputs,
forward values and input gradients (backward of the loss with a fixed upstream gradient).
Run: /usr/bin/python3 tools/golden/loss.py
"""
import torch
import torch.nn.functional as F

from common import tensor_json, write_fixture

torch.manual_seed(0)
cases = []


def add(name, fn, inputs, grad_of, kwargs_desc, reduction):
    """inputs: dict name -> tensor; grad_of: names of inputs to differentiate."""
    ins = {k: v.detach().clone().requires_grad_(k in grad_of) for k, v in inputs.items()}
    out = fn(**ins)
    up = torch.ones_like(out) if out.dim() == 0 else torch.rand(out.shape, dtype=out.dtype)
    out.backward(up)
    cases.append({
        "name": name, "reduction": reduction, "args": kwargs_desc,
        "inputs": {k: tensor_json(v) for k, v in inputs.items()},
        "upstream": tensor_json(up),
        "output": tensor_json(out),
        "grad_fn": type(out.grad_fn).__name__,
        "grads": {k: tensor_json(ins[k].grad) for k in grad_of},
    })


for dtype in (torch.float32, torch.float64):
    dn = str(dtype).replace("torch.", "")
    for red in ("mean", "sum", "none"):
        x = torch.randn(4, 5, dtype=dtype) * 2
        y = torch.randn(4, 5, dtype=dtype) * 2
        add(f"l1_{dn}", lambda input, target: F.l1_loss(input, target, reduction=red),
            {"input": x, "target": y}, ["input", "target"], {}, red)
        add(f"mse_{dn}", lambda input, target: F.mse_loss(input, target, reduction=red),
            {"input": x, "target": y}, ["input", "target"], {}, red)
        for beta in (1.0, 0.5):
            add(f"smooth_l1_{dn}_{beta}",
                lambda input, target: F.smooth_l1_loss(input, target, reduction=red, beta=beta),
                {"input": x, "target": y}, ["input", "target"], {"beta": beta}, red)
        for delta in (1.0, 2.5):
            add(f"huber_{dn}_{delta}",
                lambda input, target: F.huber_loss(input, target, reduction=red, delta=delta),
                {"input": x, "target": y}, ["input", "target"], {"delta": delta}, red)
        p = torch.rand(6, 3, dtype=dtype).clamp(0.01, 0.99)
        p[0, 0] = 0.0  # exercises the -100 clamp
        p[1, 1] = 1.0
        t = (torch.rand(6, 3, dtype=dtype) > 0.5).to(dtype)
        w = torch.rand(6, 3, dtype=dtype)
        add(f"bce_{dn}", lambda input, target: F.binary_cross_entropy(input, target, reduction=red),
            {"input": p, "target": t}, ["input"], {}, red)
        add(f"bce_weight_{dn}",
            lambda input, target, weight: F.binary_cross_entropy(input, target, weight, reduction=red),
            {"input": p, "target": t, "weight": w}, ["input"], {}, red)
        logits = torch.randn(6, 3, dtype=dtype) * 3
        add(f"bce_logits_{dn}",
            lambda input, target: F.binary_cross_entropy_with_logits(input, target, reduction=red),
            {"input": logits, "target": t}, ["input"], {}, red)
        pw = torch.rand(3, dtype=dtype) * 2
        add(f"bce_logits_pos_weight_{dn}",
            lambda input, target, weight, pos_weight: F.binary_cross_entropy_with_logits(
                input, target, weight, pos_weight=pos_weight, reduction=red),
            {"input": logits, "target": t, "weight": w, "pos_weight": pw}, ["input"], {}, red)
        for n in (5, 37, 100):
            ce_in = torch.randn(n, 4, dtype=dtype)
            ce_t = torch.randint(0, 4, (n,))
            add(f"cross_entropy_{dn}_{n}",
                lambda input, target: F.cross_entropy(input, target, reduction=red),
                {"input": ce_in, "target": ce_t}, ["input"], {}, red)
        ce_in = torch.randn(9, 5, dtype=dtype)
        ce_t = torch.randint(0, 5, (9,))
        ce_t[2] = -100
        ce_t[5] = 3
        cw = torch.rand(5, dtype=dtype)
        add(f"cross_entropy_weight_ignore_{dn}",
            lambda input, target, weight: F.cross_entropy(input, target, weight, ignore_index=3,
                                                          reduction=red),
            {"input": ce_in, "target": ce_t.clamp(min=0), "weight": cw}, ["input"], {"ignore_index": 3}, red)
        add(f"cross_entropy_smoothing_{dn}",
            lambda input, target: F.cross_entropy(input, target, reduction=red, label_smoothing=0.1),
            {"input": ce_in, "target": ce_t.clamp(min=0)}, ["input"], {"label_smoothing": 0.1}, red)
        probs = torch.softmax(torch.randn(9, 5, dtype=dtype), 1)
        add(f"cross_entropy_probs_{dn}",
            lambda input, target: F.cross_entropy(input, target, reduction=red),
            {"input": ce_in, "target": probs}, ["input"], {}, red)
        img = torch.randn(2, 3, 4, 5, dtype=dtype)
        img_t = torch.randint(0, 3, (2, 4, 5))
        add(f"cross_entropy_2d_{dn}",
            lambda input, target: F.cross_entropy(input, target, reduction=red),
            {"input": img, "target": img_t}, ["input"], {}, red)
        lp = torch.log_softmax(torch.randn(7, 4, dtype=dtype), 1)
        add(f"nll_{dn}", lambda input, target: F.nll_loss(input, target, reduction=red),
            {"input": lp, "target": torch.randint(0, 4, (7,))}, ["input"], {}, red)

write_fixture("loss", {"cases": cases})
