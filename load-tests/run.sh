#!/usr/bin/env bash
# The on-sale load test. Builds the server, starts it on its embedded defaults with the demo, then:
#   1. the ceiling: GET /health/live with wrk (the cheapest JSON endpoint), same run;
#   2. Guichet: the Gatling scenario (load-tests/src/test/java/.../OnSaleSimulation.java) in steps
#      of arrival rate, each step on a fresh copy of the stadium behind its own waiting room, after
#      a warm-up step that is not counted; the highest good rate is the last with p99 <= 50 ms over
#      all requests and < 0.1 % errors;
#   3. overload: 5x the highest good rate, the waiting room admitting at the highest good rate;
#   4. the ceiling again, by the hold ladder's generator (Gatling, open workload, GET /health/live at
#      rising rates, the same p99 and error limits), so holds compare with it on equal terms;
#   5. the hold ladder: Guichet and the baseline (load-tests/baseline/BaselineServer.java: the same
#      shop calls answered with one PostgreSQL transaction per hold, SELECT ... FOR UPDATE SKIP
#      LOCKED, on the same PostgreSQL), driven by the same Gatling simulation (HoldSimulation) at the
#      same rising rates, each until its first rate that is not good;
#   6. the invariant check after every step (the server's audit of the step's performance, and every
#      order a buyer saw paid looked up): a violation fails the run, loudly;
#   7. (full, and alone with `waitlist`) the waiting-list step: the stadium sold out, the queue
#      signing up to the waiting list, seats coming back and offered (WaitlistSimulation);
#   8. a markdown summary (load-tests/results/summary-MODE.md) and Gatling's HTML reports
#      (load-tests/target/reports/).
# Every Gatling step runs in one load-generator JVM kept warm for the whole run (Generator.java).
# Needs a JDK 17+, Maven, wrk, python3, curl (Debian: apt-get install wrk curl python3).
# Usage: load-tests/run.sh quick|full|waitlist
set -euo pipefail
MODE=${1:-quick}
# the waiting-list step: sign-ups asked per second and for how long, buyers who confirm and watch
WL_RATE=${WL_RATE:-1500}; WL_SECONDS=${WL_SECONDS:-10}; WL_CONFIRM=${WL_CONFIRM:-1500}
case "$MODE" in
  quick) STEPS=(20 40 60); STEP_S=12; CEIL_S=8; LADDER=(200 400 800 1600 3200); LADDER_S=6
    SETTLE_S=10; CEILING=(4000 8000 12000 16000); CEILING_S=4 ;;
  full) STEPS=(20 40 60 80 100 130 160 200 250 320); STEP_S=30; CEIL_S=20
    LADDER=(100 200 300 400 600 800 950 1100 1600 2200 2700 3200 3800 4500); LADDER_S=20
    CEILING=(4000 8000 12000 16000 20000 24000 32000); CEILING_S=10; SETTLE_S=30 ;;
  waitlist) STEPS=(); STEP_S=0; CEIL_S=10; LADDER=(); LADDER_S=0; SETTLE_S=30; CEILING=(); CEILING_S=0 ;;
  *) echo "usage: $0 quick|full|waitlist"; exit 2 ;;
esac
cd "$(dirname "$0")/.."
ROOT=$(pwd)
for tool in java mvn wrk python3 curl; do
  command -v $tool >/dev/null || { echo "missing $tool (apt-get install wrk curl python3)"; exit 2; }
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
GENERATOR=""; BASELINE=""
cleanup() {
  [ -z "$GENERATOR" ] || exec 7>&- || true
  kill $GENERATOR $BASELINE $SERVER 2>/dev/null || true
  wait $GENERATOR $BASELINE $SERVER 2>/dev/null || true
  # the server's warnings and errors (its access lines are too many to keep), for the report
  grep -v '"level":"INFO"' "$WORK/server.log" >"$REPORTS/server-warnings.log" 2>/dev/null || true
  rm -rf "$WORK"
}
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

