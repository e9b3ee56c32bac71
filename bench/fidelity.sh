#!/usr/bin/env bash
# fidelity.sh CORPUS_DIR -- runs Merc over a corpus (e.g. one built by ../shared/corpus/build.sh)
# with the string caps off, then compares its JSON Lines with the peers, file by file:
#   bench/compare-tools.py    magic, mime (file 5.44), ssdeep (2.14), tlsh (3.4.4)
#   bench/compare-pefile.py   the pe object (pefile 2023.2.7, Debian python3-pefile)
#   bench/compare-strings.py  strings (FLOSS's static string rules)
# Needs: the bundle (mvn -B -DskipTests package), file, ssdeep, tlsh-tools, python3-pefile.
set -euo pipefail
CORPUS=${1:?usage: fidelity.sh CORPUS_DIR}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
java -jar "$ROOT/runners/direct/target/merc-direct.jar" --input="$CORPUS" \
  --jdbcUrl="jdbc:sqlite:$WORK/merc.db" --jsonOutput="$WORK/json" --progress=false \
  --maxStrings=2147483647 --maxStringBytes=9223372036854775807
cat "$WORK"/json/*.jsonl > "$WORK/records.jsonl"
status=0
echo "== file, ssdeep, tlsh"; python3 "$ROOT/bench/compare-tools.py" "$WORK/records.jsonl" || status=1
echo "== pefile"; /usr/bin/python3 "$ROOT/bench/compare-pefile.py" "$WORK/records.jsonl" || status=1
echo "== strings"; python3 "$ROOT/bench/compare-strings.py" "$CORPUS" "$WORK/records.jsonl" || status=1
exit $status
