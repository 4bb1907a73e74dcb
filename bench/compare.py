"""Runs ember's Google Benchmark binary and the same workloads in PyTorch in one run, and prints
time per call for both and the ratio (PyTorch time / ember time: > 1 means ember is faster).

Usage: /usr/bin/python3 bench/compare.py build/bench/ops_bench [--threads N]
       /usr/bin/python3 bench/compare.py build/bench/conv_bench --torch-side torch_conv
"""
import argparse
import importlib
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--torch-side", default="torch_ops",
                    help="module with run() giving the PyTorch timings (torch_ops, torch_conv)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    env = dict(os.environ, OMP_NUM_THREADS=str(args.threads))
    out = subprocess.run([args.binary, "--benchmark_format=json", "--benchmark_min_time=0.3"],
                         check=True, capture_output=True, text=True, env=env).stdout
    ember = {b["name"]: b["real_time"] * {"ns": 1e-9, "us": 1e-6, "ms": 1e-3}[b["time_unit"]]
             for b in json.loads(out)["benchmarks"]}
    pt = importlib.import_module(args.torch_side).run()
    print(f"threads: {args.threads}; torch {torch.__version__}")
    print(f"{'workload':<22}{'ember':>12}{'pytorch':>12}{'pytorch/ember':>16}")
    for name, t in ember.items():
        p = pt.get(name)
        ratio = f"{p / t:14.2f}x" if p else f"{'-':>15}"
        ps = f"{p * 1e6:10.2f}us" if p else f"{'-':>12}"
        print(f"{name:<22}{t * 1e6:10.2f}us{ps}{ratio}")
    if "sgemm_512" in ember and "sgemm_512_openblas" in ember:
        print(f"ember sgemm vs OpenBLAS direct: {ember['sgemm_512'] / ember['sgemm_512_openblas']:.3f}x time")


if __name__ == "__main__":
    main()
