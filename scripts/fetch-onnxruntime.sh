#!/usr/bin/env bash
# Puts the pinned native ONNX Runtime (libonnxruntime.so.1, CPU build) into .tools/onnxruntime/,
# taken from the npm package onnxruntime-node, which ships it. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

version="1.30.0"
target=".tools/onnxruntime"
if [ -f "$target/VERSION" ] && [ "$(cat "$target/VERSION")" = "$version" ]; then
  exit 0
fi

echo "Fetching onnxruntime-node@$version for its native library"
mkdir -p .tools/npm "$target"
npm install --silent --no-audit --no-fund --ignore-scripts --prefix .tools/npm "onnxruntime-node@$version" >/dev/null
lib=$(find .tools/npm/node_modules/onnxruntime-node/bin -path '*linux/x64*' -name 'libonnxruntime.so*' | sort | head -n 1)
if [ -z "$lib" ]; then
  echo "onnxruntime-node@$version has no linux/x64 libonnxruntime.so" >&2
  exit 1
fi
cp -L "$lib" "$target/libonnxruntime.so.1"
echo "$version" > "$target/VERSION"
echo "ONNX Runtime $version native library: $target/libonnxruntime.so.1"
