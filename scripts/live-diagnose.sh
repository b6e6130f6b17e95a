#!/usr/bin/env bash
# Starts the built server as `npm start` would (embedded SQLite in a temp dir),
# runs the live connection test suite against it from the command line, stops it.
# Exit code: the suite's (0 only when every check passes).
set -euo pipefail
cd "$(dirname "$0")/.."
data=$(mktemp -d)
port=$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });')
DATA_DIR="$data" PORT="$port" HOST=127.0.0.1 LOG_LEVEL=warn node dist/server/index.js &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/health" >/dev/null && break
  sleep 0.2
done
token=$(npm run -s token -- --sub ci-diagnose --name "CI diagnose")
npm run -s diagnose -- --url "http://127.0.0.1:$port" --token "$token"
