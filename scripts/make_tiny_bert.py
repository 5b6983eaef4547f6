#!/usr/bin/python3
"""Writes a tiny BERT-shaped sentence-embedding model folder, laid out as the ONNX exports of
bge-small-zh / all-MiniLM / multilingual-e5 are, for the tests of QwenHelp's ONNX embedder:

  model.onnx              inputs input_ids, attention_mask, token_type_ids [batch, sequence] int64;
                          output last_hidden_state [batch, sequence, hidden] float
  tokenizer.json          Hugging Face tokenizers format, WordPiece model, BertNormalizer, [CLS] $A [SEP]
  vocab.txt               the same vocabulary, one token per line (the older BERT layout)
  tokenizer_config.json   {"do_lower_case": true, "model_max_length": 64}
  config.json             {"hidden_size": 16, ...}
  1_Pooling/config.json   sentence-transformers pooling: mean of the token vectors
  expected.json           for a few texts: their WordPiece tokens and the sentence vector a correct
                          embedder makes (mean pooling over the attention mask, L2-normalized),
                          computed here with numpy from the same weights

The graph is BERT's in miniature: word + position + token-type embeddings, layer norm, one
masked self-attention (padding gets -10000 before the softmax, as BERT's extended mask does),
a feed-forward layer with a residual, layer norm. Random weights, fixed seed.

Usage: /usr/bin/python3 scripts/make_tiny_bert.py --out FOLDER
"""
import argparse
import json
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HIDDEN = 16
MAX_POSITIONS = 64

VOCAB = [
    "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]",
    "!", ",", ".", "?", "-",
    "hello", "world", "how", "do", "i", "reset", "my", "password", "refund", "the", "order",
    "cancel", "##led", "##ing", "ship", "##ping", "un", "##aff", "##able", "fee", "##s", "cafe",
    "lm", "##2026", "##000", "##12", "##34",
    "退", "款", "密", "码", "重", "置", "订", "单", "运", "费", "多", "少", "钱", "取", "消",
]

# Texts and the WordPiece tokens a BERT tokenizer (lower-cased, accents stripped, CJK characters
# split, punctuation split) gives them, without [CLS]/[SEP].
CASES = [
    ("Hello, world!", ["hello", ",", "world", "!"]),
    ("How do I reset my PASSWORD?", ["how", "do", "i", "reset", "my", "password", "?"]),
    ("unaffable", ["un", "##aff", "##able"]),
    ("Shipping fees", ["ship", "##ping", "fee", "##s"]),
    ("Café", ["cafe"]),
    ("如何重置密码", ["[UNK]", "[UNK]", "重", "置", "密", "码"]),
    # BertNormalizer does not fold full-width forms: "？" is a punctuation token of its own, unknown here.
    ("退款refund多少钱？", ["退", "款", "refund", "多", "少", "钱", "[UNK]"]),
    ("cancelled order LM20261234", ["cancel", "##led", "order", "lm", "##2026", "##12", "##34"]),
    ("xyzzy", ["[UNK]"]),
]


def build(rng):
    ids = {t: i for i, t in enumerate(VOCAB)}
    weights = {
        "word": rng.normal(0, 0.5, (len(VOCAB), HIDDEN)).astype(np.float32),
        "position": rng.normal(0, 0.1, (MAX_POSITIONS, HIDDEN)).astype(np.float32),
        "token_type": rng.normal(0, 0.1, (2, HIDDEN)).astype(np.float32),
        "ln1_scale": (1 + rng.normal(0, 0.1, HIDDEN)).astype(np.float32),
        "ln1_bias": rng.normal(0, 0.1, HIDDEN).astype(np.float32),
        "wq": rng.normal(0, 0.3, (HIDDEN, HIDDEN)).astype(np.float32),
        "wk": rng.normal(0, 0.3, (HIDDEN, HIDDEN)).astype(np.float32),
        "wv": rng.normal(0, 0.3, (HIDDEN, HIDDEN)).astype(np.float32),
        "w1": rng.normal(0, 0.3, (HIDDEN, HIDDEN)).astype(np.float32),
        "b1": rng.normal(0, 0.1, HIDDEN).astype(np.float32),
        "ln2_scale": (1 + rng.normal(0, 0.1, HIDDEN)).astype(np.float32),
        "ln2_bias": rng.normal(0, 0.1, HIDDEN).astype(np.float32),
    }
    return ids, weights


