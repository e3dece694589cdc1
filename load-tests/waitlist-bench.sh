#!/usr/bin/env bash
# The waiting list's sign-up benchmark. Builds the server if needed, starts it on its embedded
# defaults, makes a small performance whose one category is sold out (every seat held in carts),
# then, in the same run and interleaved over ROUNDS rounds:
#   ceiling  GET /health/live                                 the cheapest JSON endpoint
#   signup   POST /api/v1/performances/{id}/waitlist?pos=...  a new guest each time, answered once
#            the entry is durable (group commits of sign-ups), its confirmation e-mail in the outbox
# and last what TARGET entries cost (500,000 by default: the list is filled up to it with the
# sign-up writer's own statement, guichet_waitlist_sign_up, 256 guests a call): PostgreSQL's storage
# (table, indexes, their confirmation e-mails), the server's heap before and after, and the time of
# the reads that grow with the list (an entry's rank at the back of the line, the offer engine's
# page, the organizer's figures, the CSV export).
# Needs wrk, curl, python3 (Debian: apt-get install wrk curl). Runs under the shared build lock:
#   flock /tmp/guichet-mvn.lock mvn -B -q package -DskipTests
#   flock /tmp/guichet-mvn.lock load-tests/waitlist-bench.sh
# Usage: load-tests/waitlist-bench.sh   [DURATION=20s] [CONNECTIONS=64] [ROUNDS=3] [TARGET=500000]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-64}
ROUNDS=${ROUNDS:-3}
TARGET=${TARGET:-500000}
for tool in wrk curl python3; do
  command -v $tool >/dev/null || { echo "missing $tool (apt-get install wrk curl)"; exit 2; }
done
[ -f target/guichet.jar ] || { echo "build first: mvn -B -q package -DskipTests"; exit 2; }

