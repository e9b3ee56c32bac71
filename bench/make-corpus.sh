#!/usr/bin/env bash
# make-corpus.sh SRC DST N [BIG] -- the scale corpus: N files in DST, copied round-robin from the
# files of SRC with 16 unique bytes appended to each copy so that every sha256 differs; BIG of
# them (default: one per 2,500 files) are large samples instead, a PE file of SRC followed by an
# overlay of about 110 MB (concatenated SRC files), as installers and droppers carry.
# Example: bench/make-corpus.sh CORPUS /tmp/scale 5000   (about 3.6 GB from the public corpus)
set -euo pipefail
SRC=${1:?usage: make-corpus.sh SRC DST N [BIG]}; DST=${2:?}; N=${3:?}
BIG=${4:-$(( N / 2500 ))}
BIG_BYTES=$(( 110 * 1000 * 1000 ))
mkdir -p "$DST"
mapfile -t files < <(find "$SRC" -maxdepth 1 -type f | sort)
[ ${#files[@]} -gt 0 ] || { echo "no files in $SRC" >&2; exit 1; }
for ((i = 0; i < N - BIG; i++)); do
  f=${files[$((i % ${#files[@]}))]}
  out=$(printf '%s/%06d_%s' "$DST" "$i" "$(basename "$f")")
  { cat "$f"; printf 'merc-scale-%05d' "$i"; } > "$out"
done
for ((b = 0; b < BIG; b++)); do
  out=$(printf '%s/big%02d_%s' "$DST" "$b" "$(basename "${files[$b]}")")
  {
    cat "${files[$b]}"
    k=$b; n=0
    while [ $n -lt $BIG_BYTES ]; do
      f=${files[$((k++ % ${#files[@]}))]}
      cat "$f"; n=$(( n + $(stat -c %s "$f") ))
    done
    printf 'merc-scale-big-%05d' "$b"
  } > "$out"
done
echo "$N files ($BIG over 100 MB), $(du -sb "$DST" | cut -f1) bytes in $DST"
