"""Golden fixtures for shape ops -> tests/fixtures/shape.json (run: /usr/bin/python3 tools/golden/shape.py).

Sections:
  roots: the contiguous tensors the view cases start from, by name.
  views: a base tensor (a root + layout steps that make it transposed / stepped / expanded / ...),
         then one op; records sizes, strides, storage_offset, is_contiguous, whether the result
         shares the base's storage, and its values, or PyTorch's error (type and message).
  lists: ops returning lists (split, chunk, unbind, broadcast_tensors, meshgrid), same records.
  joins: cat / stack / hstack / vstack over inputs of mixed dtypes and layouts.
A step is [name, *args]; tests/ops/shape_test.cpp and concat_test.cpp replay them in ember.
"""
import torch

from common import tensor_json, write_fixture

DTYPES = [torch.float32, torch.float64, torch.int64, torch.int32, torch.int16, torch.int8,
          torch.uint8, torch.bool, torch.float16, torch.bfloat16]


def make_data(n, dtype, shift=0):
    v = torch.arange(n, dtype=torch.float64) + shift
    if dtype == torch.bool:
        return (v.long() % 3 == 1)
    if dtype.is_floating_point:
        return (v * 0.5 - 2).to(dtype)
    if dtype in (torch.uint8,):
        return v.to(dtype)
    return (v - 3).to(dtype)


def apply(t, step):
    name, args = step[0], step[1:]
    if name == "view":
        return t.view(args[0])
    if name == "reshape":
        return t.reshape(args[0])
    if name == "as_strided":
        return t.as_strided(args[0], args[1], args[2])
    if name == "t":
        return t.t()
    if name == "T":
        return t.T
    if name == "mT":
        return t.mT
    if name == "transpose":
        return t.transpose(args[0], args[1])
    if name == "permute":
        return t.permute(args[0])
    if name == "squeeze":
        return t.squeeze() if not args else t.squeeze(args[0])
    if name == "unsqueeze":
        return t.unsqueeze(args[0])
    if name == "flatten":
        return t.flatten(args[0], args[1])
    if name == "unflatten":
        return t.unflatten(args[0], args[1])
    if name == "expand":
        return t.expand(args[0])
    if name == "narrow":
        return t.narrow(args[0], args[1], args[2])
    if name == "select":
        return t.select(args[0], args[1])
    if name == "slice":
        return torch.ops.aten.slice(t, args[0], args[1], args[2], args[3])
    if name == "movedim":
        return torch.movedim(t, args[0], args[1])
    if name == "flip":
        return t.flip(args[0])
    if name == "repeat":
        return t.repeat(args[0])
    if name == "contiguous":
        return t.contiguous()
    raise ValueError(name)


def layout(t, root):
    return {
        "shape": list(t.shape),
        "strides": list(t.stride()),
        "offset": t.storage_offset(),
        "contiguous": t.is_contiguous(),
        "shares": t.storage().data_ptr() == root.storage().data_ptr() and root.numel() > 0,
        "values": tensor_json(t),
    }


def error(e):
    return {"error": str(e), "index_error": isinstance(e, IndexError)}


# Base layouts: (name, root shape, steps making the layout).
BASES = [
    ("contig", [2, 3, 4], []),
    ("transposed", [2, 3, 4], [["transpose", 0, 2]]),
    ("permuted", [2, 3, 4], [["permute", [1, 2, 0]]]),
    ("stepped", [4, 3, 4], [["slice", 0, None, None, 2], ["slice", 2, 1, None, 2]]),
    ("expanded", [3], [["view", [3, 1]], ["expand", [2, 3, 4]]]),
    ("matrix_t", [3, 4], [["t"]]),
    ("sliced_row", [4, 5], [["slice", 0, 1, 3, 1]]),
    ("vector", [6], []),
    ("scalar", [], []),
    ("empty", [0, 3], []),
    ("size_one", [1, 3, 1], []),
]


