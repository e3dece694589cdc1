#!/usr/bin/env bash
# The on-sale load test. Builds the server, starts it on its embedded defaults with the demo, then:
#   1. the ceiling: GET /health/live with wrk (the cheapest JSON endpoint), same run;
#   2. Guichet: the Gatling scenario (load-tests/src/test/java/.../OnSaleSimulation.java) in steps
#      of arrival rate, each step on a fresh copy of the stadium behind its own waiting room, after
#      a warm-up step that is not counted; the highest good rate is the last with p99 <= 50 ms over
#      all requests and < 0.1 % errors;
#   3. overload: 5x the highest good rate, the waiting room admitting at the highest good rate;
#   4. the baseline: pgbench against the same PostgreSQL, one transaction per hold with
#      SELECT ... FOR UPDATE SKIP LOCKED (load-tests/baseline), same rates, then higher until it fails;
#   5. the invariant check after every step (the server's audit of the step's performance, and every
#      order a buyer saw paid looked up): a violation fails the run, loudly;
#   6. a markdown summary (load-tests/results/summary-MODE.md) and Gatling's HTML reports
#      (load-tests/target/reports/).
# Needs a JDK 17+, Maven, wrk, pgbench and psql, python3 (Debian: apt-get install wrk postgresql).
# Usage: load-tests/run.sh quick|full
set -euo pipefail
MODE=${1:-quick}
case "$MODE" in
  quick) STEPS=(20 40 60); STEP_S=15; BASE_S=8; CEIL_S=8 ;;
  full) STEPS=(20 40 60 80 100 130 160); STEP_S=40; BASE_S=20; CEIL_S=20 ;;
  *) echo "usage: $0 quick|full"; exit 2 ;;
esac
cd "$(dirname "$0")/.."
ROOT=$(pwd)
for tool in java mvn wrk pgbench psql python3 curl; do
  command -v $tool >/dev/null || { echo "missing $tool (apt-get install wrk postgresql curl python3)"; exit 2; }
done
STARTED=$(date +%s)
echo "== building the server and the load test"
mvn -B -q package -DskipTests
(cd load-tests && mvn -B -q test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test)
CP="$ROOT/load-tests/target/test-classes:$(cat load-tests/target/cp.txt)"

WORK=$(mktemp -d)
REPORTS="$ROOT/load-tests/target/reports/$(date -u +%Y%m%dT%H%M%SZ)-$MODE"
mkdir -p "$REPORTS"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
ADMIN="load-$(head -c 12 /dev/urandom | base64 | tr -dc A-Za-z0-9)"
BASE="http://127.0.0.1:$PORT"
echo "== starting the server on $BASE (data in $WORK/data)"
GUICHET_HTTP_PORT=$PORT GUICHET_DATA_DIR="$WORK/data" GUICHET_ADMIN_KEY="$ADMIN" \
  java ${JAVA_OPTS:-} -jar target/guichet.jar --demo >"$WORK/server.log" 2>&1 &
