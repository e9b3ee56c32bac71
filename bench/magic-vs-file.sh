#!/usr/bin/env bash
# Compares Merc's magic/mime (dev.merc.core.magic.FileTypes) with the installed `file` (5.44) on a folder.
#
# Usage:  bench/magic-vs-file.sh [FOLDER]        (FOLDER: e.g. a corpus built by ../shared/corpus/build.sh)
#
# Compiles only the magic package and its tests (with javac, into a temp dir; no Maven), then runs
# FileTypesCorpusTest with MERC_CORPUS=FOLDER. That test runs `file -b -N` and `file -b -N --mime-type` in batches
# on every regular file under FOLDER, prints "N of M PE files exact", and fails listing every PE mismatch.
# Needs: JDK 17+, `file` on the PATH, junit 4.13.2 and hamcrest-core 1.3 in ~/.m2/repository.
set -euo pipefail
folder="${1:?usage: bench/magic-vs-file.sh FOLDER}"
here="$(cd "$(dirname "$0")/.." && pwd)"
core="$here/transforms/core/src"
cp=$(find "$HOME/.m2/repository" -name junit-4.13.2.jar -o -name hamcrest-core-1.3.jar | tr '\n' :)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
javac --release 17 -d "$out" -cp "$cp" \
  "$core"/main/java/dev/merc/core/magic/*.java "$core"/test/java/dev/merc/core/magic/*.java
MERC_CORPUS="$folder" java -cp "$out:$cp" org.junit.runner.JUnitCore dev.merc.core.magic.FileTypesCorpusTest