def ops_for(dim):
    """One op per entry; some are invalid for some bases on purpose (errors are recorded)."""
    ops = [
        ["view", [-1]], ["view", [2, -1]], ["view", [4, 6]], ["view", [3, -1, 2]],
        ["view", [-1, -1]], ["view", [5, -1]],
        ["reshape", [-1]], ["reshape", [6, -1]], ["reshape", [2, 2, -1]], ["reshape", [0, -1]],
        ["t"], ["T"], ["mT"],
        ["transpose", 0, -1], ["transpose", 1, 2],
        ["permute", list(range(dim))[::-1]], ["permute", [0] * max(dim, 1)], ["permute", [0]],
        ["squeeze"], ["squeeze", 0], ["squeeze", -1], ["squeeze", 3],
        ["unsqueeze", 0], ["unsqueeze", -1], ["unsqueeze", 1], ["unsqueeze", dim + 1],
        ["flatten", 0, -1], ["flatten", 1, -1], ["flatten", 0, 1], ["flatten", -1, 0],
        ["unflatten", 0, [1, -1]], ["unflatten", -1, [2, -1]], ["unflatten", 0, [4, 4]],
        ["expand", [2] + [-1] * dim], ["expand", [-1] * dim], ["expand", [5] * dim],
        ["expand", [1] * dim + [3]],
        ["narrow", 0, 1, 1], ["narrow", -1, -2, 2], ["narrow", 0, 0, 5],
        ["select", 0, 1], ["select", -1, -1], ["select", 0, 7],
        ["slice", 0, 1, None, 2], ["slice", -1, -3, 100, 2], ["slice", 1, None, None, 3],
        ["slice", 0, 5, 1, 1], ["slice", 0, 0, 2, 0],
        ["as_strided", [2, 2], [1, 2], None], ["as_strided", [3], [2], 1],
        ["movedim", [0], [-1]], ["movedim", [0, 1], [1, 0]],
        ["flip", [0]], ["flip", [0, -1]], ["flip", [0, 0]],
        ["repeat", [2] + [1] * dim], ["repeat", [1] * dim + [3]], ["repeat", [2, 2]],
        ["contiguous"],
    ]
    return ops


def build_views(roots):
    cases = []
    k = 0
    for name, root_shape, steps in BASES:
        numel = 1
        for s in root_shape:
            numel *= s
        base_dims = None
        for dtype in (DTYPES[k % len(DTYPES)],):  # each base in another dtype
            root = make_data(numel, dtype).reshape(root_shape)
            root_key = "%s_%s" % (name, str(dtype).replace("torch.", ""))
            roots[root_key] = tensor_json(root)
            base = root
            for st in steps:
                base = apply(base, st)
            base_dims = base.dim()
            for op in ops_for(base_dims):
                case = {"root": root_key, "steps": steps, "op": op}
                try:
                    case.update(layout(apply(base, op), root))
                except Exception as e:  # noqa: BLE001 - PyTorch's own message is the fixture
                    case.update(error(e))
                cases.append(case)
        k += 1
    return cases


