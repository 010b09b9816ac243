#!/usr/bin/env bash
# offline-images-target: Java 17 base image for fruits-api's Jib build (Debian bookworm + openjdk-17-jre-headless), saved as images/jre-base.tar
#
# Builds the base image Jib uses when no registry is reachable: a Debian root filesystem made by
# debootstrap from the Debian mirror this machine's APT already uses, plus the JRE, imported into
# Docker and saved with `docker save`. The pom picks the tar up as `tar://<file>` (see
# scripts/README.md). Nothing is pulled from any container registry.
#
# Usage: scripts/lib/jre-base.sh [--force]   (normally run as `scripts/offline-images jre-base`)
# Env:   ISTIOCOREDNS_CACHE, MIRROR_PREFIX (see common.sh); DEBIAN_MIRROR and DEBIAN_SECURITY_MIRROR
#        override the mirrors read from /etc/apt/sources.list*.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
LOG_TAG="offline-images/jre-base"
# shellcheck source=common.sh source-path=SCRIPTDIR
source "$SCRIPT_DIR/common.sh"

# Bump when a change to the steps below changes the image, so that cached tars get rebuilt.
JRE_BASE_RECIPE=1
DEBIAN_SUITE="bookworm"
JRE_PACKAGE="openjdk-17-jre-headless"
EXTRA_PACKAGES=(ca-certificates tzdata)
APP_USER="app"
APP_ID=10001
JRE_BASE_IMAGE="${MIRROR_PREFIX}library/debian-jre:17-${DEBIAN_SUITE}"
JRE_BASE_TAR="$IMAGES_DIR/jre-base.tar"
JRE_BASE_STAMP="$IMAGES_DIR/jre-base.version"
BUILD_LOG="$IMAGES_DIR/jre-base.build.log"
MIN_FREE_BYTES=$((2 * 1024 * 1024 * 1024))

# Set while building; read by the EXIT trap.
WORK_DIR=""
ROOTFS=""
TAR_IN_PROGRESS=""

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
ARCH="$(debian_architecture)"
JAVA_HOME_IN_IMAGE="/usr/lib/jvm/java-17-openjdk-$ARCH"

# ---------------------------------------------------------------------------------------------
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

# ---------------------------------------------------------------------------------------------
# Cache: the tar is reused while its stamp matches this recipe and the mirror has no newer JRE.

# The JRE version APT would install now, when this machine runs the same Debian suite (its APT
# lists then come from the same sources as the image's); empty when that cannot be told.
wanted_jre_version() {
  local host_suite candidate
  # shellcheck disable=SC1091 # a file of the running system, not of this repository
  host_suite="$(. /etc/os-release 2>/dev/null && printf '%s' "${VERSION_CODENAME:-}")"
  [[ "$host_suite" == "$DEBIAN_SUITE" ]] || return 0
  command -v apt-cache >/dev/null 2>&1 || return 0
  candidate="$(apt-cache policy "$JRE_PACKAGE" 2>/dev/null | sed -n 's/^ *Candidate: //p')"
  [[ "$candidate" == "(none)" ]] || printf '%s\n' "$candidate"
}

# Prints "fresh", or why the cached tar cannot be used.
jre_base_cache_state() {
  [[ -s "$JRE_BASE_TAR" ]] || { echo "no cached image at $JRE_BASE_TAR"; return; }
  [[ -f "$JRE_BASE_STAMP" ]] || { echo "no stamp $JRE_BASE_STAMP next to the cached image"; return; }
  local key recorded expected
  for key in recipe suite arch image package; do
    case "$key" in
      recipe) expected="$JRE_BASE_RECIPE" ;;
      suite) expected="$DEBIAN_SUITE" ;;
      arch) expected="$ARCH" ;;
      image) expected="$JRE_BASE_IMAGE" ;;
      package) expected="$JRE_PACKAGE" ;;
    esac
    recorded="$(stamp_value "$JRE_BASE_STAMP" "$key")"
    if [[ "$recorded" != "$expected" ]]; then
      echo "stamp records $key='$recorded', wanted '$expected'"
      return
    fi
  done
  local built_version wanted_version
  built_version="$(stamp_value "$JRE_BASE_STAMP" package_version)"
  wanted_version="$(wanted_jre_version)"
  # Only a newer version triggers a rebuild: this machine's APT lists may be older than the mirror.
  if [[ -n "$wanted_version" ]] && dpkg --compare-versions "$wanted_version" gt "$built_version"; then
    echo "APT offers $JRE_PACKAGE $wanted_version, the cached image has $built_version"
    return
  fi
  echo fresh
}

# ---------------------------------------------------------------------------------------------
# Build steps.

