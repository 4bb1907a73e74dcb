#!/usr/bin/env bash
# Installs the Debian packages ember needs, only those not already present.
# Usage: tools/install_deps.sh [build|bench|golden|fuzz]   (build is the default)
set -euo pipefail
profile=${1:-build}
pkgs=(g++ cmake ninja-build make ccache pkg-config libopenblas-dev libgtest-dev libgmock-dev
      nlohmann-json3-dev zlib1g-dev libpng-dev libjpeg-dev libsleef-dev
      dataset-fashion-mnist)
case "$profile" in
  build) ;;
  bench) pkgs+=(libbenchmark-dev python3-torch python3-numpy) ;;
  golden) pkgs+=(python3-torch python3-numpy python3-torchvision python3-sklearn) ;;
  fuzz) pkgs+=(clang libclang-rt-14-dev) ;;
  *) echo "unknown profile: $profile" >&2; exit 2 ;;
esac
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing missing packages: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
