#!/usr/bin/env bash
# scale-corpus.sh N [DIR] -- builds the public corpus once (../shared/corpus/build.sh, into
# ~/.cache/merc/corpus, as .ci/run does) and from it the scale corpus of N files in DIR (default
# /tmp/merc-scale-N), unless DIR already holds N files. Prints DIR.
set -euo pipefail
N=${1:?usage: scale-corpus.sh N [DIR]}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR=${2:-/tmp/merc-scale-$N}
PUBLIC=${MERC_CORPUS:-$HOME/.cache/merc/corpus}
if [ ! -f "$PUBLIC.complete" ] && [ -z "${MERC_CORPUS:-}" ]; then
  bash "$ROOT/../shared/corpus/build.sh" "$PUBLIC" >&2 && touch "$PUBLIC.complete"
fi
if [ "$(find "$DIR" -type f 2>/dev/null | wc -l)" != "$N" ]; then
  rm -rf "$DIR"
  bash "$ROOT/bench/make-corpus.sh" "$PUBLIC" "$DIR" "$N" >&2
fi
echo "$DIR"
