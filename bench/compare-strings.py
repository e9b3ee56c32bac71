#!/usr/bin/env python3
"""Compare Merc's `strings` with FLOSS's static string rules, exactly.

For every file under FOLDER, the reference is FLOSS's static strings: `floss.strings` when the
flare-floss package is importable, else the same two regexes re-implemented below (copied in
meaning from floss/strings.py: printable 0x20-0x7E plus tab, `{n,}` long; UTF-16LE is each such
byte followed by 0x00; `re.finditer`; FLOSS's skip of a file of one repeated 'A', 0x00, 0xFE or
0xFF is kept as FLOSS writes it, which on Python 3 never fires: buf[0] is an int, REPEATS holds str).
Merc's side is a JSON Lines file of sample records, one object per line with `paths` (list) and
`strings`; the records must have been produced with the caps off (every string an item).
A file is "exact" when Merc's items equal the reference list: same values, same encodings, same
offsets, same order (all ASCII, then all UTF-16LE), and ascii_count/utf16_count match.

Usage:
  python3 bench/compare-strings.py FOLDER RECORDS.jsonl [--min-length N] [--show K]

Producing RECORDS.jsonl before the pipeline exists (from the repository root; see the helper
StringsDump in transforms/core/src/test/java/dev/merc/core/strings):
  CP=$(find ~/.m2/repository -name 'jackson-*-2.15.4.jar' | tr '\\n' :)
  javac --release 17 -d /tmp/merc-strings -cp "$CP" \\
      $(find transforms/core/src/main/java/dev/merc/core/strings \\
             transforms/core/src/test/java/dev/merc/core/strings/StringsDump.java -name '*.java')
  java -cp "/tmp/merc-strings:$CP" dev.merc.core.strings.StringsDump CORPUS /tmp/strings.jsonl
  python3 bench/compare-strings.py CORPUS /tmp/strings.jsonl

To compare against FLOSS's own code instead of the re-implementation, make `floss` importable, e.g.
from a source checkout of mandiant/flare-floss (needs pydantic):
  PYTHONPATH=/path/to/flare-floss python3 bench/compare-strings.py CORPUS /tmp/strings.jsonl
The last line names the reference that was used.

Exit status: 0 when every file is exact, 1 otherwise.
"""
import argparse
import json
import os
import re
import sys

ASCII_BYTE = rb" !\"#\$%&\'\(\)\*\+,-\./0123456789:;<=>\?@ABCDEFGHIJKLMNOPQRSTUVWXYZ\[\]\^_`abcdefghijklmnopqrstuvwxyz\{\|\}\\\~\t"
REPEATS = ["A", "\x00", "\xfe", "\xff"]  # as in floss/strings.py


try:
    from floss.strings import extract_ascii_unicode_strings  # type: ignore
except ImportError:
    extract_ascii_unicode_strings = None


def reference_strings(buf, n):
    """[(offset, 'ascii'|'utf16le', value)] as FLOSS's extract_ascii_unicode_strings gives them."""
    if extract_ascii_unicode_strings is not None:
        out = []
        for s in extract_ascii_unicode_strings(buf, n):
            enc = "ascii" if s.encoding.name.lower() == "ascii" else "utf16le"
            out.append((s.offset, enc, s.string))
        return out
    if not buf or (buf[0] in REPEATS and buf.count(buf[0]) == len(buf)):  # never true, as in FLOSS
        return []
    ascii_re = re.compile(rb"([%s]{%d,})" % (ASCII_BYTE, n))
    utf16_re = re.compile(rb"((?:[%s]\x00){%d,})" % (ASCII_BYTE, n))
    out = [(m.start(), "ascii", m.group().decode("ascii")) for m in ascii_re.finditer(buf)]
    out += [(m.start(), "utf16le", m.group().decode("utf-16-le")) for m in utf16_re.finditer(buf)]
    return out


class Records:
    """Sample records by path; keeps only each line's file offset in memory, parses on demand."""

    def __init__(self, path):
        self.f = open(path, "rb")
        self.offsets = {}
        offset = 0
        for line in self.f:
            if line.strip():
                for p in json.loads(line).get("paths") or []:
                    self.offsets[p] = offset
            offset += len(line)

    def __contains__(self, key):
        return key in self.offsets

    def __getitem__(self, key):
        self.f.seek(self.offsets[key])
        return json.loads(self.f.readline()).get("strings")


def find_record(by_path, folder, full):
    for key in (full, os.path.abspath(full), os.path.relpath(full, folder), os.path.basename(full)):
        if key in by_path:
            return by_path[key]
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folder")
    ap.add_argument("records")
    ap.add_argument("--min-length", type=int, default=4)
    ap.add_argument("--show", type=int, default=10, help="mismatching files to describe")
    args = ap.parse_args()

    by_path = Records(args.records)
    files = sorted(
        os.path.join(d, f) for d, _, fs in os.walk(args.folder) for f in fs
        if os.path.isfile(os.path.join(d, f))
    )
    exact = 0
    shown = 0
    total_strings = 0
    for full in files:
        with open(full, "rb") as f:
            buf = f.read()
        ref = reference_strings(buf, args.min_length)
        total_strings += len(ref)
        got = find_record(by_path, args.folder, full)
        problem = None
        if got is None:
            problem = "no record"
        else:
            items = [(it["offset"], it["encoding"], it["value"]) for it in got.get("items", [])]
            n_ascii = sum(1 for r in ref if r[1] == "ascii")
            if got.get("truncated"):
                problem = "record is truncated (run Merc with caps off)"
            elif got.get("min_length") != args.min_length:
                problem = "min_length %r != %d" % (got.get("min_length"), args.min_length)
            elif got.get("ascii_count") != n_ascii or got.get("utf16_count") != len(ref) - n_ascii:
                problem = "counts %r/%r != %d/%d" % (
                    got.get("ascii_count"), got.get("utf16_count"), n_ascii, len(ref) - n_ascii)
            elif items != ref:
                i = next((k for k, (a, b) in enumerate(zip(items, ref)) if a != b), min(len(items), len(ref)))
                problem = "%d items vs %d reference; first difference at #%d: merc=%r ref=%r" % (
                    len(items), len(ref), i,
                    items[i] if i < len(items) else None, ref[i] if i < len(ref) else None)
        if problem is None:
            exact += 1
        elif shown < args.show:
            shown += 1
            print("MISMATCH %s: %s" % (full, problem))
    print("%d/%d files exact (%d reference strings; reference: %s)" % (
        exact, len(files), total_strings,
        "floss.strings" if extract_ascii_unicode_strings else "FLOSS's regexes re-implemented here"))
    return 0 if exact == len(files) else 1


if __name__ == "__main__":
    sys.exit(main())
