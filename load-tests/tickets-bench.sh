#!/usr/bin/env bash
# The tickets' benchmark. Builds the server if needed, starts it on its embedded defaults with the
# demo, buys ORDERS orders of 8 stadium seats (paid through the simulated provider, delivered to
# mobile), then, in the same run and interleaved over ROUNDS rounds:
#   ceiling     GET /health/live                       the cheapest JSON endpoint
#   mobile      GET /api/v1/tickets/{id}               the mobile ticket (JSON with its code)
#   pdf-cached  GET /api/v1/tickets/{id}/pdf           PDFs already rendered once (cached)
#   pdf-cold    GET /api/v1/tickets/{id}/pdf           every request a ticket never rendered
# Needs wrk, curl, jq, python3 (Debian: apt-get install wrk curl jq).
# Usage: load-tests/tickets-bench.sh [DURATION=20s] [COLD_DURATION=5s] [CONNECTIONS=64]
#        [ROUNDS=3] [ORDERS=700]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-20s}
COLD_DURATION=${COLD_DURATION:-5s}
CONNECTIONS=${CONNECTIONS:-64}
ROUNDS=${ROUNDS:-3}
ORDERS=${ORDERS:-700}
WARM=400
for tool in wrk curl jq python3; do
  command -v $tool >/dev/null || { echo "missing $tool (apt-get install wrk curl jq)"; exit 2; }
done
[ -f target/guichet.jar ] || mvn -B -q package -DskipTests

WORK=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
ADMIN="bench-$(head -c 12 /dev/urandom | base64 | tr -dc A-Za-z0-9)"
BASE="http://127.0.0.1:$PORT"
GUICHET_HTTP_PORT=$PORT GUICHET_DATA_DIR="$WORK/data" GUICHET_ADMIN_KEY="$ADMIN" \
  GUICHET_PUBLIC_URL="$BASE" java ${JAVA_OPTS:-} -jar target/guichet.jar --demo >"$WORK/server.log" 2>&1 &
SERVER=$!
cleanup() { kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
for i in $(seq 1 120); do
  curl -sf "$BASE/health/ready" >/dev/null && break
  kill -0 $SERVER 2>/dev/null || { cat "$WORK/server.log"; exit 1; }
  sleep 1
done

echo "buying $ORDERS orders of 8 tickets..."
python3 load-tests/tickets_setup.py "$BASE" "$ORDERS" >"$WORK/tickets.txt"
TOTAL=$(wc -l <"$WORK/tickets.txt")
COLD=$(( (TOTAL - WARM) / ROUNDS ))
echo "$TOTAL tickets: $WARM to warm up and re-download, $COLD fresh ones per round for cold PDFs"
sed -n "1,${WARM}p" "$WORK/tickets.txt" >"$WORK/warm.txt"
for r in $(seq 1 "$ROUNDS"); do
  sed -n "$((WARM + 1 + (r - 1) * COLD)),$((WARM + r * COLD))p" "$WORK/tickets.txt" >"$WORK/cold-$r.txt"
done

run() { # name duration connections script script-args...
  local name=$1 duration=$2 connections=$3 script=$4; shift 4
  wrk -t2 -c"$connections" -d"$duration" --latency -s "$script" "$BASE" -- "$@" >"$WORK/$name.out"
  local rps p50 p99 bad total
  rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/$name.out")
  p50=$(awk '$1 == "50%" {print $2}' "$WORK/$name.out")
  p99=$(awk '$1 == "99%" {print $2}' "$WORK/$name.out")
  bad=$(awk '/Non-2xx/ {print $5}' "$WORK/$name.out"); bad=${bad:-0}
  total=$(awk '/requests in/ {print $1}' "$WORK/$name.out")
  echo "$name $rps $p50 $p99 $bad $total" | tee -a "$WORK/rounds.txt"
}
TL=load-tests/wrk/ticket.lua
# Warm-up (not counted): the JIT compiles every path, and the warm set's PDFs get rendered.
wrk -t2 -c"$CONNECTIONS" -d10s -s load-tests/wrk/ceiling.lua "$BASE" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d10s -s $TL "$BASE" -- mobile "$WORK/tickets.txt" cycle >/dev/null
wrk -t2 -c"$CONNECTIONS" -d20s -s $TL "$BASE" -- pdf "$WORK/warm.txt" cycle >/dev/null
echo "kind requests/s p50 p99 non-2xx requests"
for r in $(seq 1 "$ROUNDS"); do
  run ceiling "$DURATION" "$CONNECTIONS" load-tests/wrk/ceiling.lua
  run mobile "$DURATION" "$CONNECTIONS" $TL mobile "$WORK/tickets.txt" cycle
  run pdf-cached "$DURATION" "$CONNECTIONS" $TL pdf "$WORK/warm.txt" cycle
  # cold: a few connections (renders queue on the worker threads anyway)
  run pdf-cold "$COLD_DURATION" 8 $TL pdf "$WORK/cold-$r.txt" once
done

echo
echo "medians over $ROUNDS rounds ($DURATION each, cold $COLD_DURATION; wrk -t2 on the same 2 cores):"
python3 - "$WORK/rounds.txt" "$COLD" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
cold = int(sys.argv[2])
med = {}
for kind in ("ceiling", "mobile", "pdf-cached", "pdf-cold"):
    rps = [float(r[1]) for r in rows if r[0] == kind]
    bad = sum(int(r[4]) for r in rows if r[0] == kind)
    p99 = [r[3] for r in rows if r[0] == kind]
    med[kind] = statistics.median(rps)
    print(f"  {kind:10s} {med[kind]:>10,.0f} req/s  p99 per round {', '.join(p99)}  non-2xx {bad}")
    if kind == "pdf-cold" and max(int(r[5]) for r in rows if r[0] == kind) > cold:
        print(f"  WARNING: a cold round asked for more than its {cold} fresh tickets (raise ORDERS)")
print(f"  mobile / ceiling = {med['mobile'] / med['ceiling']:.2f} (target >= 0.50)"
      f"   pdf-cached / ceiling = {med['pdf-cached'] / med['ceiling']:.2f} (target >= 0.25)"
      f"   pdf-cold / ceiling = {med['pdf-cold'] / med['ceiling']:.4f}")
PY
cleanup
trap - EXIT
