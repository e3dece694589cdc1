#!/usr/bin/env bash
# The hold cycle in a closed loop (wrk, fixed connections): Guichet against the PostgreSQL
# row-locking baseline (load-tests/baseline/BaselineServer.java) on the same embedded PostgreSQL,
# and GET /health/live (the cheapest endpoint) as the yardstick, in alternating rounds of one run:
#   round k: health, then Guichet and the baseline (in turn: G B, B G, G B, ...)
# Each measurement: cycles (cart, best-available hold of 2, release: load-tests/wrk/holdcycle.lua)
# over CONNECTIONS connections for SECONDS, and the CPU it cost from /proc: the server's JVM with
# its children (the embedded Redis), PostgreSQL's postmaster and backends. An open workload at
# these rates needs a generator that costs as much as the server on 2 cores; a closed loop of a
# cheap generator shows the server's own ceiling.
# Usage: load-tests/closed-loop.sh [rounds] [seconds] [connections]   (default 3 15 32)
# JAR=path measures another build of Guichet (default target/guichet.jar, built first unless
# SKIP_BUILD=1); the baseline always runs from target/guichet.jar's class path.
# On a shared machine run it under the build lock: flock /tmp/guichet-mvn.lock load-tests/closed-loop.sh
set -euo pipefail
ROUNDS=${1:-3}; SECONDS_EACH=${2:-15}; CONNECTIONS=${3:-32}
cd "$(dirname "$0")/.."
ROOT=$(pwd)
for tool in java mvn wrk python3 curl; do
  command -v $tool >/dev/null || { echo "missing $tool (apt-get install wrk curl python3)"; exit 2; }
