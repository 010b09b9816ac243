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

# Facts of a local Docker image; empty output when there is no such image.
docker_image_id() { docker image inspect --format '{{.Id}}' "$1" 2>/dev/null || true; }
docker_image_label() { docker image inspect --format "{{ index .Config.Labels \"$2\" }}" "$1" 2>/dev/null || true; }

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

# Downloads MODULE@VERSION into the shared module cache (nothing is built) and prints its source
# directory; dies with go's output when the Go module proxy does not serve it. Callers set GO_BIN.
go_module_source_dir() {
  local module_at_version="$1" json dir
  mkdir -p "$GO_CACHE_ROOT"
  json="$(cd "$GO_CACHE_ROOT" && run_go_with_flags "-modcacherw" mod download -json "$module_at_version" 2>&1)" \
    || die "cannot download $module_at_version from the Go module proxy: $json"
  dir="$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p' <<<"$json")"
  [[ -n "$dir" && -d "$dir" ]] || die "go mod download -json $module_at_version gave no source directory: $json"
  printf '%s\n' "$dir"
}

# ---------------------------------------------------------------------------------------------
# Debian root filesystems made by debootstrap, for the image targets built from Debian packages
# (jre-base, node). The caller sets DEBIAN_SUITE (e.g. bookworm), ARCH (debian_architecture),
# ROOTFS (the directory debootstrap fills) and BUILD_LOG (where command output goes); resolve_mirrors
# sets DEBIAN_MIRROR, DEBIAN_UPDATES_MIRROR and DEBIAN_SECURITY_MIRROR.

debian_architecture() {
  if command -v dpkg >/dev/null 2>&1; then
    dpkg --print-architecture
    return
  fi
  case "$(uname -m)" in
    x86_64) echo amd64 ;;
    aarch64) echo arm64 ;;
    *) die "cannot tell the Debian architecture of $(uname -m): install dpkg" ;;
  esac
}

# The version of a package that APT would install now, when this machine runs DEBIAN_SUITE (its APT
# lists then come from the same sources as an image's); empty when that cannot be told.
host_apt_candidate_version() {
  local package="$1" host_suite candidate
  # shellcheck disable=SC1091 # a file of the running system, not of this repository
  host_suite="$(. /etc/os-release 2>/dev/null && printf '%s' "${VERSION_CODENAME:-}")"
  [[ "$host_suite" == "$DEBIAN_SUITE" ]] || return 0
  command -v apt-cache >/dev/null 2>&1 || return 0
  candidate="$(apt-cache policy "$package" 2>/dev/null | sed -n 's/^ *Candidate: //p')"
  [[ "$candidate" == "(none)" ]] || printf '%s\n' "$candidate"
}

# Dies unless each directory's file system has at least the given number of bytes free.
require_free_space() {
  local needed_bytes="$1" directory free_bytes
  shift
  for directory in "$@"; do
    free_bytes="$(df --output=avail -B1 "$directory" | tail -n 1 | tr -d ' ')"
    ((free_bytes >= needed_bytes)) || die "not enough disk space in $directory:" \
      "$(human_size "$free_bytes") free, about $(human_size "$needed_bytes") needed"
  done
}

# Which Debian mirror to use: the one this machine's APT is configured with (one-line .list files
# and deb822 .sources files), so that the build works behind whatever mirror or proxy the machine has.

# Prints the first URI of an enabled `deb` source in one-line format that carries $1 as its suite.
uri_from_one_line_sources() {
  local suite="$1"
  shift
  awk -v suite="$suite" '
    $1 == "deb" {
      i = 2
      if ($i ~ /^\[/) { while ($i !~ /\]$/ && i < NF) i++; i++ }
      if ($(i + 1) == suite) { print $i; exit }
    }' "$@" 2>/dev/null | head -n 1
}

