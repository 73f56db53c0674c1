# Shared helpers for the environment scripts. Sourced, not run.
PLAT_HOME=${PLAT_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
PLAT_STATE=${PLAT_STATE:-/var/lib/plat-env}
mkdir -p "$PLAT_STATE"

log() { printf '[plat-env] %s\n' "$*" >&2; }
die() { printf '[plat-env] ERROR: %s\n' "$*" >&2; exit 1; }

# as_root CMD...: run as root, through sudo when we are not root.
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# apt_install PKG...: install Debian packages that are missing (one apt-get update per shell).
apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]} with apt-get (up to a minute)"
  [ -n "${PLAT_APT_UPDATED:-}" ] || as_root apt-get update -q >/dev/null
  PLAT_APT_UPDATED=1
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q "${missing[@]}" >/dev/null
}

# wait_for SECONDS CMD...: retry CMD every 0.2 s until it succeeds or time runs out.
wait_for() {
  local deadline=$(( $(date +%s) + $1 )); shift
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -ge "$deadline" ] && return 1
    sleep 0.2
  done
}
