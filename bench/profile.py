#!/usr/bin/env python3
"""Where a Merc run's CPU went: JFR's execution samples of the JVM, by component, plus the
CPU seconds of the database server, measured beside it.

Usage: python3 bench/profile.py RECORDING.jfr JVM_CPU_SECONDS [SERVER_CPU_SECONDS]

Each sample is put in the first component whose pattern matches a frame of its stack, reading the
stack from the top (innermost) frame down; the components are listed below. JVM CPU is split in
proportion to the samples (JFR samples threads running Java code, intrinsics included, at a fixed
rate); GC threads are not sampled, so the GC line gives the collector's pauses apart.
"""
import collections
import re
import subprocess
import sys

COMPONENTS = [
    ("read", r"SampleBytes\.read|sun\.nio\.ch\.|FileSystems\.open|LocalFileSystem"),
    ("hashes (md5, sha1, sha256, histograms)",
     r"MessageDigest|sun\.security\.provider|\.ByteStats\.|\.ByteCounts\.|Digests\.|\.Entropy\."),
    ("fuzzy hashes (ssdeep, TLSH)", r"SsdeepHasher|TlshHasher"),
    ("strings", r"dev\.merc\.core\.strings\."),
    ("PE parse and file type", r"dev\.merc\.core\.pe\.|dev\.merc\.core\.magic\."),
    ("encoding (JSON, rows, string keys)",
     r"com\.fasterxml|RecordJson|StringItems|StringKeys|SampleRows|JsonCoder|SafeText"),
    ("JDBC", r"org\.postgresql|org\.sqlite|com\.zaxxer|JdbcIO"),
    ("Beam and the DirectRunner", r"org\.apache\.beam"),
]


def main():
    jfr, jvm_cpu = sys.argv[1], float(sys.argv[2])
    server_cpu = float(sys.argv[3]) if len(sys.argv) > 3 else None
    text = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", jfr],
                          capture_output=True, text=True, check=True).stdout
    counts = collections.Counter()
    patterns = [(name, re.compile(p)) for name, p in COMPONENTS]
    total = 0
    for event in text.split("jdk.ExecutionSample")[1:]:
        frames = re.findall(r"^\s+([\w$.<>]+)\(", event, re.M)
        if not frames:
            continue
        total += 1
        name = "other (JDK, GC barriers, threads)"
        for frame in frames:
            hit = next((n for n, p in patterns if p.search(frame)), None)
            if hit:
                name = hit
                break
        counts[name] += 1
    gc_ms = gc_time_ms(jfr)
    whole = jvm_cpu + (server_cpu or 0)
    print(f"profile: {total} JVM samples; JVM {jvm_cpu:.1f} CPU s"
          + (f", database server {server_cpu:.1f} CPU s" if server_cpu is not None else ""))
    for name, _ in COMPONENTS + [("other (JDK, GC barriers, threads)", None)]:
        share = counts[name] / total if total else 0
        secs = share * jvm_cpu
        print(f"  {name:40} {secs:7.1f} CPU s  {100 * secs / whole:5.1f}%")
    if server_cpu is not None:
        print(f"  {'database server itself':40} {server_cpu:7.1f} CPU s  {100 * server_cpu / whole:5.1f}%")
    print(f"  (GC pauses: {gc_ms / 1000:.1f} s, part of the JVM's CPU above)")


def gc_time_ms(jfr):
    text = subprocess.run(["jfr", "print", "--events", "jdk.GarbageCollection", jfr],
                          capture_output=True, text=True).stdout
    total = 0.0
    for m in re.finditer(r"sumOfPauses = ([\d.]+) (ms|s|us)", text):
        v = float(m.group(1))
        total += v * {"ms": 1, "s": 1000, "us": 0.001}[m.group(2)]
    return total


if __name__ == "__main__":
    main()