WORK=$(mktemp -d)
PORT=${GUICHET_HTTP_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
ADMIN="bench-$(head -c 12 /dev/urandom | base64 | tr -dc A-Za-z0-9)"
BASE="http://127.0.0.1:$PORT"
# a grid of its own (a cluster name no other Guichet on the machine uses)
GUICHET_HTTP_PORT=$PORT GUICHET_DATA_DIR="$WORK/data" GUICHET_ADMIN_KEY="$ADMIN" \
  GUICHET_HZ_CLUSTER="waitlist-bench-$$" \
  java ${JAVA_OPTS:-} -jar target/guichet.jar >"$WORK/server.log" 2>&1 &
SERVER=$!
cleanup() { kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
for i in $(seq 1 120); do
  curl -sf "$BASE/health/ready" >/dev/null && break
  kill -0 $SERVER 2>/dev/null || { cat "$WORK/server.log"; exit 1; }
  sleep 1
done
PG_PORT=$(grep -o 'PostgreSQL started on port [0-9]*' "$WORK/server.log" | grep -o '[0-9]*$')

# A performance of one category (A, 10 seats), on sale on one channel, every seat held.
read -r PERF POS < <(python3 - "$BASE" "$ADMIN" <<'PY'
import json, sys, urllib.request, datetime
base, admin = sys.argv[1], sys.argv[2]
def call(method, path, body=None, admin_call=True):
    req = urllib.request.Request(base + path, method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"content-type": "application/json",
                 **({"Authorization": "Bearer " + admin} if admin_call else {})})
    return json.load(urllib.request.urlopen(req))
now = datetime.datetime.now(datetime.timezone.utc)
iso = lambda d: d.strftime("%Y-%m-%dT%H:%M:%SZ")
org = call("POST", "/admin/v1/organizers", {"name": "Bench", "currency": "EUR"})["id"]
tariff = call("POST", f"/admin/v1/organizers/{org}/tariffs", {"code": "FULL", "name": "Full"})["id"]
venue = call("POST", "/admin/v1/venues", {"organizerId": org, "name": "Hall", "city": "Lyon"})["id"]
seats = [{"id": f"S-{p}", "section": "S", "row": "1", "pos": p, "x": p, "y": 1, "rank": p,
          "category": "A"} for p in range(1, 11)]
seatmap = call("POST", f"/admin/v1/venues/{venue}/seatmaps", {"name": "Hall",
    "categories": [{"code": "A", "name": "A"}],
    "sections": [{"id": "S", "name": "S", "bounds": {"x": 0, "y": 0, "width": 20, "height": 5}}],
    "seats": seats})["id"]
event = call("POST", "/admin/v1/events", {"organizerId": org, "name": "Sold out"})["id"]
perf = call("POST", "/admin/v1/performances", {"eventId": event, "seatMapId": seatmap,
    "startsAt": iso(now + datetime.timedelta(days=30)),
    "prices": [{"category": "A", "tariffId": tariff, "amount": 5000}]})["id"]
channel = call("POST", "/admin/v1/channels", {"organizerId": org, "name": "Web", "type": "PUBLIC",
    "seatSearchMode": "BEST_AVAILABLE_VIEW", "holdTimeoutSeconds": 86400,
    "isolatedSeatTrigger": 0, "maxPerPerformance": 6, "perTicketFee": 0,
    "deliveryModes": [{"mode": "E_TICKET"}]})["id"]
call("POST", "/admin/v1/points-of-sale", {"channelId": channel, "code": "bench", "name": "Bench",
    "languages": ["fr"]})
call("POST", f"/admin/v1/performances/{perf}/onsale-windows", {"channelId": channel,
    "opensAt": iso(now - datetime.timedelta(hours=1)),
    "closesAt": iso(now + datetime.timedelta(days=29))})
for quantity in (6, 4):
    cart = call("POST", "/api/v1/carts?pos=bench", None, False)
    req = urllib.request.Request(f"{base}/api/v1/carts/{cart['id']}/items?pos=bench",
        method="POST", data=json.dumps({"performanceId": perf, "quantities": [
            {"category": "A", "tariffId": tariff, "quantity": quantity}]}).encode(),
        headers={"content-type": "application/json", "X-Cart-Secret": cart["secret"]})
    urllib.request.urlopen(req).read()
print(perf, "bench")
PY
)

run() { # name script args...
  local name=$1 script=$2; shift 2
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "load-tests/wrk/$script" "$BASE" -- "$@" \
    >"$WORK/$name.out"
  local rps p50 p99 bad
  rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/$name.out")
  p50=$(awk '$1 == "50%" {print $2}' "$WORK/$name.out")
  p99=$(awk '$1 == "99%" {print $2}' "$WORK/$name.out")
  bad=$(awk '/Non-2xx/ {print $5}' "$WORK/$name.out"); bad=${bad:-0}
  echo "$name $rps $p50 $p99 $bad" | tee -a "$WORK/rounds.txt"
}
heap() { # the server's heap in use, in MB, after a GC (jcmd), else as Micrometer last saw it
  if command -v jcmd >/dev/null; then
    jcmd $SERVER GC.run >/dev/null 2>&1 || true
    sleep 2
  fi
  curl -s "$BASE/metrics" | awk '/^jvm_memory_used_bytes/ && /area="heap"/ {s += $NF} END {printf "%.0f", s / 1e6}'
}
HEAP_BEFORE=$(heap)
# Warm-up (not counted): the JIT compiles both paths.
wrk -t2 -c"$CONNECTIONS" -d10s -s load-tests/wrk/ceiling.lua "$BASE" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d10s -s load-tests/wrk/signup.lua "$BASE" -- "$PERF" "$POS" >/dev/null
echo "kind requests/s p50 p99 non-2xx"
for r in $(seq 1 "$ROUNDS"); do
  run ceiling ceiling.lua
  run signup signup.lua "$PERF" "$POS"
done

echo
echo "medians over $ROUNDS rounds ($DURATION each, $CONNECTIONS connections, wrk -t2 on the same 2 cores):"
python3 - "$WORK/rounds.txt" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
med = {}
for kind in ("ceiling", "signup"):
    rps = [float(r[1]) for r in rows if r[0] == kind]
    bad = sum(int(r[4]) for r in rows if r[0] == kind)
    p99 = [r[3] for r in rows if r[0] == kind]
    med[kind] = statistics.median(rps)
    print(f"  {kind:8s} {med[kind]:>10,.0f} req/s  p99 per round {', '.join(p99)}  non-2xx {bad}")
ratios = [float(s[1]) / float(c[1]) for c, s in zip([r for r in rows if r[0] == "ceiling"],
                                                   [r for r in rows if r[0] == "signup"])]
print(f"  signup / ceiling = {med['signup'] / med['ceiling']:.2f} (per round "
      + ", ".join(f"{x:.2f}" for x in ratios) + "; target >= 0.25 with p99 <= 50 ms)")
PY

# What the entries cost.
echo
echo "what $TARGET entries cost (PostgreSQL: pg_total_relation_size after vacuum; every entry"
echo "confirmed for the timings of the reads that grow with the list):"
java -cp target/guichet.jar load-tests/WaitlistStorage.java \
  "jdbc:postgresql://127.0.0.1:$PG_PORT/postgres" "$PERF" "$TARGET"
HEAP_AFTER=$(heap)
python3 - "$BASE" "$ADMIN" "$PERF" "$HEAP_BEFORE" "$HEAP_AFTER" <<'PY'
import json, sys, time, urllib.request, subprocess
base, admin, perf, heap_before, heap_after = sys.argv[1:6]
def get(path, admin_call=True, raw=False):
    req = urllib.request.Request(base + path,
        headers={"Authorization": "Bearer " + admin} if admin_call else {})
    t = time.monotonic()
    body = urllib.request.urlopen(req).read()
    return (body if raw else json.loads(body)), (time.monotonic() - t) * 1000
overview, ms = get(f"/admin/v1/performances/{perf}/waitlist")
entries = sum(v["entries"] for v in overview["figures"]["entries"].values())
print(f"  {entries:,} entries on the list; the organizer's figures read in {ms:.0f} ms")
csv, ms = get(f"/admin/v1/performances/{perf}/waitlist/export", raw=True)
rows = csv.count(b"\n") - 1
print(f"  CSV export: {len(csv) / 1e6:.1f} MB, {rows:,} rows, in {ms:.0f} ms")
print(f"  server heap in use after a GC: {heap_before} MB before the sign-ups, {heap_after} MB"
      f" with {entries:,} entries (they live in PostgreSQL; the server keeps none)")
PY
cleanup
trap - EXIT