def build_lists():
    cases = []

    def rec(op, inputs, args, fn):
        root = inputs[0][0]
        case = {"op": op, "inputs": [{"root": tensor_json(r), "steps": s} for r, s in inputs],
                "args": args}
        try:
            outs = fn()
            case["outs"] = [layout(o, root) for o in outs]
        except Exception as e:  # noqa: BLE001
            case.update(error(e))
        cases.append(case)

    def view_of(root, steps):
        t = root
        for st in steps:
            t = apply(t, st)
        return t

    x = make_data(10, torch.float32)
    m = make_data(12, torch.int64).reshape(3, 4)
    mt_steps = [["t"]]
    e0 = torch.zeros(0, 3)
    s0 = torch.tensor(5.0)
    for args in ([3, 0], [0, 0], [-1, 0], [20, 0], [10, 0]):
        rec("split", [(x, [])], args, lambda a=args: x.split(a[0], a[1]))
    for args in ([2, 1], [2, 0], [3, -1], [2, 2]):
        rec("split", [(m, mt_steps)], args, lambda a=args: view_of(m, mt_steps).split(a[0], a[1]))
    rec("split", [(e0, [])], [2, 0], lambda: e0.split(2, 0))
    rec("split", [(e0, [])], [0, 0], lambda: e0.split(0, 0))
    rec("split", [(s0, [])], [1, 0], lambda: s0.split(1, 0))
    for args in ([[3, 7], 0], [[3, 6], 0], [[3, -1, 8], 0], [[], 0], [[10], 0], [[0, 10, 0], 0],
                 [[3, 6], -1]):
        rec("split_with_sizes", [(x, [])], args, lambda a=args: x.split(a[0], a[1]))
    rec("split_with_sizes", [(m, mt_steps)], [[1, 2], 1],
        lambda: view_of(m, mt_steps).split([1, 2], 1))
    six = make_data(6, torch.int32)
    for args in ([3, 0], [4, 0], [5, 0], [6, 0], [7, 0], [0, 0], [-1, 0], [1, 0]):
        rec("chunk", [(six, [])], args, lambda a=args: six.chunk(a[0], a[1]))
    for args in ([3, 0], [2, 1], [4, -1]):
        rec("chunk", [(m, mt_steps)], args, lambda a=args: view_of(m, mt_steps).chunk(a[0], a[1]))
    rec("chunk", [(e0, [])], [3, 0], lambda: e0.chunk(3, 0))
    rec("chunk", [(s0, [])], [1, 0], lambda: s0.chunk(1, 0))
    for args in ([0], [1], [-1], [2]):
        rec("unbind", [(m, mt_steps)], args, lambda a=args: view_of(m, mt_steps).unbind(a[0]))
    rec("unbind", [(s0, [])], [0], lambda: s0.unbind(0))

    a = make_data(2, torch.float32).reshape(2, 1)
    b = make_data(3, torch.float32)
    c = make_data(4, torch.float64).reshape(2, 2)
    rec("broadcast_tensors", [(a, []), (b, [])], [], lambda: torch.broadcast_tensors(a, b))
    rec("broadcast_tensors", [(a, []), (b, []), (s0, [])], [],
        lambda: torch.broadcast_tensors(a, b, s0))
    rec("broadcast_tensors", [(c, []), (b, [])], [], lambda: torch.broadcast_tensors(c, b))
    i3 = make_data(3, torch.int64)
    i2 = make_data(2, torch.int64, shift=5)
    f2 = make_data(2, torch.float32)
    i0 = torch.tensor(7)
    i22 = make_data(4, torch.int64).reshape(2, 2)
    for idx in ("ij", "xy"):
        rec("meshgrid", [(i3, []), (i2, [])], [idx], lambda ix=idx: torch.meshgrid(i3, i2, indexing=ix))
        rec("meshgrid", [(i3, []), (i2, []), (i0, [])], [idx],
            lambda ix=idx: torch.meshgrid(i3, i2, i0, indexing=ix))
        rec("meshgrid", [(i3, [])], [idx], lambda ix=idx: torch.meshgrid(i3, indexing=ix))
    rec("meshgrid", [(i3, []), (f2, [])], ["ij"], lambda: torch.meshgrid(i3, f2, indexing="ij"))
    rec("meshgrid", [(i3, []), (i2, [])], ["foo"], lambda: torch.meshgrid(i3, i2, indexing="foo"))
    rec("meshgrid", [(i22, []), (i2, [])], ["ij"], lambda: torch.meshgrid(i22, i2, indexing="ij"))
    return cases


