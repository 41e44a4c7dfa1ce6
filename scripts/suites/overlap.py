#!/usr/bin/env python3
"""Near-duplicate report between two suites' references and prompts.

Reference similarity: Jaccard over the multiset of wiring tokens (source box text, outlet, sink
box text, inlet) plus box texts; prompt similarity: Jaccard over word 3-grams. Prints the closest
pairs so a person can judge them; this is a stop-gap until `patchbench suite contamination`.

usage: overlap.py SUITE_A SUITE_B [N]
"""
import os
import re
import sys
from collections import Counter

sys.path.insert(0, os.path.dirname(__file__))
from check_refs import parse_root  # noqa: E402

import yaml  # noqa: E402


def tokens(pd_text):
    boxes, conns = parse_root(pd_text)
    text = {b[0]: (b[2] if b[1] in ("floatatom", "symbolatom", "listbox", "msg") else " ".join(b[3][:1 if b[2] in ("bng", "tgl", "hsl", "vsl", "nbx", "hradio") else None])) for b in boxes if b[1] != "text"}
    t = Counter(f"box:{v}" for v in text.values())
    t.update(f"wire:{text.get(a)}:{o}:{text.get(b)}:{i}" for a, o, b, i in conns)
    return t


def words(prompt):
    w = re.findall(r"[a-z0-9]+", prompt.lower())
    return Counter(" ".join(w[i:i + 3]) for i in range(len(w) - 2))


def jac(a, b):
    inter = sum((a & b).values())
    union = sum((a | b).values())
    return inter / union if union else 0.0


def load(d):
    out = []
    for f in sorted(os.listdir(os.path.join(d, "items"))):
        if f.endswith(".yaml"):
            it = yaml.safe_load(open(os.path.join(d, "items", f)))
            pd = open(os.path.join(d, "items", it["reference"])).read()
            out.append((it["id"], tokens(pd), words(it["prompt"])))
    return out


def main(a, b, n=15):
    A, B = load(a), load(b)
    pairs = []
    for ib, tb, wb in B:
        best = max(((jac(tb, ta), jac(wb, wa), ia) for ia, ta, wa in A), key=lambda x: x[0])
        pairs.append((best[0], best[1], ib, best[2]))
    pairs.sort(reverse=True)
    print("reference-similarity prompt-similarity  item  closest-item")
    for r, w, ib, ia in pairs[:n]:
        print(f"{r:.2f} {w:.2f}  {ib}  {ia}")
    buckets = Counter(min(int(r * 10), 9) for r, _, _, _ in pairs)
    print("distribution of each item's closest reference similarity:",
          ", ".join(f"{k / 10:.1f}-{(k + 1) / 10:.1f}: {buckets[k]}" for k in sorted(buckets)))
    print("max prompt 3-gram similarity:", max(max(jac(wb, wa) for _, _, wa in A) for _, _, wb in B))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 15)
