#!/usr/bin/env bash
# offline-images-target: single-node Kubernetes without a registry: kubelet, kube-proxy, kube-controller-manager, kube-scheduler (with kube-binaries), mirror.local/istiocoredns/pause and a Debian stand-in for nicolaka/netshoot
#
# Builds, for a hand-made single-node Kubernetes on a machine that reaches no container registry:
#
#   1. the Kubernetes node binaries (kubelet, kube-proxy, kube-controller-manager, kube-scheduler) of
#      the release kube-binaries pins, next to its kube-apiserver, etcd and kubectl: this runs
#      `scripts/lib/kube-binaries.sh --node` (see there; `--print-bin-dir` prints where they are);
#   2. `${MIRROR_PREFIX}istiocoredns/pause:<PAUSE_RECIPE>`: the pod sandbox image, our own program
#      scripts/node/pause (waits for SIGTERM/SIGINT, exits 0, reaps orphans), static, alone in the
#      image as /pause;
#   3. `${MIRROR_PREFIX}nicolaka/netshoot:v0.16`: a STAND-IN for the client image the manifests name
#      (manifests/istio/client.yaml), which cannot be pulled here. It is not netshoot: a Debian
#      bookworm minbase root filesystem made by debootstrap, with the packages that give the probes
#      `sh`, `dig`, `curl` and `sleep`; its labels say so.
#
# Each image carries the hash of its inputs as the label io.github.istiocoredns.node.inputs; an image
# whose label matches is not rebuilt (the client image also when this machine's APT offers no newer
# curl or bind9-dnsutils, as for jre-base). Building the client image needs root (debootstrap).
#
# Usage: scripts/lib/node.sh [--force] [--print-images] [--print-bin-dir]
#        (normally run as `scripts/offline-images node`)
# Env:   ISTIOCOREDNS_CACHE, MIRROR_PREFIX (see common.sh); GO; DEBIAN_MIRROR, DEBIAN_SECURITY_MIRROR
#        (see jre-base.sh).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PAUSE_SOURCE_DIR="$(cd "$SCRIPT_DIR/../node/pause" && pwd)"
LOG_TAG="offline-images/node"
# shellcheck source=common.sh source-path=SCRIPTDIR
source "$SCRIPT_DIR/common.sh"

# Bump when a change to the steps below changes an image, so that it is rebuilt. The pause image is
# tagged with its recipe.
PAUSE_RECIPE=1
CLIENT_RECIPE=1
PAUSE_IMAGE="${MIRROR_PREFIX}istiocoredns/pause:$PAUSE_RECIPE"
# The name and tag that manifests/istio/client.yaml uses, so that the manifests need no change.
CLIENT_IMAGE="${MIRROR_PREFIX}nicolaka/netshoot:v0.16"
DEBIAN_SUITE="bookworm"
# dig and curl; sh (dash) and sleep (coreutils) are in every minbase root filesystem already.
CLIENT_PACKAGES=(bind9-dnsutils curl)
LABEL_PREFIX="io.github.istiocoredns.node"
NODE_CACHE="$ISTIOCOREDNS_CACHE/node"
BUILD_LOG="$NODE_CACHE/client.build.log"
MIN_FREE_BYTES=$((1024 * 1024 * 1024))
# docker stop must end the pause container well within this (it sends SIGTERM first).
PAUSE_STOP_LIMIT_SECONDS=3

# Set while building; read by the EXIT trap.
WORK_DIR=""
ROOTFS=""

image_label() { docker_image_label "$1" "$LABEL_PREFIX.$2"; }

image_stamp() { image_label "$1" inputs; }

image_size() { human_size "$(docker image inspect --format '{{.Size}}' "$1")"; }

image_id() { docker_image_id "$1"; }

# After a re-import the previous image is left untagged: remove it unless a container still uses it.
remove_previous_image() {
  local previous="$1" image="$2"
  if [[ -n "$previous" && "$previous" != "$(image_id "$image")" ]]; then
    docker image rm "$previous" >/dev/null 2>&1 || true
  fi
}

# Untags a freshly imported image that failed its check, so the next run does not take it for current.
reject_image() {
  local image="$1"
  shift
  docker image rm "$image" >/dev/null 2>&1 || true
  die "$* (image $image removed)"
}

