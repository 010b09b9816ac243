# shellcheck shell=bash
# Helpers shared by scripts/offline-images, its targets (scripts/lib/<target>.sh) and .ci/run.
# Sourced, never executed. Callers set `set -euo pipefail` and LOG_TAG themselves.

# Prefix of every image that offline-images builds. Testcontainers prepends the same prefix to Docker
# Hub image names when told to (TESTCONTAINERS_HUB_IMAGE_NAME_PREFIX / hub.image.name.prefix), so
# images built here under this prefix are found without a registry.
MIRROR_PREFIX="${MIRROR_PREFIX:-mirror.local/}"

LOG_TAG="${LOG_TAG:-offline-images}"

# Maven resolves ${user.home} from the password database, not from $HOME (which sudo or a CI runner
# may change), and the pom's offline profile looks under ${user.home}: use the same home here.
java_user_home() {
  local home
  home="$(getent passwd "$(id -u)" 2>/dev/null | cut -d: -f6)"
  printf '%s\n' "${home:-$HOME}"
}

DEFAULT_CACHE_DIR="$(java_user_home)/.cache/istiocoredns"
ISTIOCOREDNS_CACHE="${ISTIOCOREDNS_CACHE:-$DEFAULT_CACHE_DIR}"
IMAGES_DIR="$ISTIOCOREDNS_CACHE/images"

log() { printf '[%s] %s\n' "$LOG_TAG" "$*"; }
warn() { printf '[%s] warning: %s\n' "$LOG_TAG" "$*" >&2; }
die() {
  printf '[%s] error: %s\n' "$LOG_TAG" "$*" >&2
  exit 1
}

now_ms() { date +%s%3N; }

# Prints milliseconds as seconds with one decimal, e.g. 95.3 s.
format_duration() {
  local ms="$1"
  printf '%d.%d s' $((ms / 1000)) $(((ms % 1000) / 100))
}

# Name of the step being run, so that an EXIT trap can say where a run failed.
CURRENT_STEP=""

# Runs "$@" as a named step and prints how long it took. A failing step ends the script (errexit).
run_step() {
  local title="$1" started
  shift
  started="$(now_ms)"
  CURRENT_STEP="$title"
  log "==> $title"
  "$@"
  log "    done: $title ($(format_duration $(($(now_ms) - started))))"
  CURRENT_STEP=""
}

# Called from an EXIT trap with the exit status: names the step that failed.
report_failed_step() {
  local status="$1"
  if [[ $status -ne 0 && -n "$CURRENT_STEP" ]]; then
    printf '[%s] FAILED during step: %s (exit %d)\n' "$LOG_TAG" "$CURRENT_STEP" "$status" >&2
  fi
}

require_command() {
  local command_name="$1" how_to_get_it="$2"
  command -v "$command_name" >/dev/null 2>&1 || die "$command_name not installed: $how_to_get_it"
}

require_root() {
  local why="$1"
  [[ "$(id -u)" -eq 0 ]] || die "must run as root ($why); seen uid $(id -u): run it with sudo"
}

docker_answers() { timeout 20 docker info >/dev/null 2>&1; }

require_docker() {
  require_command docker "apt-get install docker.io (or run .ci/run, which installs and starts it)"
  docker_answers || die "docker daemon not reachable (docker info failed): start it or run .ci/run"
}

# Says so when the cache is not where the pom's offline profile looks for it.
note_cache_override() {
  if [[ "$ISTIOCOREDNS_CACHE" != "$DEFAULT_CACHE_DIR" ]]; then
    log "note: ISTIOCOREDNS_CACHE=$ISTIOCOREDNS_CACHE differs from $DEFAULT_CACHE_DIR, the only" \
      "place the pom's offline profile looks. Either pass" \
      "-Dfruits.base.image=tar://$IMAGES_DIR/jre-base.tar to Maven, or link the file there."
  fi
}

# Serialises builds of one target: two CI jobs or a user and CI must not write the same tar at once.
# The lock is released when the process exits.
lock_target() {
  local target="$1" lock_file lock_fd
  mkdir -p "$IMAGES_DIR"
  lock_file="$IMAGES_DIR/.$target.lock"
  exec {lock_fd}>"$lock_file"
  if ! flock -n "$lock_fd"; then
    log "another build of $target holds $lock_file: waiting up to 30 min"
    flock -w 1800 "$lock_fd" || die "gave up waiting for $lock_file (held by another build of $target)"
  fi
}

# Stamp files are `key=value` lines written next to a cached image tar, e.g. jre-base.version.
stamp_value() {
  local stamp_file="$1" key="$2"
  [[ -f "$stamp_file" ]] || return 0
  sed -n "s/^${key}=//p" "$stamp_file" | head -n 1
}

# Moves a finished file into place in one rename, so readers never see a half-written file.
# The temporary file must be in the same directory (same filesystem) as the final one.
publish_atomically() {
  local temporary_file="$1" final_file="$2"
  mv -f -- "$temporary_file" "$final_file"
}

# Writes a stamp from `key=value` arguments, atomically.
write_stamp() {
  local stamp_file="$1" line
  shift
  local temporary_file="$stamp_file.tmp.$$"
  : >"$temporary_file"
  for line in "$@"; do
    printf '%s\n' "$line" >>"$temporary_file"
  done
  publish_atomically "$temporary_file" "$stamp_file"
}

human_size() { numfmt --to=iec-i --suffix=B "$1"; }

# Go toolchain for the targets built from Go modules. The caches are shared by those targets.
GO_CACHE_ROOT="$ISTIOCOREDNS_CACHE/go"

# Prints the go binary to use ($GO, then PATH, then /usr/local/go); dies naming what the caller needs.
go_binary() {
  local needed_for="$1"
  if [[ -n "${GO:-}" ]]; then
    printf '%s\n' "$GO"
  elif command -v go >/dev/null 2>&1; then
    command -v go
  elif [[ -x /usr/local/go/bin/go ]]; then
    printf '%s\n' /usr/local/go/bin/go
  else
    die "no Go toolchain: put go on PATH or set GO=/path/to/go ($needed_for)"
  fi
}

# Runs $GO_BIN with the shared caches, the given GOFLAGS, static linking, no toolchain download and
# no go.work from any parent directory.
run_go_with_flags() {
  local goflags="$1"
  shift
  env GOTOOLCHAIN=local GOWORK=off GOCACHE="$GO_CACHE_ROOT/build" GOMODCACHE="$GO_CACHE_ROOT/mod" \
    GOFLAGS="$goflags" CGO_ENABLED=0 "$GO_BIN" "$@"
}
