#!/usr/bin/env bash
# archive-throughput.sh DIR_OR_ARCHIVE [PASSWORD] -- decode MB/s of Merc's 7z/zip reading vs 7z x.
# Given a folder, first packs it as the dataset is packed: a solid, AES-256 7z with encrypted
# headers (7z a -p -mhe=on, default LZMA2 level). Then times, on the same archive:
#   7z x     extracting every file to a temp folder (what users do today);
#   merc     Merc's sequential reader, decoding only and decoding + spooling each entry to disk.
# MB/s are uncompressed bytes per wall-clock second. Example: bench/archive-throughput.sh /work/corpus
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SRC=${1:?usage: archive-throughput.sh DIR_OR_ARCHIVE [PASSWORD]}
PASS=${2:-infected}
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
(cd "$ROOT" && mvn -B -q -o -DskipTests package -pl bench/jmh -am)
if [ -d "$SRC" ]; then
  ARCHIVE="$WORK/bench.7z"
  (cd "$SRC" && 7z a -bd -y "-p$PASS" -mhe=on "$ARCHIVE" . >/dev/null)
else
  ARCHIVE=$SRC
fi
BYTES=$(7z l -slt "-p$PASS" "$ARCHIVE" | awk '/^Size = /{s+=$3} END{print s}')
echo "archive $ARCHIVE: $(stat -c %s "$ARCHIVE") bytes packed, $BYTES bytes unpacked"
start=$(date +%s.%N)
7z x -bd -y "-p$PASS" "-o$WORK/x" "$ARCHIVE" >/dev/null
end=$(date +%s.%N)
python3 -c "s=$end-$start; print(f'7z x: {s:.2f} s, {$BYTES/1e6/s:.1f} MB/s')"
rm -rf "$WORK/x"
JAR="$ROOT/bench/jmh/target/merc-benchmarks.jar"
java -cp "$JAR" dev.merc.bench.ArchiveThroughput "$ARCHIVE" "$PASS"
mkdir -p "$WORK/spool"
java -cp "$JAR" dev.merc.bench.ArchiveThroughput "$ARCHIVE" "$PASS" "$WORK/spool"