SERVER=$!
cleanup() { kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
for i in $(seq 1 120); do
  curl -sf "$BASE/health/ready" >/dev/null && break
  kill -0 $SERVER 2>/dev/null || { cat "$WORK/server.log"; exit 1; }
  sleep 1
done
PG_PORT=$(grep -o 'PostgreSQL started on port [0-9]*' "$WORK/server.log" | grep -o '[0-9]*$')
PG="postgresql://postgres@127.0.0.1:$PG_PORT/postgres"

echo "== ceiling: GET /health/live (wrk, 64 connections, ${CEIL_S}s after a warm-up)"
wrk -t2 -c64 -d5s "$BASE/health/live" >/dev/null
wrk -t2 -c64 -d${CEIL_S}s --latency "$BASE/health/live" >"$REPORTS/ceiling.txt"
grep "Requests/sec" "$REPORTS/ceiling.txt"

step() { # name rate duration [admissionPerMinute]
  local name=$1 rate=$2 duration=$3 admission=${4:-1000000}
  java -Xms256m -Xmx1g --add-opens=java.base/java.lang=ALL-UNNAMED -cp "$CP" \
    -Dbase="$BASE" -Dadmin="$ADMIN" -Drate="$rate" -Dduration="$duration" \
    -DadmissionPerMinute="$admission" -Dout="$REPORTS/$name.json" \
    io.gatling.app.Gatling --simulation io.guichet.load.OnSaleSimulation \
    --results-folder "$REPORTS/gatling-$name" --launcher maven --run-description "$name" \
    >"$REPORTS/$name.log" 2>&1 || { tail -30 "$REPORTS/$name.log"; echo "Gatling failed"; exit 1; }
  mv "$REPORTS"/gatling-$name/*/ "$REPORTS/$name-report" && rmdir "$REPORTS/gatling-$name"
  python3 load-tests/summary.py judge "$REPORTS" "$name"
}

echo "== warm-up (not counted): 20 visitors/s for 10 s"
step warmup 20 10 >/dev/null
echo "== Guichet: steps of ${STEPS[*]} visitors/s, ${STEP_S}s each"
BEST=0
for rate in "${STEPS[@]}"; do
  verdict=$(step "guichet-$rate" "$rate" "$STEP_S")
  echo "   $verdict"
  case "$verdict" in
    *": GOOD"*) BEST=$rate ;;
    *) break ;;
  esac
done
if [ "$BEST" -gt 0 ]; then
  OVER=$((BEST * 5))
  echo "== overload: $OVER visitors/s, admission at $BEST visitors/s"
  echo "   $(step "overload-$OVER" "$OVER" "$STEP_S" $((BEST * 60)))"
fi

echo "== baseline: pgbench, one transaction per hold (FOR UPDATE SKIP LOCKED)"
psql -q "$PG" -f load-tests/baseline/schema.sql >/dev/null
MAP=$(psql -tA "$PG" -c "select p.seat_map_id from performance p join onsale_performance o on o.performance_id = p.id where o.onsale_id = '5ad1a0e5-0000-4000-8000-000000000001'")
baseline() { # n holdsPerSecond
  local n=$1 rate=$2
  psql -q "$PG" -c "insert into baseline.seat (perf, id, category, rank)
      select $n, id, category, rank from seat where seat_map_id = '$MAP' and not blocked
      union all select $n, 'PITCH-' || g, 'PIT', 0 from generate_series(1, 5000) g" >/dev/null
  psql -q "$PG" -c "analyze baseline.seat" >/dev/null
  (cd "$WORK" && rm -f pgbench_log.* && pgbench -n -M prepared -c 16 -j 2 -R "$rate" -T "$BASE_S" \
    -D perf="$n" -f "$ROOT/load-tests/baseline/hold.sql" -l "$PG" >"$REPORTS/baseline-$rate.txt" 2>&1 || true)
  cat "$WORK"/pgbench_log.* >"$REPORTS/baseline-$rate.log" 2>/dev/null || true
  python3 load-tests/summary.py baseline "$REPORTS" "$rate" "$BASE_S"
}
n=0
# The same hold rates as Guichet's steps (each visitor holds ~1.08 times), then higher until it fails.
RATES=()
for rate in "${STEPS[@]}"; do RATES+=($((rate * 108 / 100))); done
last=${RATES[-1]}
for k in 1 2 3 4 5 6; do last=$((last * 2)); RATES+=($last); done
for rate in "${RATES[@]}"; do
  n=$((n + 1))
  verdict=$(baseline $n "$rate")
  echo "   $verdict"
  case "$verdict" in *": GOOD"*) ;; *) [ "$rate" -gt "${RATES[$((${#STEPS[@]} - 1))]}" ] && break ;; esac
done

ELAPSED=$(($(date +%s) - STARTED))
python3 load-tests/summary.py summary "$REPORTS" "$MODE" "$ELAPSED" >"$ROOT/load-tests/results/summary-$MODE.md"
cat "$ROOT/load-tests/results/summary-$MODE.md"
echo "reports: $REPORTS"
if grep -q "INVARIANT VIOLATED" "$ROOT/load-tests/results/summary-$MODE.md"; then
  echo "!!!!!!!!!!!!!!!! AN INVARIANT WAS VIOLATED: see the summary !!!!!!!!!!!!!!!!"
  exit 1
fi
