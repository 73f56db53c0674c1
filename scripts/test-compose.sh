#!/usr/bin/env bash
# The README's compose quick start, word for word, in a fresh temporary folder: a copy of this
# checkout (with its built jars) as platform-repo, `./plat install` into a temporary bin folder on
# the PATH, then the README's block: `docker compose up --build` in the background (the user's
# first terminal) and its other lines in order (the second one). Then `docker compose down`, `up`
# again, and the function must still answer. Cleans up after itself: its compose project, the
# containers of its node id, its images and the folder.
# Run by .ci/run after `mvn -B verify` (the jars exist). As root, or with access to dockerd and sudo.
# Needs 127.0.0.1:8080, 8081, 5701 and 5001 free (the compose node's fixed ports).
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
source "$REPO/scripts/lib.sh"
started=$SECONDS
say() { log "compose test: $* ($(( SECONDS - started )) s)"; }

command -v docker-compose >/dev/null || docker compose version >/dev/null 2>&1 \
  || die "no Docker Compose: apt-get install -y docker-compose"
for jar in node/target/plat-node.jar cli/target/plat-cli.jar; do
  [ -f "$REPO/$jar" ] || die "$jar is missing: mvn -B -DskipTests package first"
done
for port in 8080 8081 5701 5001; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    die "127.0.0.1:$port is in use (ss -ltnp); the compose node needs it"
  fi
done

# The README's quick start block: the fenced block after the marker line.
block=$(awk '/<!-- quick start: scripts\/test-compose.sh runs these lines -->/ {on=1; next}
  on && /^```/ {if (inblock) exit; inblock=1; next} inblock {print}' "$REPO/README.md")
first=$(head -1 <<<"$block")
[ "$first" = "docker compose up --build" ] || die "the README's quick start block does not start with 'docker compose up --build': $first"
rest=$(tail -n +2 <<<"$block")

T=$(mktemp -d /tmp/plat-compose.XXXXXX)
export COMPOSE_PROJECT_NAME=platcomposetest$$ PLAT_NODE_ID=compose-test-$$ PLAT_DATA_DIR=$T/data
export DOCKER_CONFIG=$T/docker PATH=$T/bin:$PATH
up_pid=
compose() { (cd "$T/platform-repo" && docker compose "$@"); }
cleanup() {
  set +e
  [ -z "${KEEP:-}" ] || { log "KEEP set: left $T and project $COMPOSE_PROJECT_NAME running"; return; }
  compose down -t 10 >/dev/null 2>&1
  [ -n "$up_pid" ] && wait "$up_pid" 2>/dev/null
  docker ps -aq --filter "label=plat.node=$PLAT_NODE_ID" | xargs -r docker rm -f >/dev/null
  docker images --format '{{.Repository}}:{{.Tag}}' | grep '^127\.0\.0\.1:5001/' | xargs -r docker rmi >/dev/null 2>&1
  rm -rf "$T"
}
trap cleanup EXIT

# A checkout in a fresh folder: the files git knows (committed or not, but not ignored) and the jars.
mkdir -p "$T/platform-repo/node/target" "$T/platform-repo/cli/target" "$T/bin"
(cd "$REPO" && git ls-files -z -co --exclude-standard | tar --null --ignore-failed-read -T - -cf -) \
  | tar -xf - -C "$T/platform-repo"
cp "$REPO/node/target/plat-node.jar" "$T/platform-repo/node/target/"
cp "$REPO/cli/target/plat-cli.jar" "$T/platform-repo/cli/target/"
(cd "$T/platform-repo" && ./plat install "$T/bin")
[ "$(command -v plat)" = "$T/bin/plat" ] || die "./plat install did not put plat on the PATH"
say "installed"

wait_healthy() { # wait_healthy LOG: the gateway answers /health while `up` runs
  wait_for 300 sh -c 'kill -0 '"$up_pid"' && curl -sf http://127.0.0.1:8080/health' \
    || { tail -40 "$1" >&2; die "the compose node did not become healthy (log: $1)"; }
}
expect_hello() { # expect_hello OUTPUT
  [ "$(tail -n 1 <<<"$1")" = "Hello, world!" ] || die "the function answered '$1', not 'Hello, world!'"
}

# 1. Clean state: up, then the quick start's other lines, word for word, from the checkout.
(cd "$T/platform-repo" && eval "$first") >"$T/up1.log" 2>&1 &
up_pid=$!
wait_healthy "$T/up1.log"
say "up and healthy"
out=$(cd "$T/platform-repo" && bash -euo pipefail -c "$rest" 2>"$T/quickstart.err") \
  || { cat "$T/quickstart.err" >&2; die "the quick start failed"; }
expect_hello "$out"
say "the quick start answered: $out"

# 2. down, up again: the function is back.
compose down >"$T/down.log" 2>&1 || { cat "$T/down.log" >&2; die "docker compose down failed"; }
wait "$up_pid" || true
[ -z "$(docker ps -q --filter "label=com.docker.compose.project=$COMPOSE_PROJECT_NAME")" ] \
  || die "docker compose down left containers of the project running"
[ -n "$(docker ps -q --filter "label=plat.node=$PLAT_NODE_ID" --filter name=plat-my-function-)" ] \
  || die "docker compose down took the function's instance with it (it is Plat's, not Compose's)"
say "down"
(cd "$T/platform-repo" && eval "$first") >"$T/up2.log" 2>&1 &
up_pid=$!
wait_healthy "$T/up2.log"
out=$(curl -s -H "Authorization: Bearer dev-token" http://localhost:8080/function/my-function)
expect_hello "$out"
say "after down and up, my-function still answers"
plat rm my-function >/dev/null
say "passed"