# CPU seconds so far: the server's JVM (Guichet's, or the JVM whose pid is given: the baseline's),
# PostgreSQL (postmaster and its backends), the whole machine.
ticks() { awk '{print $14 + $15 + $16 + $17}' "/proc/$1/stat" 2>/dev/null || echo 0; }
cpu() {
  local pm server=0 pg=0 all
  server=$(ticks "${1:-$SERVER}")
  pm=$(pgrep -f -- "-D $WORK/data/postgres" | head -1 || true)
  if [ -n "$pm" ]; then
    pg=$(ticks "$pm")
    for c in $(pgrep -P "$pm"); do pg=$((pg + $(ticks "$c"))); done
  fi
  all=$(awk '/^cpu / {print $2 + $3 + $4 + $7 + $8}' /proc/stat)
  echo "$server $pg $all"
}
settle() { # waits (SETTLE_S at most: quick 10 s, full 30 s) for a quiet machine: under 25 % of
  # its CPUs busy over half a second, so that a step does not pay for the backlog of the one
  # before (a server that broke at the last rate can go on working for seconds after its
  # generator stopped)
  local a b i
  for i in $(seq 1 $((SETTLE_S * 2))); do
    a=$(awk '/^cpu / {print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8}' /proc/stat)
    sleep 0.5
    b=$(awk '/^cpu / {print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8}' /proc/stat)
    awk -v a="$a" -v b="$b" 'BEGIN { split(a, x, " "); split(b, y, " ");
      exit !((y[1] - x[1]) < 0.25 * (y[2] - x[2])) }' && return 0
  done
}
cpu_json() { # before after: where a step's CPU went, in seconds
  python3 - "$1" "$2" "$(getconf CLK_TCK)" <<'PY'
import json, sys
b, a, hz = [int(x) for x in sys.argv[1].split()], [int(x) for x in sys.argv[2].split()], int(sys.argv[3])
server, pg, total = ((a[i] - b[i]) / hz for i in range(3))
print(json.dumps({"serverSeconds": server, "postgresSeconds": pg,
                  "otherSeconds": max(0.0, total - server - pg), "machineSeconds": total}))
PY
}
# The load generator: one warm JVM for the whole run (load-tests/.../Generator.java), fed one step
# per line through a FIFO; a fresh Gatling JVM per step would measure its own warm-up.
mkfifo "$WORK/gen.in" "$WORK/gen.out"
java -Xms512m -Xmx1g --add-opens=java.base/java.lang=ALL-UNNAMED -cp "$CP" io.guichet.load.Generator \
  <"$WORK/gen.in" >"$WORK/gen.out" 2>"$REPORTS/generator.log" &
