#!/usr/bin/env python3
"""Writes the FAQ files `eval retrieval` reads, from the demo knowledge base (faq.json):

  eval/devset/faq.jsonl        {"id","question","alternates","answer","language"}: the FAQ as the app holds it
  eval/devset/faq-plain.jsonl  {"id","question","answer"}: the bare format, without alternate phrasings

Run from the repository root: python3 scripts/make-eval-faq.py (any Python 3, standard library only).
"""
import json
import pathlib

root = pathlib.Path(__file__).resolve().parent.parent
source = root / "QwenHelp.Infrastructure" / "Seeding" / "DemoData" / "faq.json"
target = root / "eval" / "devset"
entries = json.loads(source.read_text(encoding="utf-8"))

with open(target / "faq.jsonl", "w", encoding="utf-8", newline="\n") as full, \
        open(target / "faq-plain.jsonl", "w", encoding="utf-8", newline="\n") as plain:
    for e in entries:
        full.write(json.dumps({"id": e["key"], "question": e["question"], "alternates": e.get("alternates", []),
                               "answer": e["answer"], "language": e["language"]}, ensure_ascii=False) + "\n")
        plain.write(json.dumps({"id": e["key"], "question": e["question"], "answer": e["answer"]}, ensure_ascii=False) + "\n")
print(f"wrote {len(entries)} entries to {target / 'faq.jsonl'} and {target / 'faq-plain.jsonl'}")