# ---------------------------------------------------------------------------------------------
# Kubernetes binaries

build_kubernetes_binaries() {
  local -a arguments=(--node)
  [[ "$FORCE" == true ]] && arguments+=(--force)
  bash "$SCRIPT_DIR/kube-binaries.sh" "${arguments[@]}"
}

# ---------------------------------------------------------------------------------------------
# Pause image

pause_inputs_hash() {
  {
    printf 'recipe=%s\ngo=%s\narch=%s\n' "$PAUSE_RECIPE" "$GO_VERSION" "$(run_go_with_flags "" env GOARCH)"
    (cd "$PAUSE_SOURCE_DIR" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
  } | sha256sum | cut -c1-16
}

# The program must exit 0, and soon, on SIGTERM.
check_pause_binary() {
  local binary="$1" pid status=0
  "$binary" &
  pid=$!
  # Time to reach signal.Notify (a SIGTERM before that would kill it with status 143).
  sleep 0.5
  kill -TERM "$pid"
  wait "$pid" || status=$?
  [[ $status -eq 0 ]] || die "$binary exited with status $status on SIGTERM, expected 0"
}

build_pause_binary() {
  local dir="$NODE_CACHE/pause"
  mkdir -p "$dir"
  if ! (cd "$PAUSE_SOURCE_DIR" && run_go_with_flags "-mod=readonly -buildvcs=false" \
    build -trimpath -ldflags '-s -w' -o "$dir/pause.new" .) >"$dir/build.log" 2>&1; then
    cat "$dir/build.log" >&2
    die "go build of $PAUSE_SOURCE_DIR failed (whole log: $dir/build.log)"
  fi
  check_pause_binary "$dir/pause.new"
  publish_atomically "$dir/pause.new" "$dir/pause"
  PAUSE_BINARY="$dir/pause"
}

import_pause_image() {
  local rootfs="$NODE_CACHE/pause/rootfs" previous built_on
  previous="$(image_id "$PAUSE_IMAGE")"
  rm -rf "$rootfs"
  mkdir -p "$rootfs"
  install -m 0755 "$PAUSE_BINARY" "$rootfs/pause"
  built_on="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  tar --numeric-owner --owner=0 --group=0 --sort=name --mtime=@0 -C "$rootfs" -c . \
    | docker import \
      --change 'ENTRYPOINT ["/pause"]' \
      --change "LABEL org.opencontainers.image.title=pause org.opencontainers.image.version=$PAUSE_RECIPE" \
      --change "LABEL org.opencontainers.image.description=\"Pod sandbox for scripts/local-node: waits for SIGTERM/SIGINT and exits 0 (scripts/node/pause)\"" \
      --change "LABEL org.opencontainers.image.created=$built_on" \
      --change "LABEL $LABEL_PREFIX.inputs=$PAUSE_HASH $LABEL_PREFIX.go=$GO_VERSION" \
      --change "LABEL $LABEL_PREFIX.build-ms=$(($(now_ms) - PAUSE_STARTED))" \
      --message "pause (recipe $PAUSE_RECIPE) built offline by scripts/lib/node.sh" \
      - "$PAUSE_IMAGE" >/dev/null
  rm -rf "$rootfs"
  remove_previous_image "$previous" "$PAUSE_IMAGE"
}

# A container of the image must run and end with status 0 soon after `docker stop`.
check_pause_image() {
  local container started elapsed_ms exit_code
  container="$(docker run -d --network none "$PAUSE_IMAGE")" \
    || reject_image "$PAUSE_IMAGE" "docker run of $PAUSE_IMAGE failed"
  sleep 0.5
  started="$(now_ms)"
  docker stop -t 10 "$container" >/dev/null
  elapsed_ms=$(($(now_ms) - started))
  exit_code="$(docker inspect --format '{{.State.ExitCode}}' "$container")"
  docker rm "$container" >/dev/null
  [[ "$exit_code" == 0 ]] || reject_image "$PAUSE_IMAGE" "pause container ended with status $exit_code on docker stop, expected 0"
  ((elapsed_ms <= PAUSE_STOP_LIMIT_SECONDS * 1000)) \
    || reject_image "$PAUSE_IMAGE" "docker stop of a pause container took $(format_duration "$elapsed_ms"), expected under $PAUSE_STOP_LIMIT_SECONDS s"
  log "  pause container: exit 0 $(format_duration "$elapsed_ms") after docker stop"
}

# ---------------------------------------------------------------------------------------------
# Client image (stand-in for nicolaka/netshoot)

client_inputs_hash() {
  printf 'recipe=%s\nsuite=%s\narch=%s\npackages=%s\nimage=%s\n' "$CLIENT_RECIPE" "$DEBIAN_SUITE" \
    "$ARCH" "${CLIENT_PACKAGES[*]}" "$CLIENT_IMAGE" | sha256sum | cut -c1-16
}

# Prints "current", or why the client image must be (re)built.
client_image_state() {
  local recorded package built_version wanted_version
  recorded="$(image_stamp "$CLIENT_IMAGE")"
  if [[ -z "$(image_id "$CLIENT_IMAGE")" ]]; then
    echo "no image $CLIENT_IMAGE"
    return
  fi
  if [[ "$recorded" != "$CLIENT_HASH" ]]; then
    echo "label $LABEL_PREFIX.inputs='$recorded', inputs now $CLIENT_HASH"
    return
  fi
  # Only a newer version triggers a rebuild: this machine's APT lists may be older than the mirror.
  for package in "${CLIENT_PACKAGES[@]}"; do
    built_version="$(image_label "$CLIENT_IMAGE" "version.$package")"
    wanted_version="$(host_apt_candidate_version "$package")"
    if [[ -n "$wanted_version" ]] && dpkg --compare-versions "$wanted_version" gt "$built_version"; then
      echo "APT offers $package $wanted_version, the image has ${built_version:-none}"
      return
    fi
  done
  echo current
}

prepare_client_build() {
  require_root "debootstrap and chroot need it"
  require_command debootstrap "apt-get install debootstrap"
  require_command chroot "apt-get install coreutils"
  resolve_mirrors
  log "  mirror: $DEBIAN_MIRROR (updates: $DEBIAN_UPDATES_MIRROR, security: ${DEBIAN_SECURITY_MIRROR:-none})"
  WORK_DIR="$(mktemp -d "${TMPDIR:-/var/tmp}/node-client.XXXXXX")"
  ROOTFS="$WORK_DIR/rootfs"
  require_free_space "$MIN_FREE_BYTES" "$WORK_DIR"
  : >"$BUILD_LOG"
  log "  build log: $BUILD_LOG"
}

install_client_packages() {
  write_chroot_configuration
  install_packages_in_chroot "${CLIENT_PACKAGES[@]}"
  mapfile -t CLIENT_PACKAGE_VERSIONS < <(chroot_package_versions "${CLIENT_PACKAGES[@]}")
  log "  installed ${CLIENT_PACKAGE_VERSIONS[*]}"
}

import_client_image() {
  local previous built_on entry
  local -a version_labels=()
  previous="$(image_id "$CLIENT_IMAGE")"
  built_on="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  for entry in "${CLIENT_PACKAGE_VERSIONS[@]}"; do
    version_labels+=(--change "LABEL $LABEL_PREFIX.version.${entry%%=*}=${entry#*=}")
  done
  # /dev, /proc and /sys are provided by the container runtime; debootstrap's device nodes stay out.
  tar --numeric-owner -C "$ROOTFS" --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' -cf - . \
    | docker import \
      --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change 'ENV LANG=C.UTF-8' \
      --change 'CMD ["sleep", "infinity"]' \
      --change "LABEL org.opencontainers.image.title=\"netshoot stand-in\" org.opencontainers.image.version=v0.16" \
      --change "LABEL org.opencontainers.image.description=\"Stand-in for nicolaka/netshoot:v0.16, NOT that image: Debian $DEBIAN_SUITE minbase with ${CLIENT_PACKAGES[*]} from Debian packages (sh, dig, curl, sleep), built offline by scripts/lib/node.sh\"" \
      --change "LABEL org.opencontainers.image.created=$built_on" \
      --change "LABEL $LABEL_PREFIX.stand-in-for=nicolaka/netshoot:v0.16 $LABEL_PREFIX.debian-suite=$DEBIAN_SUITE" \
      --change "LABEL $LABEL_PREFIX.inputs=$CLIENT_HASH $LABEL_PREFIX.build-ms=$(($(now_ms) - CLIENT_STARTED))" \
      "${version_labels[@]}" \
      --message "netshoot stand-in (recipe $CLIENT_RECIPE) built offline by scripts/lib/node.sh" \
      - "$CLIENT_IMAGE" >/dev/null
  remove_previous_image "$previous" "$CLIENT_IMAGE"
}

# As the manifests run it: uid 65532, read-only root filesystem, no capabilities.
check_client_image() {
  local output
  output="$(docker run --rm --network none --user 65532:65532 --read-only --cap-drop ALL "$CLIENT_IMAGE" \
    sh -c 'dig -v 2>&1 && curl --version | head -n 1 && sleep 0' 2>&1)" \
    || reject_image "$CLIENT_IMAGE" "sh, dig, curl or sleep failed in $CLIENT_IMAGE as uid 65532: $output"
  [[ "$output" == *DiG* && "$output" == *curl* ]] \
    || reject_image "$CLIENT_IMAGE" "unexpected output of dig -v / curl --version in $CLIENT_IMAGE: $output"
  while IFS= read -r line; do log "  $line"; done <<<"$output"
}

build_client_image() {
  CLIENT_STARTED="$(now_ms)"
  run_step "client: check prerequisites" prepare_client_build
  run_step "client: debootstrap $DEBIAN_SUITE ($ARCH, minbase)" bootstrap_rootfs
  run_step "client: install ${CLIENT_PACKAGES[*]}" install_client_packages
  run_step "client: strip APT caches, docs, man pages, locales" slim_rootfs
  run_step "client: docker import as $CLIENT_IMAGE" import_client_image
  run_step "client: self-check as uid 65532, read-only root" check_client_image
  rm -rf --one-file-system "$WORK_DIR"
  WORK_DIR=""
  ROOTFS=""
}

# ---------------------------------------------------------------------------------------------
# Main

declare -A RESULT=()

# "built in N s" this run, or "cached" with the build time (up to the import) recorded in the label.
image_result() {
  local image="$1" built_now="$2" milliseconds duration="?"
  milliseconds="$(image_label "$image" build-ms)"
  if [[ "$milliseconds" =~ ^[0-9]+$ ]]; then duration="$(format_duration "$milliseconds")"; fi
  if [[ "$built_now" == true ]]; then
    printf 'built in %s\n' "$duration"
  else
    printf 'cached (build %s)\n' "$duration"
  fi
}

print_summary() {
  local bin_dir name stamp result built
  bin_dir="$(bash "$SCRIPT_DIR/kube-binaries.sh" --print-bin-dir)"
  log "summary: Kubernetes $(bash "$SCRIPT_DIR/kube-binaries.sh" --print-version), Go $GO_VERSION; binaries in $bin_dir"
  printf '  %-24s %-50s %-22s %s\n' PIECE "VERSION" "THIS RUN" SIZE
  for name in kube-apiserver etcd kubectl kubelet kube-proxy kube-controller-manager kube-scheduler; do
    stamp="$bin_dir/$name.stamp"
    built="$(stamp_value "$stamp" built)"
    if [[ -n "$built" && "$built" != "${BINARY_BUILT_BEFORE[$name]:-}" ]]; then
      result="built in $(stamp_value "$stamp" build_seconds) s"
    else
      result="cached (build $(stamp_value "$stamp" build_seconds) s)"
    fi
    printf '  %-24s %-50s %-22s %s\n' "$name" "$(stamp_value "$stamp" reports)" "$result" \
      "$(human_size "$(stat -c %s "$bin_dir/$name")")"
  done
  printf '  %-24s %-50s %-22s %s\n' "${PAUSE_IMAGE#"$MIRROR_PREFIX"}" "scripts/node/pause, recipe $PAUSE_RECIPE" \
    "${RESULT[pause]}" "$(image_size "$PAUSE_IMAGE")"
  printf '  %-24s %-50s %-22s %s\n' "${CLIENT_IMAGE#"$MIRROR_PREFIX"}" \
    "$(image_label "$CLIENT_IMAGE" version.curl | sed 's/^/curl /') / $(image_label "$CLIENT_IMAGE" version.bind9-dnsutils | sed 's/^/dig /')" \
    "${RESULT[client]}" "$(image_size "$CLIENT_IMAGE")"
  log "images: $PAUSE_IMAGE $CLIENT_IMAGE (the latter a Debian stand-in, not netshoot)"
}

usage() {
  cat <<EOF
Usage: scripts/offline-images node [--force]
       scripts/lib/node.sh [--force] [--print-images] [--print-bin-dir]

Builds what scripts/local-node needs without a registry:
  - kubelet, kube-proxy, kube-controller-manager, kube-scheduler, with kube-apiserver, etcd and kubectl
    (scripts/lib/kube-binaries.sh --node) into $(bash "$SCRIPT_DIR/kube-binaries.sh" --print-bin-dir)
  - $PAUSE_IMAGE (scripts/node/pause)
  - $CLIENT_IMAGE: a Debian $DEBIAN_SUITE stand-in with ${CLIENT_PACKAGES[*]} (needs root)
Pieces whose output is current are skipped.

  --force          rebuild everything, the Kubernetes binaries included
  --print-images   print the two image names, one a line, and exit
  --print-bin-dir  print the directory of the Kubernetes binaries and exit
  -h|--help        this text
EOF
}

on_exit() {
  local status=$?
  report_failed_step "$status"
  unmount_chroot_filesystems || true
  if [[ -n "$WORK_DIR" && -d "$WORK_DIR" ]]; then rm -rf --one-file-system "$WORK_DIR"; fi
  exit "$status"
}

main() {
  FORCE=false
  local argument
  for argument in "$@"; do
    case "$argument" in
      --force) FORCE=true ;;
      --print-images) printf '%s\n' "$PAUSE_IMAGE" "$CLIENT_IMAGE"; return 0 ;;
      --print-bin-dir) bash "$SCRIPT_DIR/kube-binaries.sh" --print-bin-dir; return 0 ;;
      -h | --help) usage; return 0 ;;
      *) usage >&2; die "unknown argument '$argument'" ;;
    esac
  done
  trap on_exit EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  trap 'exit 129' HUP
  local started bin_dir name
  started="$(now_ms)"
  GO_BIN="$(go_binary "the pause program and the Kubernetes binaries")"
  GO_VERSION="$("$GO_BIN" env GOVERSION)"
  ARCH="$(debian_architecture)"
  require_docker
  mkdir -p "$NODE_CACHE" "$GO_CACHE_ROOT"
  lock_target node

  bin_dir="$(bash "$SCRIPT_DIR/kube-binaries.sh" --print-bin-dir)"
  declare -gA BINARY_BUILT_BEFORE=()
  for name in kube-apiserver etcd kubectl kubelet kube-proxy kube-controller-manager kube-scheduler; do
    BINARY_BUILT_BEFORE[$name]="$(stamp_value "$bin_dir/$name.stamp" built)"
  done
  run_step "Kubernetes binaries (kube-binaries.sh --node)" build_kubernetes_binaries

  PAUSE_HASH="$(pause_inputs_hash)"
  if [[ "$FORCE" != true && "$(image_stamp "$PAUSE_IMAGE")" == "$PAUSE_HASH" ]]; then
    log "pause: $PAUSE_IMAGE has label $LABEL_PREFIX.inputs=$PAUSE_HASH: nothing to do"
    RESULT[pause]="$(image_result "$PAUSE_IMAGE" false)"
  else
    PAUSE_STARTED="$(now_ms)"
    run_step "pause: go build scripts/node/pause (static)" build_pause_binary
    run_step "pause: docker import as $PAUSE_IMAGE" import_pause_image
    run_step "pause: self-check (docker stop ends it with status 0)" check_pause_image
    RESULT[pause]="$(image_result "$PAUSE_IMAGE" true)"
  fi

  CLIENT_HASH="$(client_inputs_hash)"
  local state
  state="$(client_image_state)"
  [[ "$FORCE" == true ]] && state="--force"
  if [[ "$state" == current ]]; then
    log "client: $CLIENT_IMAGE has label $LABEL_PREFIX.inputs=$CLIENT_HASH and no newer packages: nothing to do"
    RESULT[client]="$(image_result "$CLIENT_IMAGE" false)"
  else
    log "client: building ($state)"
    build_client_image
    RESULT[client]="$(image_result "$CLIENT_IMAGE" true)"
  fi

  print_summary
  log "done in $(format_duration $(($(now_ms) - started)))"
}

main "$@"
