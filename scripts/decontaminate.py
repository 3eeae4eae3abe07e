#!/usr/bin/env python3
"""Removes from a new everyday file the groups that come close to the test split (docs/LABELLING.md, section 8).

usage: scripts/decontaminate.py data/query-types/everyday/en-m.jsonl [--write] [--threshold 0.5]

A group goes when one of its rows has a token set at least THRESHOLD like (Jaccard, after NFKC, lower case and
punctuation folded to spaces) that of an everyday row of data/query-types/test.jsonl from another file. Then a row
goes (the row only, not its group) when it is an exact duplicate of a row of another everyday file (the data set
builder's key: NFKC, lower case, spaces collapsed): the builder keeps the first of two duplicates in file-name order,
so a new en-x row equal to an old ja-a row would drop the old row and could move its group to another split. Prints
what goes; with --write, rewrites the file without it (keys and order kept). Written for this
project; standard library only. The third round (en-j, en-k, en-l) was cleaned this way before its first use.
"""
import argparse
import glob
import os
import json
import re
import sys
import unicodedata

parser = argparse.ArgumentParser(description="Removes groups close to the test split from a new everyday file.")
parser.add_argument("file")
parser.add_argument("--write", action="store_true", help="rewrite the file without those groups")
parser.add_argument("--threshold", type=float, default=0.5, help="token Jaccard at which a group goes (0.5)")
args = parser.parse_args()


def tokens(text):
    folded = unicodedata.normalize("NFKC", text).lower()
    return set(re.sub(r"[^\w\s]", " ", folded).split())


rows = [json.loads(line) for line in open(args.file, encoding="utf-8") if line.strip()]
writer = rows[0]["id"].rsplit("-", 1)[0] if rows else ""
test = []
for line in open("data/query-types/test.jsonl", encoding="utf-8"):
    r = json.loads(line)
    if r["source"] == "everyday" and not r["id"].startswith(writer + "-"):
        test.append((tokens(r["query"]), r["query"]))
drop = {}
for r in rows:
    t = tokens(r["query"])
    best = max(((len(t & a) / len(t | a) if t | a else 0.0), q) for a, q in test)
    if best[0] >= args.threshold and r["group"] not in drop:
        drop[r["group"]] = (best[0], r["query"], best[1])
for group, (score, query, near) in sorted(drop.items()):
    print(f"{group}\t{score:.2f}\t{query}\t~ {near}")
kept = [r for r in rows if r["group"] not in drop]
print(f"{len(drop)} groups ({len(rows) - len(kept)} rows) of {len(rows)} rows close to the test split", file=sys.stderr)


def key(text):
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).lower().strip())


here = os.path.abspath(args.file)
earlier = set()
for other in glob.glob(os.path.join(os.path.dirname(here), "*.jsonl")):
    name = os.path.basename(other)
    if os.path.abspath(other) != here and not name.startswith("second-pass"):
        earlier.update(key(json.loads(line)["query"]) for line in open(other, encoding="utf-8") if line.strip())
duplicates = [r for r in kept if key(r["query"]) in earlier]
for r in duplicates:
    print(f"{r['id']}\tduplicate\t{r['query']}")
kept = [r for r in kept if key(r["query"]) not in earlier]
print(f"{len(duplicates)} rows exact duplicates of another everyday file's rows", file=sys.stderr)
if args.write:
    with open(args.file, "w", encoding="utf-8") as f:
        for r in kept:
            f.write(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n")
