#!/usr/bin/env python3
"""Group splits for the model's cross-validation (docs/MODEL.md, "Bundled: 1.4.0").

usage: scripts/cv-splits.py ROWS.jsonl EXTRA.jsonl|- OUT_DIR SEED

Writes OUT_DIR/{train,dev,test}.jsonl from the labelled rows of ROWS.jsonl: the groups of each (language, source) are
ordered by SHA-256 of "SEED|group" and cut at 70 % and 85 %, so all rows of a group share a split. The rows of
EXTRA.jsonl (or none with -) are added to the training split only, so that two runs with the same ROWS and SEED, with
and without EXTRA, are scored on the same held-out rows. `train --data OUT_DIR` then reports them. Written for this
project; a few lines of standard library, no dependency.
"""
import collections
import hashlib
import json
import os
import sys

rows_file, extra, out, seed = sys.argv[1:5]
rows = [line for line in open(rows_file, encoding="utf-8") if line.strip()]
groups = collections.defaultdict(set)
for line in rows:
    r = json.loads(line)
    groups[(r["language"], r["source"])].add(r["group"])
split = {}
for gs in groups.values():
    ordered = sorted(gs, key=lambda g: hashlib.sha256(f"{seed}|{g}".encode()).hexdigest())
    n = len(ordered)
    for i, g in enumerate(ordered):
        split[g] = 0 if i < round(n * 0.70) else 1 if i < round(n * 0.85) else 2
os.makedirs(out, exist_ok=True)
files = [open(os.path.join(out, name + ".jsonl"), "w", encoding="utf-8") for name in ("train", "dev", "test")]
for line in rows:
    files[split[json.loads(line)["group"]]].write(line)
if extra != "-":
    for line in open(extra, encoding="utf-8"):
        if line.strip():
            files[0].write(line)
for f in files:
    f.close()
