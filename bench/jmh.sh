#!/usr/bin/env bash
# jmh.sh [CORPUS_DIR] [JMH options] -- per-extractor and whole-sample throughput, per core.
# Builds bench/jmh, runs ExtractorBenchmarks over up to 128 MB of CORPUS_DIR (default
# $MERC_CORPUS, else generated data), and prints MB/s and files/s from the median operation time.
# Example: bench/jmh.sh /path/to/corpus            bench/jmh.sh /path/to/corpus -p megabytes=700
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR=${1:-${MERC_CORPUS:-}}; shift || true
(cd "$ROOT" && mvn -B -q -DskipTests package -pl bench/jmh -am)
OUT=$(mktemp -d); trap 'rm -rf "$OUT"' EXIT
java -jar "$ROOT/bench/jmh/target/merc-benchmarks.jar" ExtractorBenchmarks -p dir="$DIR" \
  -rf json -rff "$OUT/result.json" "$@" | tee "$OUT/log.txt" | grep -E '^\[corpus|^Benchmark|^Extractor'
python3 - "$OUT/result.json" "$OUT/log.txt" <<'PY'
import json, re, statistics, sys
results = json.load(open(sys.argv[1]))
m = re.search(r'\[corpus: .*?: (\d+) files, (\d+) bytes\]', open(sys.argv[2]).read())
files, size = int(m.group(1)), int(m.group(2))
print(f'\n{"extractor":22} {"median ms":>10} {"MB/s":>9} {"files/s":>9}   ({files} files, {size / 1e6:.1f} MB)')
for r in results:
    name = r['benchmark'].rsplit('.', 1)[1]
    ms = statistics.median(x for fork in r['primaryMetric']['rawData'] for x in fork)
    print(f'{name:22} {ms:10.1f} {size / 1e6 / (ms / 1e3):9.1f} {files / (ms / 1e3):9.1f}')
PY