def graph(w):
    init = [numpy_helper.from_array(v, name=k) for k, v in w.items()]
    init += [
        numpy_helper.from_array(np.array(0, dtype=np.int64), "zero"),
        numpy_helper.from_array(np.array(1, dtype=np.int64), "one"),
        numpy_helper.from_array(np.array([1], dtype=np.int64), "axis1"),
        numpy_helper.from_array(np.array([1, 2], dtype=np.int64), "axes12"),
        numpy_helper.from_array(np.array(1.0, dtype=np.float32), "onef"),
        numpy_helper.from_array(np.array(-10000.0, dtype=np.float32), "negative"),
        numpy_helper.from_array(np.array(1.0 / np.sqrt(HIDDEN), dtype=np.float32), "scale"),
    ]
    n = helper.make_node
    nodes = [
        n("Gather", ["word", "input_ids"], ["word_vectors"]),
        n("Gather", ["token_type", "token_type_ids"], ["type_vectors"]),
        n("Shape", ["input_ids"], ["shape"]),
        n("Gather", ["shape", "one"], ["length"], axis=0),
        n("Range", ["zero", "length", "one"], ["positions"]),
        n("Gather", ["position", "positions"], ["position_vectors"]),
        n("Add", ["word_vectors", "type_vectors"], ["sum1"]),
        n("Add", ["sum1", "position_vectors"], ["embedded"]),
        n("LayerNormalization", ["embedded", "ln1_scale", "ln1_bias"], ["x"], axis=-1, epsilon=1e-12),
        n("MatMul", ["x", "wq"], ["q"]),
        n("MatMul", ["x", "wk"], ["k"]),
        n("MatMul", ["x", "wv"], ["v"]),
        n("Transpose", ["k"], ["kt"], perm=[0, 2, 1]),
        n("MatMul", ["q", "kt"], ["raw_scores"]),
        n("Mul", ["raw_scores", "scale"], ["scaled_scores"]),
        # BERT's extended attention mask: (1 - mask) * -10000 added to every query row.
        n("Cast", ["attention_mask"], ["mask_float"], to=TensorProto.FLOAT),
        n("Sub", ["onef", "mask_float"], ["inverted"]),
        n("Mul", ["inverted", "negative"], ["mask_bias"]),
        n("Unsqueeze", ["mask_bias", "axis1"], ["mask_bias3"]),
        n("Add", ["scaled_scores", "mask_bias3"], ["scores"]),
        n("Softmax", ["scores"], ["probabilities"], axis=-1),
        n("MatMul", ["probabilities", "v"], ["context"]),
        n("MatMul", ["context", "w1"], ["ff1"]),
        n("Add", ["ff1", "b1"], ["ff2"]),
        n("Tanh", ["ff2"], ["ff3"]),
        n("Add", ["ff3", "x"], ["residual"]),
        n("LayerNormalization", ["residual", "ln2_scale", "ln2_bias"], ["last_hidden_state"], axis=-1, epsilon=1e-12),
    ]
    inputs = [helper.make_tensor_value_info(name, TensorProto.INT64, ["batch", "sequence"])
              for name in ("input_ids", "attention_mask", "token_type_ids")]
    outputs = [helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, ["batch", "sequence", HIDDEN])]
    g = helper.make_graph(nodes, "tiny_bert", inputs, outputs, init)
    model = helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)], producer_name="qwenhelp-tests")
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def layer_norm(x, scale, bias):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + 1e-12) * scale + bias


def forward(w, ids, mask):
    ids = np.array(ids, dtype=np.int64)[None, :]
    mask = np.array(mask, dtype=np.float32)[None, :]
    x = w["word"][ids] + w["token_type"][np.zeros_like(ids)] + w["position"][np.arange(ids.shape[1])][None]
    x = layer_norm(x, w["ln1_scale"], w["ln1_bias"])
    q, k, v = x @ w["wq"], x @ w["wk"], x @ w["wv"]
    scores = q @ k.transpose(0, 2, 1) / np.sqrt(HIDDEN) + ((1 - mask) * -10000.0)[:, None, :]
    scores = np.exp(scores - scores.max(-1, keepdims=True))
    probabilities = scores / scores.sum(-1, keepdims=True)
    h = np.tanh(probabilities @ v @ w["w1"] + w["b1"]) + x
    return layer_norm(h, w["ln2_scale"], w["ln2_bias"])[0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    os.makedirs(os.path.join(args.out, "1_Pooling"), exist_ok=True)
    ids, w = build(np.random.default_rng(20261121))
    onnx.save(graph(w), os.path.join(args.out, "model.onnx"))

    special = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    tokenizer = {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [{"id": ids[t], "content": t, "single_word": False, "lstrip": False, "rstrip": False,
                          "normalized": False, "special": True} for t in special],
        "normalizer": {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True,
                       "strip_accents": None, "lowercase": True},
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                       {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                     {"SpecialToken": {"id": "[SEP]", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}},
                     {"SpecialToken": {"id": "[SEP]", "type_id": 1}}],
            "special_tokens": {t: {"id": t, "ids": [ids[t]], "tokens": [t]} for t in ("[CLS]", "[SEP]")},
        },
        "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
        "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                  "max_input_chars_per_word": 100, "vocab": ids},
    }
    with open(os.path.join(args.out, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(tokenizer, f, ensure_ascii=False, indent=1)
    with open(os.path.join(args.out, "vocab.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(VOCAB) + "\n")
    with open(os.path.join(args.out, "tokenizer_config.json"), "w", encoding="utf-8") as f:
        json.dump({"do_lower_case": True, "model_max_length": MAX_POSITIONS, "tokenizer_class": "BertTokenizer"}, f)
    with open(os.path.join(args.out, "config.json"), "w", encoding="utf-8") as f:
        json.dump({"model_type": "bert", "hidden_size": HIDDEN, "max_position_embeddings": MAX_POSITIONS,
                   "vocab_size": len(VOCAB), "type_vocab_size": 2}, f)
    with open(os.path.join(args.out, "1_Pooling", "config.json"), "w", encoding="utf-8") as f:
        json.dump({"word_embedding_dimension": HIDDEN, "pooling_mode_cls_token": False,
                   "pooling_mode_mean_tokens": True}, f)

    expected = []
    for text, tokens in CASES:
        sequence = [ids["[CLS]"]] + [ids[t] for t in tokens] + [ids["[SEP]"]]
        hidden = forward(w, sequence, [1] * len(sequence))
        mean = hidden.mean(0)
        cls = hidden[0]
        expected.append({
            "text": text,
            "ids": sequence,
            "mean": (mean / np.linalg.norm(mean)).tolist(),
            "cls": (cls / np.linalg.norm(cls)).tolist(),
        })
    with open(os.path.join(args.out, "expected.json"), "w", encoding="utf-8") as f:
        json.dump({"hidden_size": HIDDEN, "cases": expected}, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
