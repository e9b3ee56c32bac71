#!/usr/bin/env bash
# flink-speedup.sh CORPUS [RUNS]
#
# Merc on a local Flink 1.19 session cluster (a JobManager and a TaskManager with 2 slots, started
# from the build's Flink jars) at parallelism 1 and 2 over CORPUS, RUNS times each (default 3),
# each run into a fresh Postgres database. Prints files/s and MB/s from the median job duration
# that Flink's REST API reports, and the speedup of parallelism 2 over 1 (FlinkSpeedupIT; the
# figures are also left in runners/flink/target/flink-speedup.txt).
#
# Needs: JDK 17, Maven, and a Postgres at 127.0.0.1:5432 that user postgres can create databases
# on (MERC_TEST_PGHOST, MERC_TEST_PGUSER override). It builds what it needs; the machine should
# otherwise be idle, since the figures are only as good as the cores the two slots get.
set -euo pipefail
CORPUS=$(realpath "${1:?usage: flink-speedup.sh CORPUS [RUNS]}")
RUNS=${2:-3}
cd "$(dirname "$0")/.."
MERC_BENCH_CORPUS=$CORPUS MERC_BENCH_RUNS=$RUNS mvn -B -ntp -q verify -pl runners/flink -am \
  -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=FlinkSpeedupIT -Dfailsafe.failIfNoSpecifiedTests=false
cat runners/flink/target/flink-speedup.txt
