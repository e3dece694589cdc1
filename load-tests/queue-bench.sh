#!/usr/bin/env bash
# The waiting room's benchmark. Builds the server if needed, starts it on its embedded defaults
# with the demo, switches the demo stadium's waiting room on (queue open, sale in an hour: the
# minutes before a big on-sale, when everyone waits and polls), then, in the same run and
# interleaved over ROUNDS rounds:
#   ceiling  GET /health/live            the cheapest JSON endpoint
#   join     POST /api/v1/onsales/{id}/queue          (a new visitor each time)
#   poll     GET  /api/v1/onsales/{id}/queue/{visitor} (with the queue ticket)
# and last the memory of 1,000,000 queued visitors in Redis (same script, same member format),
# and the size of Redis's append-only file for them.
# The embedded Redis keeps its data in an append-only file; GUICHET_REDIS_APPENDFSYNC (everysec,
# always or no) is passed on to the server, to measure what each policy costs.
# Needs wrk, redis-cli, curl, jq, python3 (Debian: apt-get install wrk redis-tools curl jq).
# Usage: load-tests/queue-bench.sh [DURATION=20s] [CONNECTIONS=64] [ROUNDS=3] [QUEUED=1000000]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-64}
ROUNDS=${ROUNDS:-3}
QUEUED=${QUEUED:-1000000}
ONSALE=5ad1a0e5-0000-4000-8000-000000000001
for tool in wrk redis-cli curl jq python3; do
  command -v $tool >/dev/null || { echo "missing $tool (apt-get install wrk redis-tools curl jq)"; exit 2; }
done
[ -f target/guichet.jar ] || mvn -B -q package -DskipTests

WORK=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
ADMIN="bench-$(head -c 12 /dev/urandom | base64 | tr -dc A-Za-z0-9)"
BASE="http://127.0.0.1:$PORT"
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
REDIS_PORT=$(grep -o 'embedded Redis started on port [0-9]*' "$WORK/server.log" | grep -o '[0-9]*$')

NOW=$(date -u +%s)
curl -sf -X PATCH "$BASE/admin/v1/onsales/$ONSALE" -H "Authorization: Bearer $ADMIN" \
  -H 'content-type: application/json' \
  -d "{\"enabled\": true, \"queueOpensAt\": \"$(date -u -d @$((NOW - 60)) +%FT%TZ)\", \"saleStartsAt\": \"$(date -u -d @$((NOW + 3600)) +%FT%TZ)\"}" >/dev/null

# Visitors who poll: 2,000 of them, as a shop's browsers would be.
python3 - "$BASE" "$ONSALE" >"$WORK/visitors.txt" <<'PY'
import json, sys, urllib.request
base, onsale = sys.argv[1], sys.argv[2]
for _ in range(2000):
    req = urllib.request.Request(f"{base}/api/v1/onsales/{onsale}/queue", method="POST")
    body = json.load(urllib.request.urlopen(req))
    print(body["visitorId"], body["queueTicket"])
PY

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
# Warm-up (not counted): the JIT compiles the hot paths of every kind.
for kind in ceiling join poll; do
  wrk -t2 -c"$CONNECTIONS" -d10s -s "load-tests/wrk/$kind.lua" "$BASE" -- "$ONSALE" "$WORK/visitors.txt" >/dev/null
done
echo "Redis appendfsync: $(redis-cli -p "$REDIS_PORT" CONFIG GET appendfsync | tail -1), appendonly: $(redis-cli -p "$REDIS_PORT" CONFIG GET appendonly | tail -1)"
echo "kind requests/s p50 p99 non-2xx"
for r in $(seq 1 "$ROUNDS"); do
  run ceiling ceiling.lua
  run join join.lua "$ONSALE"
  run poll poll.lua "$ONSALE" "$WORK/visitors.txt"
done

