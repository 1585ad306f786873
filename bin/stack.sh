#!/usr/bin/env bash
# Starts the stack on this machine: an inference node on the embedded default model
# (http://localhost:8080) and the gateway in front of it (http://localhost:8000), recording
# every request in its H2 file database (~/.cache/elms/gateway). Ctrl-C stops both.
#
#   bash bin/stack.sh [NODE_PORT] [GATEWAY_PORT]
#
# The admin key is ELMS_ADMIN_KEY, or a random one printed at start.
set -euo pipefail

cd "$(dirname "$0")/.."
node_port=${1:-8080}
gateway_port=${2:-8000}
for jar in inference-node/target/inference-node.jar gateway/target/gateway.jar; do
	[ -f "$jar" ] || { echo "no $jar: build first with ./mvnw -q -DskipTests package" >&2; exit 1; }
done
export ELMS_ADMIN_KEY=${ELMS_ADMIN_KEY:-elms-admin-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')}

java -jar inference-node/target/inference-node.jar --server.port="$node_port" &
node=$!
trap 'kill $node 2>/dev/null; wait $node 2>/dev/null' EXIT INT TERM
echo "node: http://localhost:$node_port  gateway: http://localhost:$gateway_port  admin key: $ELMS_ADMIN_KEY"
java -jar gateway/target/gateway.jar --server.port="$gateway_port" \
	--elms.gateway.nodes="http://127.0.0.1:$node_port"
