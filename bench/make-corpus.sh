#!/usr/bin/env bash
# make-corpus.sh SRC DST N -- copies the files of SRC round-robin into DST until it holds N files,
# appending 16 unique bytes to each copy so that every sha256 differs (the scale corpus).
# Example: bench/make-corpus.sh CORPUS /tmp/scale 5000   (about 3.4 GB from the public corpus)
set -euo pipefail
SRC=${1:?usage: make-corpus.sh SRC DST N}; DST=${2:?}; N=${3:?}
mkdir -p "$DST"
mapfile -t files < <(find "$SRC" -maxdepth 1 -type f | sort)
[ ${#files[@]} -gt 0 ] || { echo "no files in $SRC" >&2; exit 1; }
for ((i = 0; i < N; i++)); do
  f=${files[$((i % ${#files[@]}))]}
  out=$(printf '%s/%06d_%s' "$DST" "$i" "$(basename "$f")")
  { cat "$f"; printf 'merc-scale-%05d' "$i"; } > "$out"
done
echo "$N files, $(du -sb "$DST" | cut -f1) bytes in $DST"