done
[ -n "${SKIP_BUILD:-}" ] || mvn -B -q package -DskipTests -Dspotless.check.skip=true
WORK=$(mktemp -d /tmp/guichet-closed-loop.XXXXXX)
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PORT=${GUICHET_HTTP_PORT:-$(port)}; BPORT=$(port)
ADMIN="loop-$(head -c 12 /dev/urandom | base64 | tr -dc A-Za-z0-9)"
BASE="http://127.0.0.1:$PORT"; BBASE="http://127.0.0.1:$BPORT"
SERVER=""; BASELINE=""
cleanup() {
  [ -z "$BASELINE" ] || kill "$BASELINE" 2>/dev/null || true
  [ -z "$SERVER" ] || kill "$SERVER" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
GUICHET_HTTP_PORT=$PORT GUICHET_DATA_DIR="$WORK/data" GUICHET_ADMIN_KEY="$ADMIN" \
  java ${JAVA_OPTS:-} -jar "${JAR:-target/guichet.jar}" --demo >"$WORK/server.log" 2>&1 &
SERVER=$!
for i in $(seq 1 120); do
  curl -sf "$BASE/health/ready" >/dev/null && break
  kill -0 $SERVER 2>/dev/null || { cat "$WORK/server.log"; exit 1; }
  sleep 1
done
PG_PORT=$(grep -o 'PostgreSQL started on port [0-9]*' "$WORK/server.log" | grep -o '[0-9]*$')
java -Xmx512m -cp target/guichet.jar load-tests/baseline/BaselineServer.java "$BPORT" \
  "postgresql://postgres@127.0.0.1:$PG_PORT/postgres" load-tests/baseline/schema.sql \
  >"$WORK/baseline.log" 2>&1 &
BASELINE=$!
for i in $(seq 1 60); do
  grep -q "baseline listening" "$WORK/baseline.log" && break
  kill -0 $BASELINE 2>/dev/null || { cat "$WORK/baseline.log"; exit 1; }
  sleep 1
done

# A fresh copy of the demo stadium's performance for Guichet (its prices and windows, no waiting
# room, no quotas), a fresh one for the baseline; prints PERF TARIFF for each.
read -r G_PERF G_TARIFF < <(python3 - "$BASE" "$ADMIN" <<'PY'
import json, sys, urllib.request
base, admin = sys.argv[1], sys.argv[2]
def call(method, path, body=None):
    req = urllib.request.Request(base + path, method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": "Bearer " + admin, "Content-Type": "application/json"})
    with urllib.request.urlopen(req) as r:
        return json.loads(r.read() or b"null")
demo = call("GET", "/admin/v1/onsales/5ad1a0e5-0000-4000-8000-000000000001")
src = call("GET", "/admin/v1/performances/" + demo["performanceIds"][0])
prices = [{"category": p["category"], "tariffId": p["tariffId"], "amount": p["amount"]} for p in src["prices"]]
perf = call("POST", "/admin/v1/performances", {"eventId": src["eventId"], "seatMapId": src["seatMapId"],
    "startsAt": src["startsAt"], "prices": prices})["id"]
import datetime
opens = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
for w in call("GET", "/admin/v1/performances/" + src["id"] + "/onsale-windows")["items"]:
    call("POST", "/admin/v1/performances/" + perf + "/onsale-windows",
         {"channelId": w["channelId"], "opensAt": opens, "closesAt": src["startsAt"]})
print(perf, next(p["tariffId"] for p in prices if p["category"] == "CAT1"))
PY
)
B_PERF=$(curl -sf -X POST "$BBASE/baseline/performances" | python3 -c 'import json,sys; print(json.load(sys.stdin)["performanceId"])')

ticks() { awk '{print $14 + $15 + $16 + $17}' "/proc/$1/stat" 2>/dev/null || echo 0; }
tree() { echo "$1"; for c in $(pgrep -P "$1"); do tree "$c"; done; }
cpu() { # CPU ticks of a server JVM (and its children), and of PostgreSQL (postmaster and backends)
  local pids pm t=0
  pm=$(pgrep -f -- "-D $WORK/data/postgres" | head -1 || true)
  pids=$( (tree "$1"; [ -z "$pm" ] || tree "$pm") | sort -u)
  for p in $pids; do t=$((t + $(ticks "$p"))); done
  echo "$t"
}
measure() { # name base pid perf tariff: one wrk run; prints name requests cycles ticks
  local name=$1 base=$2 pid=$3 before after out
  before=$(cpu "$pid")
  if [ "$name" = health ]; then
    out=$(wrk -t2 -c64 -d"${SECONDS_EACH}s" -s load-tests/wrk/ceiling.lua "$base/health/live")
  else
    out=$(PERF=$4 TARIFF=$5 wrk -t"$CONNECTIONS" -c"$CONNECTIONS" -d"${SECONDS_EACH}s" \
      -s load-tests/wrk/holdcycle.lua "$base")
  fi
  after=$(cpu "$pid")
  local requests cycles
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  cycles=$(echo "$out" | awk '/^cycles/ {print $2" "$4" "$6}')
  echo "$name $requests ${cycles:-0 0 0} $((after - before))" | tee -a "$WORK/results.txt" >&2
}
echo "== warm-up (not counted)" >&2
measure warmup-guichet "$BASE" "$SERVER" "$G_PERF" "$G_TARIFF" 2>/dev/null
measure warmup-baseline "$BBASE" "$BASELINE" "$B_PERF" - 2>/dev/null
wrk -t2 -c64 -d5s -s load-tests/wrk/ceiling.lua "$BASE/health/live" >/dev/null
: >"$WORK/results.txt"
for r in $(seq 1 "$ROUNDS"); do
  echo "== round $r" >&2
  measure health "$BASE" "$SERVER"
  if [ $((r % 2)) -eq 1 ]; then
    measure guichet "$BASE" "$SERVER" "$G_PERF" "$G_TARIFF"
    measure baseline "$BBASE" "$BASELINE" "$B_PERF" -
  else
    measure baseline "$BBASE" "$BASELINE" "$B_PERF" -
    measure guichet "$BASE" "$SERVER" "$G_PERF" "$G_TARIFF"
  fi
done
python3 - "$WORK/results.txt" "$(getconf CLK_TCK)" "$SECONDS_EACH" "$CONNECTIONS" <<'PY'
import statistics, sys
path, hz, secs, conns = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
rows = [l.split() for l in open(path) if l.strip()]
rounds, cur = [], {}
for name, requests, cycles, refused, errors, ticks in rows:
    cur[name] = dict(requests=int(requests), cycles=int(cycles), refused=int(refused),
                     errors=int(errors), ms=int(ticks) * 1000 / hz)
    if len(cur) == 3:
        rounds.append(cur); cur = {}
print(f"| round | Guichet cycles/s | Guichet CPU ms/cycle | baseline cycles/s | baseline CPU ms/cycle "
      f"| health CPU ms/request | cycles/s ratio | CPU ratio (baseline/Guichet) | Guichet cycle in health requests |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
keep = []
for k, r in enumerate(rounds, 1):
    g, b, h = r["guichet"], r["baseline"], r["health"]
    gc, bc = g["ms"] / max(g["cycles"], 1), b["ms"] / max(b["cycles"], 1)
    hc = h["ms"] / max(h["requests"], 1)
    keep.append((g["cycles"] / secs, gc, b["cycles"] / secs, bc, hc, g["cycles"] / max(b["cycles"], 1), bc / gc, gc / hc))
    print(f"| {k} | {keep[-1][0]:,.0f} | {gc:.3f} | {keep[-1][2]:,.0f} | {bc:.3f} | {hc:.4f} | "
          f"{keep[-1][5]:.2f}x | {keep[-1][6]:.2f}x | {keep[-1][7]:.1f} |")
    if g["errors"] or b["errors"]:
        print(f"|   | errors: Guichet {g['errors']}, baseline {b['errors']}; refused: {g['refused']}, {b['refused']} |")
med = [statistics.median(x[i] for x in keep) for i in range(8)]
print(f"| median | {med[0]:,.0f} | {med[1]:.3f} | {med[2]:,.0f} | {med[3]:.3f} | {med[4]:.4f} | "
      f"{med[5]:.2f}x | {med[6]:.2f}x | {med[7]:.1f} |")
print(f"\n{len(keep)} rounds of {secs} s, {conns} connections; CPU = server JVM with its children "
      "(embedded Redis) + PostgreSQL, from /proc.")
PY
