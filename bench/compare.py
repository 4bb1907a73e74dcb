"""Runs ember's Google Benchmark binary and the same workloads in PyTorch in one run, and prints
time per call for both and the ratio (PyTorch time / ember time: > 1 means ember is faster).

Usage: /usr/bin/python3 bench/compare.py BUILD_DIR/bench [--threads N]
Each Google Benchmark program NAME in that folder is paired with bench/torch_NAME-less-_bench.py
(ops_bench <-> torch_ops.py, train_bench <-> torch_train.py, data_bench <-> torch_data.py).
--repeat N alternates the two sides N times and keeps each workload's fastest time: on a shared
machine, noise from neighbours only ever adds time, so the minimum is the stable figure.
"""
import argparse
import json
import resource
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch  # noqa: E402
import importlib  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("bench_dir")
    ap.add_argument("--only", default="", help="comma-separated program names (default: all)")
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--repeat", type=int, default=1,
                    help="alternate ember and PyTorch this many times; keep each side's best")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    env = dict(os.environ, OMP_NUM_THREADS=str(args.threads))
    programs = [p for p in ("ops_bench", "train_bench", "conv_bench", "data_bench", "epoch_bench") if not args.only or p in args.only.split(",")]
    ember, pt = {}, {}

    def keep_best(into, times):
        for name, t in times.items():
            into[name] = min(t, into.get(name, t))

    for _ in range(max(1, args.repeat)):
        for prog in programs:
            path = os.path.join(args.bench_dir, prog)
            if not os.path.exists(path):
                continue
            out = subprocess.run([path, "--benchmark_format=json", "--benchmark_min_time=0.3"],
                                 check=True, capture_output=True, text=True, env=env).stdout
            unit = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3}
            keep_best(ember, {b["name"]: b["real_time"] * unit[b["time_unit"]]
                              for b in json.loads(out)["benchmarks"]})
            keep_best(pt, importlib.import_module("torch_" + prog.replace("_bench", "")).run())
    print(f"threads: {args.threads}; torch {torch.__version__}; best of {max(1, args.repeat)} run(s)")
    print(f"{'workload':<26}{'ember':>16}{'pytorch':>16}{'pytorch/ember':>16}")
    for name, t in ember.items():
        p = pt.get(name)
        ratio = f"{p / t:14.2f}x" if p else f"{'-':>15}"
        ps = f"{p * 1e6:14.2f}us" if p else f"{'-':>16}"
        print(f"{name:<26}{t * 1e6:14.2f}us{ps}{ratio}")
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: largest ember bench process {child:.0f} MB; this Python + PyTorch process {own:.0f} MB")
    if "large_add_inplace" in ember and "raw_add_inplace_loop" in ember:
        gbs = 3 * 4096 * 1024 * 4 / 1e9
        print(f"large elementwise vs memory bandwidth: ember add_ {gbs / ember['large_add_inplace']:.1f} GB/s, "
              f"a plain C++ loop {gbs / ember['raw_add_inplace_loop']:.1f} GB/s "
              f"({ember['large_add_inplace'] / ember['raw_add_inplace_loop']:.2f}x its time)")
    if "sgemm_512" in ember and "sgemm_512_openblas" in ember:
        print(f"ember sgemm vs OpenBLAS direct: {ember['sgemm_512'] / ember['sgemm_512_openblas']:.3f}x time")


if __name__ == "__main__":
    main()