check_prerequisites() {
  require_root "debootstrap and chroot need it"
  require_command debootstrap "apt-get install debootstrap"
  require_command chroot "apt-get install coreutils"
  require_docker
  resolve_mirrors
  log "mirror: $DEBIAN_MIRROR (updates: $DEBIAN_UPDATES_MIRROR, security: ${DEBIAN_SECURITY_MIRROR:-none})"
  WORK_DIR="$(mktemp -d "${TMPDIR:-/var/tmp}/jre-base.XXXXXX")"
  ROOTFS="$WORK_DIR/rootfs"
  local directory free_bytes
  for directory in "$WORK_DIR" "$IMAGES_DIR"; do
    free_bytes="$(df --output=avail -B1 "$directory" | tail -n 1 | tr -d ' ')"
    ((free_bytes >= MIN_FREE_BYTES)) || die "not enough disk space in $directory:" \
      "$(human_size "$free_bytes") free, about $(human_size "$MIN_FREE_BYTES") needed"
  done
  : >"$BUILD_LOG"
  log "build log: $BUILD_LOG"
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

install_packages() {
  write_chroot_configuration
  # The JRE's and ca-certificates-java's maintainer scripts run java, which needs /proc.
  mount -t proc proc "$ROOTFS/proc"
  local -a apt_options
  mapfile -t apt_options < <(host_apt_options)
  run_logged "apt-get update" in_chroot apt-get "${apt_options[@]}" update
  run_logged "apt-get upgrade" in_chroot apt-get "${apt_options[@]}" -y upgrade
  run_logged "apt-get install $JRE_PACKAGE ${EXTRA_PACKAGES[*]}" \
    in_chroot apt-get "${apt_options[@]}" -y install "$JRE_PACKAGE" "${EXTRA_PACKAGES[@]}"
  unmount_chroot_filesystems
  [[ -x "$ROOTFS$JAVA_HOME_IN_IMAGE/bin/java" ]] \
    || die "expected java at $JAVA_HOME_IN_IMAGE/bin/java after installing $JRE_PACKAGE, found none"
  # shellcheck disable=SC2016 # a dpkg-query format, not a shell expansion
  JRE_INSTALLED_VERSION="$(in_chroot dpkg-query -W -f='${Version}' "$JRE_PACKAGE")"
  log "installed $JRE_PACKAGE $JRE_INSTALLED_VERSION"
}

add_app_user() {
  in_chroot groupadd --gid "$APP_ID" "$APP_USER"
  in_chroot useradd --uid "$APP_ID" --gid "$APP_ID" --create-home --home-dir "/home/$APP_USER" \
    --shell /usr/sbin/nologin "$APP_USER"
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

import_image() {
  PREVIOUS_IMAGE_ID="$(docker image inspect --format '{{.Id}}' "$JRE_BASE_IMAGE" 2>/dev/null || true)"
  local path="$JAVA_HOME_IN_IMAGE/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
  # /dev, /proc and /sys are provided by the container runtime; debootstrap's device nodes stay out.
  IMAGE_ID="$(tar --numeric-owner -C "$ROOTFS" --exclude='./dev/*' --exclude='./proc/*' \
    --exclude='./sys/*' -cf - . |
    docker import \
      --change "ENV PATH=$path" \
      --change "ENV JAVA_HOME=$JAVA_HOME_IN_IMAGE" \
      --change "ENV LANG=C.UTF-8" \
      --change "LABEL io.github.istiocoredns.jre-package=$JRE_PACKAGE" \
      --change "LABEL io.github.istiocoredns.jre-package-version=$JRE_INSTALLED_VERSION" \
      --change "LABEL io.github.istiocoredns.debian-suite=$DEBIAN_SUITE" \
      --message "scripts/offline-images jre-base (recipe $JRE_BASE_RECIPE)" \
      - "$JRE_BASE_IMAGE")"
  log "imported $JRE_BASE_IMAGE ($IMAGE_ID)"
}

# The image must run java as the unprivileged user, with a writable home and a Java trust store.
self_check() {
  local version_output identity
  version_output="$(docker run --rm --network none --user "$APP_ID" "$JRE_BASE_IMAGE" java -version 2>&1)" \
    || die "java -version failed in $JRE_BASE_IMAGE as uid $APP_ID: $version_output"
  [[ "$version_output" == *'version "17.'* ]] \
    || die "java -version in $JRE_BASE_IMAGE: expected version \"17.*\", saw: $version_output"
  log "java -version as uid $APP_ID: $(head -n 1 <<<"$version_output")"
  # shellcheck disable=SC2016 # expanded by the shell inside the container
  identity="$(docker run --rm --network none --user "$APP_ID" "$JRE_BASE_IMAGE" \
    sh -c 'test -w "$HOME" && test -s "$JAVA_HOME/lib/security/cacerts" && echo "$(id -un):$(id -g):$HOME"' 2>&1)" \
    || die "in $JRE_BASE_IMAGE as uid $APP_ID: home not writable or no Java trust store ($identity)"
  local expected_identity="$APP_USER:$APP_ID:/home/$APP_USER"
  [[ "$identity" == "$expected_identity" ]] \
    || die "user in $JRE_BASE_IMAGE: expected $expected_identity (name:gid:home), saw $identity"
}

save_image() {
  TAR_IN_PROGRESS="$IMAGES_DIR/.jre-base.tar.tmp.$$"
  docker save -o "$TAR_IN_PROGRESS" "$JRE_BASE_IMAGE"
  # docker save creates it readable by its owner only; the build may run as another user.
  chmod 0644 "$TAR_IN_PROGRESS"
  tar -tf "$TAR_IN_PROGRESS" manifest.json >/dev/null 2>&1 \
    || die "docker save wrote $TAR_IN_PROGRESS without a manifest.json: Jib could not read it"
  # A tar without its stamp is rebuilt next time, so the stamp goes first and comes back last.
  rm -f "$JRE_BASE_STAMP"
  publish_atomically "$TAR_IN_PROGRESS" "$JRE_BASE_TAR"
  TAR_IN_PROGRESS=""
  write_stamp "$JRE_BASE_STAMP" \
    "recipe=$JRE_BASE_RECIPE" "suite=$DEBIAN_SUITE" "arch=$ARCH" "image=$JRE_BASE_IMAGE" \
    "package=$JRE_PACKAGE" "package_version=$JRE_INSTALLED_VERSION" "java_home=$JAVA_HOME_IN_IMAGE" \
    "image_id=$IMAGE_ID" "mirror=$DEBIAN_MIRROR" "built_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  if [[ -n "$PREVIOUS_IMAGE_ID" && "$PREVIOUS_IMAGE_ID" != "$IMAGE_ID" ]]; then
    docker image rm "$PREVIOUS_IMAGE_ID" >/dev/null 2>&1 || true
  fi
}

on_exit() {
  local status=$?
  report_failed_step "$status"
  unmount_chroot_filesystems || true
  if [[ -n "$TAR_IN_PROGRESS" ]]; then rm -f "$TAR_IN_PROGRESS"; fi
  if [[ -n "$WORK_DIR" && -d "$WORK_DIR" ]]; then
    if [[ -n "$ROOTFS" ]] && mountpoint -q "$ROOTFS/proc"; then
      warn "left $WORK_DIR in place: $ROOTFS/proc is still mounted"
    else
      rm -rf --one-file-system "$WORK_DIR"
    fi
  fi
  exit "$status"
}

usage() {
  cat <<EOF
Usage: scripts/offline-images jre-base [--force]
Builds $JRE_BASE_IMAGE and saves it to $JRE_BASE_TAR
(skipped while that file and its stamp $JRE_BASE_STAMP are current).
  --force   rebuild even if the cached image is current
EOF
}

main() {
  local force=false
  while (($#)); do
    case "$1" in
      --force) force=true ;;
      -h | --help) usage; return 0 ;;
      *) usage >&2; die "unknown argument '$1'" ;;
    esac
    shift
  done
  trap on_exit EXIT
  # Without these, a Ctrl-C can end bash without running the EXIT trap, leaving /proc mounted.
  trap 'exit 130' INT
  trap 'exit 143' TERM
  trap 'exit 129' HUP
  local started state
  started="$(now_ms)"
  note_cache_override
  lock_target jre-base
  state="$(jre_base_cache_state)"
  if [[ "$state" == fresh && "$force" == false ]]; then
    log "up to date, nothing to do: $JRE_BASE_TAR ($JRE_PACKAGE" \
      "$(stamp_value "$JRE_BASE_STAMP" package_version), built $(stamp_value "$JRE_BASE_STAMP" built_at))"
    [[ -n "$(wanted_jre_version)" ]] || log "(this machine's APT cannot tell the newest $JRE_PACKAGE" \
      "of $DEBIAN_SUITE, so the cached version is kept)"
    log "to rebuild: delete $JRE_BASE_STAMP or pass --force"
    return 0
  fi
  if [[ "$force" == true ]]; then log "building: --force given"; else log "building: $state"; fi
  run_step "check prerequisites" check_prerequisites
  run_step "debootstrap $DEBIAN_SUITE ($ARCH, minbase)" bootstrap_rootfs
  run_step "install $JRE_PACKAGE ${EXTRA_PACKAGES[*]}" install_packages
  run_step "add user $APP_USER (uid/gid $APP_ID, home /home/$APP_USER)" add_app_user
  run_step "strip APT caches, docs, man pages, locales" slim_rootfs
  run_step "docker import as $JRE_BASE_IMAGE" import_image
  run_step "self-check: java -version as uid $APP_ID" self_check
  run_step "docker save to $JRE_BASE_TAR" save_image
  log "image $JRE_BASE_IMAGE: $(human_size "$(docker image inspect --format '{{.Size}}' "$JRE_BASE_IMAGE")")," \
    "tar $(human_size "$(stat -c %s "$JRE_BASE_TAR")"), built in $(format_duration $(($(now_ms) - started)))"
}

main "$@"
