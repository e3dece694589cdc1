#!/bin/sh
# Three Guichet nodes of one cluster on this machine, sharing one PostgreSQL and one Redis:
#
#   mvn -B -q package -DskipTests && ops/cluster.sh
#
# Nodes on http://localhost:8081, :8082 and :8083 (Hazelcast on 5701-5703, TCP/IP member list),
# the demo data loaded by the first; PostgreSQL and Redis embedded, started once for all three.
# Data and logs in ./guichet-cluster (a second run keeps them). Ctrl-C stops everything.
# GUICHET_CLUSTER_NODES (3) and GUICHET_CLUSTER_HTTP_PORT (8081: first HTTP port) change the shape.
set -eu
JAR=${GUICHET_JAR:-target/guichet.jar}
DIR=${GUICHET_CLUSTER_DIR:-guichet-cluster}
NODES=${GUICHET_CLUSTER_NODES:-3}
HTTP=${GUICHET_CLUSTER_HTTP_PORT:-8081}
HZ=${GUICHET_HZ_PORT:-5701}
[ -f "$JAR" ] || { echo "no $JAR: run mvn -B -q package -DskipTests first" >&2; exit 1; }
mkdir -p "$DIR/services"
rm -f "$DIR/services/pg-url" "$DIR/services/redis-url"

pids=""
stop() {
  trap - INT TERM EXIT
  # the nodes first (each leaves the cluster and finishes its requests), the services last
  for p in $pids; do kill "$p" 2>/dev/null || true; done
  for p in $pids; do wait "$p" 2>/dev/null || true; done
  [ -n "${services:-}" ] && kill "$services" 2>/dev/null && wait "$services" 2>/dev/null
  echo "stopped"
}
trap stop INT TERM EXIT

java -Xmx256m -cp "$JAR" io.guichet.ops.SharedServices "$DIR/services" >"$DIR/services.log" 2>&1 &
services=$!
i=0
while [ ! -s "$DIR/services/redis-url" ]; do
  kill -0 "$services" 2>/dev/null || { echo "services did not start: see $DIR/services.log" >&2; exit 1; }
  i=$((i + 1)); [ $i -lt 600 ] || { echo "services not up after 60 s" >&2; exit 1; }
  sleep 0.1
done

# One secret for every node (sessions, order links and queue tokens are accepted by all),
# generated once and kept with the data.
[ -s "$DIR/secret" ] || (umask 077; head -c 32 /dev/urandom | base64 >"$DIR/secret")
: "${GUICHET_ADMIN_KEY:=$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')}"
members=""
n=0
while [ $n -lt "$NODES" ]; do
  members="$members${members:+,}127.0.0.1:$((HZ + n))"
  n=$((n + 1))
done

n=0
while [ $n -lt "$NODES" ]; do
  port=$((HTTP + n))
  demo=false; [ $n -eq 0 ] && demo=true
  mkdir -p "$DIR/node-$port"
  GUICHET_PG_URL=$(cat "$DIR/services/pg-url") \
  GUICHET_REDIS_URL=$(cat "$DIR/services/redis-url") \
  GUICHET_SECRET=$(cat "$DIR/secret") \
  GUICHET_ADMIN_KEY=$GUICHET_ADMIN_KEY \
  GUICHET_HZ_MEMBERS=$members \
  GUICHET_HZ_PORT=$((HZ + n)) \
  GUICHET_HTTP_PORT=$port \
  GUICHET_PUBLIC_URL=${GUICHET_PUBLIC_URL:-http://localhost:$port} \
  GUICHET_DATA_DIR="$DIR/node-$port" \
  GUICHET_DEMO=$demo \
    java ${GUICHET_NODE_JAVA_OPTS:--Xmx512m} -jar "$JAR" >"$DIR/node-$port.log" 2>&1 &
  pids="$pids $!"
  n=$((n + 1))
done

echo "admin key: $GUICHET_ADMIN_KEY"
n=0
while [ $n -lt "$NODES" ]; do
  port=$((HTTP + n))
  i=0
  until curl -fsS -o /dev/null "http://127.0.0.1:$port/health/ready" 2>/dev/null; do
    i=$((i + 1))
    [ $i -lt 1200 ] || { echo "node $port not ready after 120 s: see $DIR/node-$port.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "node ready: http://localhost:$port (log: $DIR/node-$port.log)"
  n=$((n + 1))
done
echo "the cluster serves; Ctrl-C stops it"
wait