echo
echo "medians over $ROUNDS rounds ($DURATION each, $CONNECTIONS connections, wrk -t2 on the same 2 cores):"
python3 - "$WORK/rounds.txt" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
med = {}
for kind in ("ceiling", "join", "poll"):
    rps = [float(r[1]) for r in rows if r[0] == kind]
    bad = sum(int(r[4]) for r in rows if r[0] == kind)
    p99 = [r[3] for r in rows if r[0] == kind]
    med[kind] = statistics.median(rps)
    print(f"  {kind:8s} {med[kind]:>10,.0f} req/s  p99 per round {', '.join(p99)}  non-2xx {bad}")
print(f"  join / ceiling = {med['join'] / med['ceiling']:.2f}   poll / ceiling = {med['poll'] / med['ceiling']:.2f} (target >= 0.50)")
PY

# Memory of QUEUED visitors: a fresh on-sale's queue filled through the same join script, with ids
# of the same form as the server's (22 characters), measured as Redis's used_memory difference.
echo
SHA=$(redis-cli -p "$REDIS_PORT" SCRIPT LOAD "$(cat src/main/resources/queue/join.lua)")
MEMKEY="bench-$(date +%s)"
NOWMS=$(($(date +%s) * 1000))
redis-cli -p "$REDIS_PORT" HSET "guichet:q:{$MEMKEY}:cfg" on 1 opens 0 starts $((NOWMS + 3600000)) \
  rate 600 max 1000 ttl 900 >/dev/null
BEFORE=$(redis-cli -p "$REDIS_PORT" INFO memory | awk -F: '/^used_memory:/ {print $2}' | tr -d '\r')
python3 - "$SHA" "$MEMKEY" "$QUEUED" "$NOWMS" <<'PY' | redis-cli -p "$REDIS_PORT" --pipe >/dev/null
import base64, os, random, sys
sha, key, n, now = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
keys = [f"guichet:q:{{{key}}}:{p}" for p in ("wait", "active", "cfg", "state", "left", "ended")]
out = sys.stdout.buffer
def cmd(*args):
    parts = [f"*{len(args)}\r\n".encode()]
    for a in args:
        b = a.encode()
        parts.append(b"$%d\r\n%s\r\n" % (len(b), b))
    out.write(b"".join(parts))
for i in range(n):
    visitor = base64.urlsafe_b64encode(os.urandom(16)).decode().rstrip("=")
    cmd("EVALSHA", sha, "6", *keys, visitor, now, str(random.getrandbits(52)), "")
PY
# a rewrite of the append-only file under way holds a buffer of its own: measure after it
while redis-cli -p "$REDIS_PORT" INFO persistence | grep -q '^aof_rewrite_in_progress:1'; do sleep 1; done
AFTER=$(redis-cli -p "$REDIS_PORT" INFO memory | awk -F: '/^used_memory:/ {print $2}' | tr -d '\r')
AOF=$(redis-cli -p "$REDIS_PORT" INFO persistence | awk -F: '/^aof_current_size:/ {print $2}' | tr -d '\r')
COUNT=$(redis-cli -p "$REDIS_PORT" ZCARD "guichet:q:{$MEMKEY}:wait")
python3 -c "
b, a, n = $BEFORE, $AFTER, $COUNT
print(f'  {n:,} queued visitors: {(a - b) / 1e6:.1f} MB in Redis ({(a - b) / n:.0f} bytes each; target < 200 MB)')
print(f'  append-only file now: {${AOF:-0} / 1e6:.1f} MB')"
redis-cli -p "$REDIS_PORT" DEL "guichet:q:{$MEMKEY}:wait" "guichet:q:{$MEMKEY}:cfg" "guichet:q:{$MEMKEY}:state" >/dev/null
redis-cli -p "$REDIS_PORT" DEL "guichet:q:{$MEMKEY}:left" "guichet:q:{$MEMKEY}:ended" >/dev/null
cleanup
trap - EXIT
