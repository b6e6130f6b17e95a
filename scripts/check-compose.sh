#!/usr/bin/env bash
# Where a Docker engine exists (not on this project's CI machines): builds and starts the
# production stack of deploy/docker-compose.prod.yml with throwaway secrets and a
# self-signed certificate, waits until every service is healthy, runs `stock-chat diagnose`
# through nginx, stops one server container and runs it again, then tears everything
# down (volumes included). Usage: npm run check:compose   (exits non-zero on failure)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
docker info >/dev/null 2>&1 || { echo 'check-compose: no Docker engine here; nothing was run' >&2; exit 2; }
if docker compose version >/dev/null 2>&1; then dc=(docker compose); else dc=(docker-compose); fi
work=$(mktemp -d "${TMPDIR:-/tmp}/stock-chat-compose.XXXXXX")
project="stockchatcheck$$"
hex() { head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
cat >"$work/.env" <<ENV
JWT_SECRET=$(hex)
ALLOWED_ORIGINS=https://localhost
MONGO_USER=stockchat
MONGO_PASSWORD=$(hex)
REDIS_PASSWORD=$(hex)
CERTS_DIR=$work/certs
ACME_WEBROOT=$work/acme
HTTP_PORT=${CHECK_HTTP_PORT:-18080}
HTTPS_PORT=${CHECK_HTTPS_PORT:-18443}
STOCK_CHAT_IMAGE=stock-chat:check-compose
LOG_LEVEL=warn
ENV
mkdir -p "$work/certs" "$work/acme"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost \
  -addext subjectAltName=DNS:localhost,IP:127.0.0.1 \
  -keyout "$work/certs/privkey.pem" -out "$work/certs/fullchain.pem" 2>/dev/null
compose() { "${dc[@]}" -p "$project" -f deploy/docker-compose.prod.yml --env-file "$work/.env" "$@"; }
cleanup() { compose down -v --remove-orphans >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
step() { printf '\n== check-compose: %s\n' "$*"; }

step 'build and start'
compose up -d --build
wait_healthy() {
  for _ in $(seq 1 90); do
    local unhealthy
    unhealthy=$(compose ps -q | xargs docker inspect -f '{{.Name}} {{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}' | grep -v ' healthy$' || true)
    [ -z "$unhealthy" ] && return 0
    sleep 2
  done
  echo "not healthy: $unhealthy" >&2
  compose logs --tail 50 >&2
  return 1
}
wait_healthy
url="https://localhost:${CHECK_HTTPS_PORT:-18443}"
diagnose() {
  token=$(compose exec -T server-1 stock-chat token --sub check-compose)
  NODE_EXTRA_CA_CERTS="$work/certs/fullchain.pem" node bin/stock-chat.mjs diagnose --url "$url" --token "$token"
}
step "diagnose through nginx ($url)"
diagnose
step 'stop server-1, diagnose again'
compose stop server-1
sleep 6 # nginx's fail_timeout for the stopped upstream
diagnose
step 'backup from the running stack (MongoDB)'
compose exec -T mongo sh -c 'mongodump -u "$MONGO_INITDB_ROOT_USERNAME" -p "$MONGO_INITDB_ROOT_PASSWORD" --authenticationDatabase admin --oplog --gzip --archive' >"$work/backup.gz"
[ -s "$work/backup.gz" ] || { echo 'mongodump wrote nothing' >&2; exit 1; }
printf '\ncheck-compose: OK\n'
