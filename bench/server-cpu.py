#!/usr/bin/env python3
"""Sums the CPU seconds that processes named NAME (e.g. postgres) use while this runs.

Usage: python3 bench/server-cpu.py NAME OUTFILE &   ...   kill -TERM $!
Polls /proc every 0.2 s, so a backend that lives only between two polls is missed; Merc's pool
keeps its connections for the whole run. Writes the seconds to OUTFILE when terminated.
"""
import os
import signal
import sys
import time

name, out = sys.argv[1], sys.argv[2]
tick = os.sysconf("SC_CLK_TCK")
start, last = {}, {}
first = True


def sample():
    global first
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)
            if name not in fields[0]:
                continue
            rest = fields[1].split()
            used = (int(rest[11]) + int(rest[12])) / tick
        except (OSError, IndexError, ValueError):
            continue
        start.setdefault(pid, used if first else 0.0)
        last[pid] = used
    first = False


def finish(*_):
    sample()
    with open(out, "w") as f:
        f.write(f"{sum(last[p] - start[p] for p in last):.2f}\n")
    sys.exit(0)


signal.signal(signal.SIGTERM, finish)
sample()
while True:
    time.sleep(0.2)
    sample()
