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

# debootstrap, mirror and chroot helpers (debian_architecture, resolve_mirrors, in_chroot, ...) are in
# common.sh, shared with the node target.
ARCH="$(debian_architecture)"
JAVA_HOME_IN_IMAGE="/usr/lib/jvm/java-17-openjdk-$ARCH"

# ---------------------------------------------------------------------------------------------
# Cache: the tar is reused while its stamp matches this recipe and the mirror has no newer JRE.

# The JRE version APT would install now, when this machine runs the same Debian suite (its APT
# lists then come from the same sources as the image's); empty when that cannot be told.
wanted_jre_version() { host_apt_candidate_version "$JRE_PACKAGE"; }

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
  require_free_space "$MIN_FREE_BYTES" "$WORK_DIR" "$IMAGES_DIR"
  : >"$BUILD_LOG"
  log "build log: $BUILD_LOG"
}


install_packages() {
  write_chroot_configuration
  # The JRE's and ca-certificates-java's maintainer scripts run java, which needs /proc.
  mount -t proc proc "$ROOTFS/proc"
  install_packages_in_chroot "$JRE_PACKAGE" "${EXTRA_PACKAGES[@]}"
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
