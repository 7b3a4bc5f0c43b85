"""A straightforward Python checker, for scale: what people write today.

PyYAML's C loader, then the same kinds of checks as recheck's default rules,
written the plain way: dates in order, duplicate ids, dangling references,
sort-and-sweep of single-holder terms, and name spellings compared within
blocks of a simple key. It is a baseline to time, not a second
implementation: its findings are only counted.

    python3 benches/python_baseline.py target/bench-corpus/100000/records

`benches/e2e.sh` runs it when PyYAML is installed (`pip install pyyaml`).
"""

import collections
import os
import sys
import unicodedata

import yaml


def load(root):
    records = collections.defaultdict(list)
    for folder, _, files in os.walk(root):
        for name in sorted(files):
            if name.endswith((".yaml", ".yml")):
                with open(os.path.join(folder, name), encoding="utf-8") as f:
                    data = yaml.load(f, Loader=yaml.CLoader) or {}
                for section, items in data.items():
                    records[section].extend(items or [])
    return records


def day(value, last=False):
    """A date as the first (or last) day it may stand for, as a string."""
    text = str(value)
    if len(text) == 4:
        return text + ("-12-31" if last else "-01-01")
    if len(text) == 7:
        return text + ("-31" if last else "-01")
    return text[:10]


def fold(name):
    text = unicodedata.normalize("NFKD", name.lower())
    return " ".join("".join(c for c in text if c.isalnum() or c == " ").split())


def check(records):
    findings = collections.Counter()
    by_id = {}
    for section, items in records.items():
        for record in items:
            rid = record.get("id")
            if rid is None:
                continue
            if rid in by_id:
                findings["duplicate-id"] += 1
            else:
                by_id[rid] = (section, record)

    for section, items in records.items():
        for record in items:
            start, end = record.get("start_date"), record.get("end_date")
            if start and end and day(end, True) < day(start):
                findings["date-order"] += 1
            person = by_id.get(record.get("person_id"))
            if "person_id" in record and (person is None or person[0] != "persons"):
                findings["unknown-reference"] += 1
            for source in record.get("sources") or []:
                if source not in by_id:
                    findings["unknown-reference"] += 1

    terms = collections.defaultdict(list)
    for record in records.get("memberships", []):
        key = record.get("post_id") or (
            record.get("role") in ("Secretary General", "Chair")
            and (record["organization_id"], record["role"])
        )
        if key and record.get("start_date") and record.get("end_date"):
            terms[key].append((day(record["start_date"], True), day(record["end_date"])))
    for group in terms.values():
        group.sort()
        for (_, end), (start, _) in zip(group, group[1:]):
            if start < end:
                findings["term-overlap"] += 1

    blocks = collections.defaultdict(set)
    for record in records.get("persons", []):
        name = fold(record.get("name", ""))
        blocks[name.split(" ")[-1][:4]].add(name)
    for event in records.get("events", []):
        for attendee in event.get("attendees") or []:
            person = by_id.get(attendee.get("person_id"))
            if person and fold(attendee["name"]) != fold(person[1].get("name", "")):
                findings["name-spelling"] += 1
    for names in blocks.values():
        if len(names) < 50:
            ordered = sorted(names)
            for a, b in zip(ordered, ordered[1:]):
                if a.replace("y", "i") == b.replace("y", "i"):
                    findings["name-spelling"] += 1
    return findings


if __name__ == "__main__":
    counts = check(load(sys.argv[1]))
    print(" ".join(f"{rule}={n}" for rule, n in sorted(counts.items())))