def build_joins():
    cases = []

    def rec(op, inputs, dim):
        case = {"op": op, "inputs": [{"root": tensor_json(r), "steps": s} for r, s in inputs],
                "dim": dim}
        ts = []
        for r, steps in inputs:
            t = r
            for st in steps:
                t = apply(t, st)
            ts.append(t)
        try:
            if op == "cat":
                out = torch.cat(ts, dim)
            elif op == "stack":
                out = torch.stack(ts, dim)
            elif op == "hstack":
                out = torch.hstack(ts)
            else:
                out = torch.vstack(ts)
            case["out"] = tensor_json(out)
            case["strides"] = list(out.stride())
        except Exception as e:  # noqa: BLE001
            case.update(error(e))
        cases.append(case)

    f = torch.float32
    d = lambda n, dt=f, s=0: make_data(n, dt, s)  # noqa: E731
    a23 = d(6).reshape(2, 3)
    b23 = d(6, f, 10).reshape(2, 3)
    # Same dtype, every dim, contiguous.
    for dim in (0, 1, -1, -2, 2):
        rec("cat", [(a23, []), (b23, [])], dim)
    rec("cat", [(a23, []), (d(4, f, 20).reshape(2, 2), []), (d(2, f, 30).reshape(2, 1), [])], 1)
    # Layouts: transposed, stepped, expanded inputs.
    rec("cat", [(d(6).reshape(3, 2), [["t"]]), (b23, [])], 0)
    rec("cat", [(d(12).reshape(2, 6), [["slice", 1, None, None, 2]]), (b23, [])], 1)
    rec("cat", [(d(3), [["view", [1, 3]], ["expand", [2, 3]]]), (b23, [])], 1)
    rec("cat", [(d(24).reshape(2, 3, 4), [["permute", [2, 0, 1]]]),
                (d(24, f, 5).reshape(4, 2, 3), [])], 1)
    # Dtypes and mixed-dtype promotion.
    for dt in DTYPES:
        rec("cat", [(d(6, dt).reshape(2, 3), []), (d(4, dt, 7).reshape(2, 2), [])], 1)
    for x, y in ((torch.int32, torch.float16), (torch.uint8, torch.int8), (torch.bool, torch.int64),
                 (torch.float16, torch.bfloat16), (torch.int64, torch.float64),
                 (torch.bool, torch.float32), (torch.int16, torch.uint8), (torch.int8, torch.bfloat16),
                 (torch.float32, torch.float64)):
        rec("cat", [(d(6, x).reshape(2, 3), []), (d(6, y, 3).reshape(2, 3), [])], 0)
    rec("cat", [(d(2, torch.bool).reshape(2, 1), []), (d(2, torch.int32).reshape(2, 1), []),
                (d(2, torch.float16).reshape(2, 1), [])], 1)
    # Legacy skipping of 1-D empty tensors (they still take part in type promotion).
    rec("cat", [(torch.zeros(0, dtype=torch.float64), []), (d(4, torch.int64).reshape(2, 2), [])], 1)
    rec("cat", [(a23, []), (torch.zeros(0), []), (b23, [])], 0)
    rec("cat", [(torch.zeros(0), []), (torch.zeros(0), [])], 0)
    rec("cat", [(torch.zeros(0), []), (torch.zeros(0), [])], 3)
    rec("cat", [(torch.zeros(0), []), (a23, [])], -1)
    rec("cat", [(a23, []), (torch.zeros(0), [])], 2)
    rec("cat", [(torch.zeros(0, 3), []), (a23, [])], 0)
    rec("cat", [(torch.zeros(2, 0), []), (a23, [])], 1)
    # Channels-last inputs keep channels-last output.
    cl = d(24).reshape(1, 2, 3, 4)
    rec("cat", [(cl, [["permute", [0, 2, 3, 1]], ["contiguous"], ["permute", [0, 3, 1, 2]]]),
                (cl, [["permute", [0, 2, 3, 1]], ["contiguous"], ["permute", [0, 3, 1, 2]]])], 1)
    rec("cat", [(cl, [["permute", [0, 2, 3, 1]], ["contiguous"], ["permute", [0, 3, 1, 2]]]),
                (cl, [])], 1)
    # Errors.
    rec("cat", [(a23, []), (d(3), [])], 0)
    rec("cat", [(d(3), []), (a23, [])], 0)
    rec("cat", [(a23, []), (d(9).reshape(3, 3), [])], 1)
    rec("cat", [(d(4).reshape(2, 2), []), (d(6).reshape(3, 2), [])], 1)
    rec("cat", [(a23, []), (torch.zeros(0), []), (d(12).reshape(3, 4), [])], 1)
    rec("cat", [(a23, []), (torch.tensor(1.0), [])], 0)
    rec("cat", [(torch.tensor(1.0), []), (torch.tensor(2.0), [])], 0)
    rec("cat", [(a23, []), (b23, [])], 3)
    rec("cat", [], 0)

    for dim in (0, 1, 2, -1, 3):
        rec("stack", [(a23, []), (b23, [])], dim)
    rec("stack", [(d(6).reshape(3, 2), [["t"]]), (d(6, torch.int64).reshape(2, 3), [])], 1)
    rec("stack", [(torch.tensor(1.0), []), (torch.tensor(2, dtype=torch.int32), [])], 0)
    rec("stack", [(a23, []), (d(6).reshape(3, 2), [])], 0)
    rec("stack", [(a23, []), (torch.tensor(1.0), [])], 0)
    rec("stack", [(a23, [])], 0)
    rec("stack", [], 0)

    for op in ("hstack", "vstack"):
        rec(op, [(torch.tensor(1.0), []), (torch.tensor(2.0), [])], 0)
        rec(op, [(d(2), []), (d(3, torch.int64), [])], 0)
        rec(op, [(d(2), []), (d(2, torch.int32), [])], 0)
        rec(op, [(d(2).reshape(2, 1), []), (d(6).reshape(2, 3), [])], 0)
        rec(op, [(d(6).reshape(2, 3), []), (d(3), [])], 0)
        rec(op, [(d(24).reshape(2, 3, 4), []), (d(24).reshape(2, 3, 4), [])], 0)
        rec(op, [], 0)
    return cases


def main():
    roots = {}
    views = build_views(roots)
    write_fixture("shape", {"roots": roots, "views": views, "lists": build_lists(),
                            "joins": build_joins()})


if __name__ == "__main__":
    main()
