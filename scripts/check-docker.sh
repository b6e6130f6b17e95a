#!/usr/bin/env bash
# Checks the container setup without a Docker engine (CI has none):
#   1. docker-compose.yml is valid (`docker-compose config -q`) and refuses to start without JWT_SECRET;
#   2. the Dockerfile's build stage runs: its `RUN npm ...` steps, in order, in a clean copy
#      of the build context (tracked and unignored files, minus .dockerignore);
#   3. the runtime stage has what it needs: only the paths it copies from the build stage are
#      kept, and its CMD starts as an unprivileged user, answers /health, and stops cleanly
#      on SIGTERM; the `stock-chat` command (token, diagnose, backup, apikey) and `npm run token` work
#      there without dev dependencies.
# Usage: scripts/check-docker.sh   (from anywhere; exits non-zero on the first failure)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
work=$(mktemp -d "${TMPDIR:-/tmp}/stock-chat-docker.XXXXXX")
server_pid=''
# A child that exited stays a zombie until waited for, so `kill -0` alone would call it alive.
alive() { [ -e "/proc/$1" ] && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null; }
cleanup() {
  if [ -n "$server_pid" ] && alive "$server_pid"; then kill -KILL "$server_pid" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
step() { printf '\n== check-docker: %s\n' "$*"; }
fail() {
  printf 'check-docker: FAIL: %s\n' "$*" >&2
  exit 1
}

step 'docker-compose config'
command -v docker-compose >/dev/null || fail 'docker-compose is not installed (apt-get install -y docker-compose)'
JWT_SECRET=check-docker-placeholder-secret-0123456789 docker-compose -f docker-compose.yml config -q
if env -u JWT_SECRET docker-compose -f docker-compose.yml config -q 2>/dev/null; then
  fail 'docker-compose.yml starts without JWT_SECRET; it must require it'
fi
echo 'docker-compose.yml is valid and requires JWT_SECRET'

step 'build context'
build="$work/build"
mkdir -p "$build"
# What a fresh clone holds (plus new, unignored files in a working tree), then .dockerignore.
git ls-files -z --cached --others --exclude-standard |
  while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
  tar --null -T - -cf - | tar -xf - -C "$build"
while IFS= read -r pattern; do
  pattern=${pattern%%#*}
  pattern=$(echo "$pattern" | xargs)
  [ -z "$pattern" ] && continue
  case "$pattern" in '!'*) fail ".dockerignore negations are not handled here: $pattern" ;; esac
  (cd "$build" && shopt -s nullglob dotglob && for p in $pattern; do rm -rf -- "$p"; done)
done <.dockerignore
echo "context: $(find "$build" -type f | wc -l) files"

step 'build stage: RUN npm steps of the Dockerfile'
mapfile -t runs < <(awk '
  /^FROM / { stage++ }
  stage == 1 && /^RUN npm / { sub(/^RUN /, ""); print }
' Dockerfile)
[ "${#runs[@]}" -ge 3 ] || fail "expected npm ci, build and prune steps in the Dockerfile, found ${#runs[@]}"
for cmd in "${runs[@]}"; do
  echo "\$ $cmd"
  start=$SECONDS
  # Same commands; the cache is reused and node-gyp may use every core for better-sqlite3.
  (cd "$build" && npm_config_prefer_offline=true JOBS=max bash -c "$cmd") || fail "build step failed: $cmd"
  echo "($((SECONDS - start)) s)"
done

step 'runtime stage: COPY --from=build paths'
runtime="$work/runtime"
mkdir -p "$runtime"
mapfile -t copies < <(awk '/^COPY --from=build / { print $3 }' Dockerfile)
[ "${#copies[@]}" -gt 0 ] || fail 'no COPY --from=build lines in the Dockerfile'
for src in "${copies[@]}"; do
  rel=${src#/app/}
  [ -e "$build/$rel" ] || fail "the runtime stage copies $src but the build stage has no $rel"
  mkdir -p "$runtime/$(dirname "$rel")"
  mv "$build/$rel" "$runtime/$rel"
  echo "copied $rel"
done
for dev in typescript eslint tsx; do
  [ ! -e "$runtime/node_modules/$dev" ] || fail "dev dependency $dev survived npm prune --omit=dev"
done

step 'runtime stage: CMD answers /health'
mapfile -t cmd < <(node -e '
  const line = require("fs").readFileSync("Dockerfile", "utf8").split("\n").filter((l) => l.startsWith("CMD ")).pop();
  if (!line) process.exit(1);
  for (const part of JSON.parse(line.slice(4))) console.log(part);
') || fail 'no exec-form CMD in the Dockerfile'
port=$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });')
data="$work/data"
mkdir -p "$data"
as_user=()
if [ "$(id -u)" = 0 ]; then
  # Like `USER node` in the image: code readable, only DATA_DIR writable.
  chmod 755 "$work"
  chmod -R a+rX "$runtime"
  chown 65534:65534 "$data"
  as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi
log="$work/server.log"
secret=$(node -e 'console.log(require("crypto").randomBytes(32).toString("hex"))')
(cd "$runtime" && exec env -i PATH="$PATH" HOME=/nonexistent NODE_ENV=production HOST=127.0.0.1 \
  PORT="$port" DATA_DIR="$data" JWT_SECRET="$secret" \
  LOG_LEVEL=warn "${as_user[@]}" "${cmd[@]}") >"$log" 2>&1 &
server_pid=$!
echo "\$ ${cmd[*]} (pid $server_pid, port $port)"
health=''
for _ in $(seq 1 60); do
  alive "$server_pid" || { cat "$log" >&2; fail 'the server exited during start-up'; }
  if health=$(node -e '
    fetch(process.argv[1]).then(async (r) => { const body = await r.text(); console.log(body); process.exit(r.ok ? 0 : 1); }, () => process.exit(1));
  ' "http://127.0.0.1:$port/health" 2>/dev/null); then break; fi
  health=''
  sleep 0.5
done
[ -n "$health" ] || { cat "$log" >&2; fail "no answer from /health on port $port within 30 s"; }
echo "/health: $health"
node -e '
  const h = JSON.parse(process.argv[1]);
  if (h.status !== "ok" || h.store?.kind !== "sqlite") { console.error("expected status ok on the sqlite store"); process.exit(1); }
' "$health" || fail '/health does not report the embedded store'
[ -n "$(find "$data" -name '*.db')" ] || fail "the server wrote no database file under DATA_DIR"

step 'runtime stage: the stock-chat command works without dev dependencies'
# What `docker compose exec server stock-chat ...` runs: bin/stock-chat.mjs on the compiled CLI.
cli() { (cd "$runtime" && env -i PATH="$PATH" HOME=/nonexistent NODE_ENV=production DATA_DIR="$data" \
  JWT_SECRET="$secret" "${as_user[@]}" node bin/stock-chat.mjs "$@"); }
token=$(cli token --sub check-docker --name 'check docker') || fail 'stock-chat token failed in the runtime stage'
echo "stock-chat token: ${token:0:16}..."
cli diagnose --url "http://127.0.0.1:$port" --token "$token" --clients 2 --samples 5 ||
  fail 'stock-chat diagnose failed against the runtime stage'
backup_dir="$work/backup"
mkdir -p "$backup_dir"
[ -z "${as_user[*]}" ] || chown 65534:65534 "$backup_dir"
cli backup "$backup_dir/copy.db" || fail 'stock-chat backup failed in the runtime stage'
[ -s "$backup_dir/copy.db" ] || fail 'stock-chat backup wrote no file'
(cd "$runtime" && env -i PATH="$PATH" HOME=/nonexistent NODE_ENV=production JWT_SECRET="$secret" \
  npm run -s token -- --sub via-npm >/dev/null) || fail 'npm run token fails in the runtime stage'
# API keys on the running server's store: a new key is honoured at once, a revoked one is not.
key=$(cli apikey create --name check-docker --scopes read 2>/dev/null) || fail 'stock-chat apikey create failed'
case "$key" in sck_*) ;; *) fail "stock-chat apikey create printed no key: $key" ;; esac
cli apikey list | grep -q $'\tcheck-docker\t' || fail 'stock-chat apikey list does not show the new key'
server_status() { node -e '
  fetch(process.argv[1], { headers: { authorization: `Bearer ${process.argv[2]}` } }).then((r) => console.log(r.status), () => console.log(0));
' "http://127.0.0.1:$port/api/server/rooms/\$DOCKER/history" "$1"; }
[ "$(server_status "$key")" = 200 ] || fail 'the server does not honour a key created while it runs'
cli apikey revoke check-docker 2>/dev/null || fail 'stock-chat apikey revoke failed'
[ "$(server_status "$key")" = 401 ] || fail 'the server still honours a revoked key'
echo 'token, diagnose, backup, apikey (create/list/revoke, honoured live) and npm run token work in the runtime stage'

step 'runtime stage: SIGTERM stops it cleanly'
# Docker waits 10 s after SIGTERM before it kills; so does this.
(sleep 10 && kill -KILL "$server_pid" 2>/dev/null) &
watchdog=$!
kill -TERM "$server_pid"
code=0
wait "$server_pid" || code=$?
server_pid=''
kill "$watchdog" 2>/dev/null || true
wait "$watchdog" 2>/dev/null || true
[ "$code" != 137 ] || fail 'the server did not stop within 10 s of SIGTERM'
[ "$code" = 0 ] || { cat "$log" >&2; fail "the server exited with $code after SIGTERM"; }
echo 'stopped with exit code 0'

printf '\ncheck-docker: OK\n'
