#!/usr/bin/env bash
# fuzz.sh COUNT [CORPUS_DIR] [TIMEOUT_MS] [FIRST] -- a long fuzz campaign of the PE parser.
# Input i is seed (i mod seeds) mutated by Random(i), so a failure replays from its number alone.
# Seeds: the built-in crafted PE files, or every file of CORPUS_DIR. Set MERC_FUZZ_TARGET=sample to
# run the whole per-sample extraction (file type, fuzzy hashes, strings, PE) instead of the parser.
# Example: bench/fuzz.sh 1000000                  (CI runs a few seconds of the same in PeFuzzTest)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
mvn -B -q -o -DskipTests test-compile -pl transforms/core 2>/dev/null || mvn -B -q -DskipTests test-compile -pl transforms/core
CP="transforms/core/target/test-classes:transforms/core/target/classes:$(cd transforms/core && mvn -B -q -o dependency:build-classpath -Dmdep.outputFile=/dev/stdout 2>/dev/null)"
exec java -Xmx2g -Dmerc.fuzz.target="${MERC_FUZZ_TARGET:-pe}" -cp "$CP" dev.merc.core.pe.PeFuzz "$@"