# Same for deb822 files: one paragraph per source, `Key: value` lines.
uri_from_deb822_sources() {
  local suite="$1"
  shift
  awk -v suite="$suite" '
    BEGIN { RS = ""; FS = "\n" }
    {
      types = ""; uris = ""; suites = ""; enabled = "yes"
      for (n = 1; n <= NF; n++) {
        if ($n ~ /^#/ || $n !~ /^[A-Za-z-]+:/) continue
        key = tolower($n); sub(/:.*/, "", key)
        value = $n; sub(/^[^:]*:[ \t]*/, "", value)
        if (key == "types") types = value
        else if (key == "uris") uris = value
        else if (key == "suites") suites = value
        else if (key == "enabled") enabled = tolower(value)
      }
      if (enabled == "no" || (" " types " ") !~ / deb /) next
      count = split(suites, names, /[ \t]+/)
      for (k = 1; k <= count; k++) {
        if (names[k] == suite) { split(uris, addresses, /[ \t]+/); print addresses[1]; exit }
      }
    }' "$@" 2>/dev/null | head -n 1
}

apt_source_uri_for_suite() {
  local suite="$1" uri="" file
  local -a one_line_files=() deb822_files=()
  for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    if [[ -f "$file" ]]; then one_line_files+=("$file"); fi
  done
  for file in /etc/apt/sources.list.d/*.sources; do
    if [[ -f "$file" ]]; then deb822_files+=("$file"); fi
  done
  if ((${#one_line_files[@]})); then uri="$(uri_from_one_line_sources "$suite" "${one_line_files[@]}")"; fi
  if [[ -z "$uri" ]] && ((${#deb822_files[@]})); then
    uri="$(uri_from_deb822_sources "$suite" "${deb822_files[@]}")"
  fi
  printf '%s\n' "$uri"
}

resolve_mirrors() {
  DEBIAN_MIRROR="${DEBIAN_MIRROR:-$(apt_source_uri_for_suite "$DEBIAN_SUITE")}"
  [[ -n "$DEBIAN_MIRROR" ]] || die "no APT source for suite '$DEBIAN_SUITE' in /etc/apt/sources.list*:" \
    "set DEBIAN_MIRROR to a Debian mirror URL (e.g. http://<mirror>/debian)"
  DEBIAN_UPDATES_MIRROR="$(apt_source_uri_for_suite "$DEBIAN_SUITE-updates")"
  DEBIAN_UPDATES_MIRROR="${DEBIAN_UPDATES_MIRROR:-$DEBIAN_MIRROR}"
  DEBIAN_SECURITY_MIRROR="${DEBIAN_SECURITY_MIRROR:-$(apt_source_uri_for_suite "$DEBIAN_SUITE-security")}"
  if [[ -z "$DEBIAN_SECURITY_MIRROR" ]]; then
    warn "no APT source for $DEBIAN_SUITE-security: the image gets no security updates" \
      "(set DEBIAN_SECURITY_MIRROR to add them)"
  fi
}

# APT settings of this machine that the chroot's APT needs too: snapshot mirrors need the date
# checks off, and a proxy must be used the same way.
host_apt_options() {
  command -v apt-config >/dev/null 2>&1 || return 0
  local key value
  for key in Acquire::Check-Valid-Until Acquire::Check-Date Acquire::http::Proxy Acquire::https::Proxy; do
    value="$(apt-config dump 2>/dev/null | awk -v key="$key" '$1 == key { v = $2; gsub(/^"|";$/, "", v); print v; exit }')"
    if [[ -n "$value" ]]; then printf -- '-o\n%s=%s\n' "$key" "$value"; fi
  done
}

# In the chroot: apt-get update and upgrade (this machine's APT settings), then install PACKAGE...
install_packages_in_chroot() {
  local -a apt_options
  mapfile -t apt_options < <(host_apt_options)
  run_logged "apt-get update" in_chroot apt-get "${apt_options[@]}" update
  run_logged "apt-get upgrade" in_chroot apt-get "${apt_options[@]}" -y upgrade
  run_logged "apt-get install $*" in_chroot apt-get "${apt_options[@]}" -y install "$@"
}

# Prints `package=version` for each PACKAGE installed in the chroot, one per line.
chroot_package_versions() {
  # shellcheck disable=SC2016 # a dpkg-query format, not a shell expansion
  in_chroot dpkg-query -W -f='${Package}=${Version}\n' "$@"
}

# Runs a command with its output in the build log; on failure shows the end of the log.
run_logged() {
  local description="$1"
  shift
  printf '\n### %s\n' "$description" >>"$BUILD_LOG"
  if ! "$@" >>"$BUILD_LOG" 2>&1 </dev/null; then
    tail -n 30 "$BUILD_LOG" >&2
    die "$description failed (last lines above, full log: $BUILD_LOG)"
  fi
}

in_chroot() {
  local -a environment=(PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LC_ALL=C DEBIAN_FRONTEND=noninteractive)
  [[ -n "${http_proxy:-}" ]] && environment+=("http_proxy=$http_proxy")
  [[ -n "${https_proxy:-}" ]] && environment+=("https_proxy=$https_proxy")
  chroot "$ROOTFS" /usr/bin/env -i "${environment[@]}" "$@"
}

bootstrap_rootfs() {
  run_logged "debootstrap" debootstrap --variant=minbase --arch="$ARCH" "$DEBIAN_SUITE" "$ROOTFS" "$DEBIAN_MIRROR"
}

# Keeps documentation, man pages and translations out of everything dpkg installs from now on
# (copyright files stay: they are the licences).
write_chroot_configuration() {
  cat >"$ROOTFS/etc/dpkg/dpkg.cfg.d/01-slim-image" <<'EOF'
path-exclude=/usr/share/doc/*
path-include=/usr/share/doc/*/copyright
path-exclude=/usr/share/man/*
path-exclude=/usr/share/info/*
path-exclude=/usr/share/locale/*
path-include=/usr/share/locale/locale.alias
path-exclude=/usr/share/lintian/*
EOF
  cat >"$ROOTFS/etc/apt/apt.conf.d/01-no-recommends" <<'EOF'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
EOF
  {
    printf 'deb %s %s main\n' "$DEBIAN_MIRROR" "$DEBIAN_SUITE"
    printf 'deb %s %s-updates main\n' "$DEBIAN_UPDATES_MIRROR" "$DEBIAN_SUITE"
    if [[ -n "$DEBIAN_SECURITY_MIRROR" ]]; then
      printf 'deb %s %s-security main\n' "$DEBIAN_SECURITY_MIRROR" "$DEBIAN_SUITE"
    fi
  } >"$ROOTFS/etc/apt/sources.list"
  cp /etc/resolv.conf "$ROOTFS/etc/resolv.conf"
}

unmount_chroot_filesystems() {
  [[ -n "$ROOTFS" ]] || return 0
  if mountpoint -q "$ROOTFS/proc"; then umount "$ROOTFS/proc"; fi
}

slim_rootfs() {
  in_chroot apt-get clean
  local before after
  before="$(du -sb "$ROOTFS" | cut -f1)"
  rm -rf "$ROOTFS"/var/lib/apt/lists/* "$ROOTFS"/var/cache/apt/*.bin \
    "$ROOTFS"/var/cache/debconf/*-old "$ROOTFS"/var/lib/dpkg/*-old \
    "$ROOTFS"/usr/share/man/* "$ROOTFS"/usr/share/info/* "$ROOTFS"/usr/share/lintian/* \
    "$ROOTFS"/tmp/* "$ROOTFS"/var/tmp/*
  # Installed by debootstrap before the dpkg excludes existed.
  find "$ROOTFS/usr/share/doc" -mindepth 1 ! -type d ! -name copyright -delete
  find "$ROOTFS/usr/share/doc" -mindepth 1 -type d -empty -delete
  find "$ROOTFS/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} +
  find "$ROOTFS/var/log" -type f -delete
  # debootstrap copied these from this machine; Docker provides them at run time.
  : >"$ROOTFS/etc/resolv.conf"
  : >"$ROOTFS/etc/hostname"
  printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$ROOTFS/etc/hosts"
  after="$(du -sb "$ROOTFS" | cut -f1)"
  log "root filesystem: $(human_size "$before") -> $(human_size "$after")"
}