GENERATOR=$!
exec 7>"$WORK/gen.in" 8<"$WORK/gen.out"
gatling() { # name simulation key=value... : runs one step in the generator, its report in REPORTS
  local name=$1 simulation=$2 reply
  shift 2
  echo "io.guichet.load.$simulation $REPORTS/gatling-$name $REPORTS/$name.log $name $*" >&7
  read -r reply <&8 || reply="generator gone"
  [ "$reply" = "done 0" ] || { tail -30 "$REPORTS/$name.log"; echo "Gatling failed ($reply)"; exit 1; }
  mv "$REPORTS"/gatling-$name/*/ "$REPORTS/$name-report" && rmdir "$REPORTS/gatling-$name"
}
step() { # name rate duration [admissionPerMinute]
  local name=$1 rate=$2 duration=$3 admission=${4:-1000000}
  local before after
  settle
  before=$(cpu)
  gatling "$name" OnSaleSimulation base="$BASE" admin="$ADMIN" rate="$rate" \
    duration="$duration" admissionPerMinute="$admission" out="$REPORTS/$name.json"
  after=$(cpu)
  cpu_json "$before" "$after" >"$REPORTS/$name.cpu.json"
  python3 load-tests/summary.py judge "$REPORTS" "$name"
}

waitlist_step() { # the waiting-list step (WaitlistSimulation), judged by summary.py waitlist
  local before after
  echo "== waiting list: the stadium sold out, the queue signs up ($WL_RATE/s for ${WL_SECONDS}s),"
  echo "   seats come back and are offered to the first $WL_CONFIRM buyers"
  settle
  before=$(cpu)
  gatling waitlist WaitlistSimulation base="$BASE" admin="$ADMIN" serverLog="$WORK/server.log" \
    signupRate="$WL_RATE" signupSeconds="$WL_SECONDS" confirm="$WL_CONFIRM" \
    out="$REPORTS/waitlist.json"
  after=$(cpu)
  cpu_json "$before" "$after" >"$REPORTS/waitlist.cpu.json"
  echo "   $(python3 load-tests/summary.py waitlist "$REPORTS" waitlist)"
}
if [ "$MODE" = waitlist ]; then
  waitlist_step
  ELAPSED=$(($(date +%s) - STARTED))
  python3 load-tests/summary.py waitlist-summary "$REPORTS" "$ELAPSED" \
    >"$ROOT/load-tests/results/summary-waitlist.md"
  cat "$ROOT/load-tests/results/summary-waitlist.md"
  echo "reports: $REPORTS"
  if grep -q "INVARIANT VIOLATED" "$ROOT/load-tests/results/summary-waitlist.md"; then
    echo "!!!!!!!!!!!!!!!! AN INVARIANT WAS VIOLATED: see the summary !!!!!!!!!!!!!!!!"
    exit 1
  fi
  exit 0
fi

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

echo "== ceiling by the ladder's generator: GET /health/live at rising rates, ${CEILING_S}s each"
for rate in "${CEILING[@]}"; do
  name=ceiling-gatling-$rate
  settle
  gatling "$name" CeilingSimulation base="$BASE" rate="$rate" duration="$CEILING_S"
  v=$(python3 load-tests/summary.py ceiling "$REPORTS" "$name" "$rate" "$CEILING_S")
  echo "   $v"
  case "$v" in *": GOOD"*) ;; *) break ;; esac
done

echo "== hold ladder: Guichet and the baseline (one PostgreSQL transaction per hold, FOR UPDATE"
echo "   SKIP LOCKED, load-tests/baseline/BaselineServer.java), the same simulation, the same rates"
BPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
java -Xmx512m -cp target/guichet.jar load-tests/baseline/BaselineServer.java "$BPORT" "$PG" \
  load-tests/baseline/schema.sql >"$REPORTS/baseline-server.log" 2>&1 &
BASELINE=$!
for i in $(seq 1 60); do
  grep -q "baseline listening" "$REPORTS/baseline-server.log" && break
  kill -0 $BASELINE 2>/dev/null || { cat "$REPORTS/baseline-server.log"; exit 1; }
  sleep 1
done
rung() { # target rate [name]
  local target=$1 rate=$2 base=$BASE name=${3:-ladder-$1-$2} before after pid=$SERVER
  [ "$target" = baseline ] && base="http://127.0.0.1:$BPORT" && pid=$BASELINE
  settle
  before=$(cpu $pid)
  gatling "$name" HoldSimulation target="$target" base="$base" admin="$ADMIN" rate="$rate" \
    duration="$LADDER_S" out="$REPORTS/$name.json"
  after=$(cpu $pid)
  cpu_json "$before" "$after" >"$REPORTS/$name.cpu.json"
  [ -n "${3:-}" ] || python3 load-tests/summary.py ladder "$REPORTS" "$name"
}
# A warm-up of each (not counted: the JIT compiles both servers' paths), then both at each rate in
# turn (same conditions), each until its first rate that is not good.
rung guichet 200 ladder-warmup-guichet
rung baseline 200 ladder-warmup-baseline
G_DONE=""; B_DONE=""
for rate in "${LADDER[@]}"; do
  if [ -z "$G_DONE" ]; then
    v=$(rung guichet "$rate"); echo "   $v"; case "$v" in *": GOOD"*) ;; *) G_DONE=1 ;; esac
  fi
  if [ -z "$B_DONE" ]; then
    v=$(rung baseline "$rate"); echo "   $v"; case "$v" in *": GOOD"*) ;; *) B_DONE=1 ;; esac
  fi
  [ -n "$G_DONE" ] && [ -n "$B_DONE" ] && break
done

[ "$MODE" = full ] && waitlist_step

ELAPSED=$(($(date +%s) - STARTED))
python3 load-tests/summary.py summary "$REPORTS" "$MODE" "$ELAPSED" >"$ROOT/load-tests/results/summary-$MODE.md"
cat "$ROOT/load-tests/results/summary-$MODE.md"
echo "reports: $REPORTS"
if grep -q "INVARIANT VIOLATED" "$ROOT/load-tests/results/summary-$MODE.md"; then
  echo "!!!!!!!!!!!!!!!! AN INVARIANT WAS VIOLATED: see the summary !!!!!!!!!!!!!!!!"
  exit 1
fi
