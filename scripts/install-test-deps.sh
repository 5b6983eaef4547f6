#!/usr/bin/env bash
# Installs what the test suite needs, only when it is missing (safe to run again and again):
#   apt: chromium (end-to-end tests), python3-onnx + python3-numpy (the tiny test model generator)
#   npm: onnxruntime-node (ships the native ONNX Runtime library the inference engine binds to)
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=()
command -v chromium >/dev/null 2>&1 || apt_packages+=(chromium)
/usr/bin/python3 -c "import onnx" >/dev/null 2>&1 || apt_packages+=(python3-onnx)
/usr/bin/python3 -c "import numpy" >/dev/null 2>&1 || apt_packages+=(python3-numpy)
if [ ${#apt_packages[@]} -gt 0 ]; then
  echo "Installing from Debian: ${apt_packages[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${apt_packages[@]}" >/dev/null
fi

./scripts/fetch-onnxruntime.sh
