#!/usr/bin/env python3
"""Compare Merc's magic, mime, ssdeep and tlsh with the peer command-line tools, file by file.

Usage:
  python3 bench/compare-tools.py RECORDS.jsonl [--show N]

RECORDS.jsonl holds Merc sample records, one per line (the pipeline's --jsonOutput files, joined).
For each record's first plain path it runs, in batches:
  file -b -N, file -b -N --mime-type   (file 5.44: magic, mime)
  ssdeep -s -c                         (ssdeep 2.14: "blocksize:sig1:sig2")
  tlsh -f                              (tlsh-tools 3.4.4: 70 hex digits; Merc adds "T1")
and prints the agreement per field and up to N mismatches (default 5). Where tlsh prints no
digest (too short, too little variance), Merc's tlsh must be null. Exit status 1 on any mismatch.
"""
import argparse
import json
import subprocess
import sys


def batches(items, n=200):
    for i in range(0, len(items), n):
        yield items[i:i + n]


def file_tool(paths, *flags):
    out = {}
    for batch in batches(paths):
        text = subprocess.run(['file', '-N', '-0', *flags, '--', *batch],
                              capture_output=True, text=True, check=True).stdout
        # "path\0: description\n" per file
        for line in text.split('\n'):
            if '\0' in line:
                path, desc = line.split('\0', 1)
                out[path] = desc.removeprefix(':').strip()
    return out


def ssdeep_tool(paths):
    out = {}
    for batch in batches(paths):
        lines = subprocess.run(['ssdeep', '-s', '-c', '--', *batch],
                               capture_output=True, text=True).stdout.splitlines()[1:]
        for line in lines:
            digest, _, path = line.rpartition(',')
            out[path.strip('"')] = digest
    return out


def tlsh_tool(paths):
    out = {}
    for path in paths:
        words = subprocess.run(['tlsh', '-f', path], capture_output=True, text=True).stdout.split()
        out[path] = 'T1' + words[0] if words else None
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('records')
    ap.add_argument('--show', type=int, default=5)
    args = ap.parse_args()
    records = {}
    with open(args.records) as f:
        for line in f:
            r = json.loads(line)
            path = next((p for p in r['paths'] if '!' not in p), None)
            if path:
                records[path] = r
    paths = sorted(records)
    peers = {
        'magic': file_tool(paths),
        'mime': file_tool(paths, '--mime-type'),
        'ssdeep': ssdeep_tool(paths),
        'tlsh': tlsh_tool(paths),
    }
    failed = False
    print(f'files compared: {len(paths)}')
    for field, expected in peers.items():
        bad = [p for p in paths if records[p].get(field) != expected.get(p)]
        agree = len(paths) - len(bad)
        print(f'{field:8} {agree:7} / {len(paths)}  {100.0 * agree / max(1, len(paths)):.2f}%')
        for p in bad[:args.show]:
            print(f'  {p}\n    merc: {records[p].get(field)!r}\n    peer: {expected.get(p)!r}')
        failed = failed or bool(bad)
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()
