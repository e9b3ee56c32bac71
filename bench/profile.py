#!/usr/bin/env python3
"""Where a Merc run's CPU went, by component: async-profiler's CPU samples of the whole JVM (its
Java, JIT compiler and GC threads alike), plus the CPU seconds of the database server, measured
beside it.

Usage: python3 bench/profile.py STACKS.collapsed JVM_CPU_SECONDS [SERVER_CPU_SECONDS]

STACKS.collapsed is async-profiler's collapsed output (one "frame;frame;... count" line per
stack). Each stack goes to the first component whose pattern matches one of its frames, read from
the innermost frame outwards; JVM CPU is split in proportion to the samples.
"""
import collections
import re
import sys

COMPONENTS = [
    ("GC", r"^G1|GCTask|WorkerThread::run|ConcurrentGCThread|G1ConcurrentRefine"),
    ("JIT compiler", r"CompileBroker|C2Compiler|C1Compiler"),
    ("read", r"SampleBytes\.read|sun/nio/ch/|FileSystems\.open|LocalFileSystem"),
    ("hashes (md5, sha1, sha256, histograms)",
     r"MessageDigest|sun/security/provider|/ByteStats\.|/ByteCounts\.|/Digests\.|/Entropy\.|"
     r"MD5::|SHA::|StubRoutines|_md5_implCompress|sha1_implCompress|sha256_implCompress"),
    ("fuzzy hashes (ssdeep, TLSH)", r"SsdeepHasher|TlshHasher"),
    ("strings", r"dev/merc/core/strings/"),
    ("PE parse and file type", r"dev/merc/core/pe/|dev/merc/core/magic/"),
    ("encoding (JSON, rows, string keys)",
     r"com/fasterxml|RecordJson|StringItems|StringKeys|SampleRows|JsonCoder|SafeText"),
    ("JDBC", r"org/postgresql|org/sqlite|com/zaxxer|JdbcIO"),
    ("Beam and the DirectRunner", r"org/apache/beam"),
]
OTHER = "other (JVM, JDK, threads)"


def main():
    stacks, jvm_cpu = sys.argv[1], float(sys.argv[2])
    server_cpu = float(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[3] else None
    patterns = [(name, re.compile(p)) for name, p in COMPONENTS]
    counts = collections.Counter()
    total = 0
    with open(stacks) as f:
        for line in f:
            stack, _, n = line.rstrip("\n").rpartition(" ")
            if not stack:
                continue
            n = int(n)
            total += n
            name = OTHER
            for frame in reversed(stack.split(";")):
                hit = next((c for c, p in patterns if p.search(frame)), None)
                if hit:
                    name = hit
                    break
            counts[name] += n
    whole = jvm_cpu + (server_cpu or 0)
    print(f"profile: {total} samples of the JVM's {jvm_cpu:.1f} CPU s"
          + (f"; database server {server_cpu:.1f} CPU s" if server_cpu is not None else ""))
    for name in [c for c, _ in COMPONENTS] + [OTHER]:
        secs = counts[name] / total * jvm_cpu if total else 0
        print(f"  {name:40} {secs:7.1f} CPU s  {100 * secs / whole:5.1f}%")
    if server_cpu is not None:
        print(f"  {'database server':40} {server_cpu:7.1f} CPU s  {100 * server_cpu / whole:5.1f}%")


if __name__ == "__main__":
    main()
