#!/usr/bin/env python3
"""Writes suites/core and suites/fewshot from the item definitions in items_*.py.

usage: python3 scripts/suites/build.py   (from the repository root)
"""
import glob
import importlib
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import authoring  # noqa: E402

for path in sorted(glob.glob(os.path.join(HERE, "items_*.py"))):
    importlib.import_module(os.path.basename(path)[:-3])

ROOT = os.path.dirname(os.path.dirname(HERE))
MANIFESTS = {
    "core": """name: core
version: 1.0.0
description: >-
  Held-out PatchBench suite: prompts asking for small Pure Data patches over control math,
  logic, routing, timing, state, randomness, lists, arrays, synthesis, filters, envelopes,
  effects, analysis, MIDI, GUI instruments and Gem graphics, each with a verified reference
  patch and functional checks. Never use it for training or few-shot examples.
license: CC-BY-4.0
profile: vanilla
""",
    "fewshot": """name: fewshot
version: 1.0.0
description: >-
  PatchBench few-shot pool: items in the same format and categories as the core suite but
  disjoint from it (no shared prompt, no near-identical reference), used for few-shot
  prompting and the retrieval baseline.
license: CC-BY-4.0
profile: vanilla
""",
}
for suite, manifest in MANIFESTS.items():
    items = authoring.write_suite(suite, ROOT, manifest)
    print(f"{suite}: {len(items)} items")
