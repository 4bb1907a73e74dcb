#!/usr/bin/env bash
# Runs every side-by-side benchmark (ember vs PyTorch in one run) and prints the ratios.
set -euo pipefail
build=${1:-build}
/usr/bin/python3 "$(dirname "$0")/compare.py" "$build/bench"
