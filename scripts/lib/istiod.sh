#!/usr/bin/env bash
# offline-images-target: istiod (pilot-discovery) built from the same istio.io/istio snapshot as istio-charts, as mirror.local/istio/pilot:<snapshot>, for running Istio's control plane on the local node
#
# Builds Istio's control plane from source, so that the node tier can run the istiod chart that
# istio-charts copies with a real istiod: the sidecar injector and the ServiceEntry validation
# webhook then answer as in a cluster. Not Istio's image: istiod's own program from the Go module
# zip of istio.io/istio at the snapshot istio-charts pins (ISTIO_CHARTS_MODULE_VERSION there), built
# with the local Go toolchain the way Istio's Makefile builds it (CGO off, build tags
# vtprotobuf,disable_pgv, version variables set), alone in an image as Istio's Dockerfile.pilot has
# it (/usr/local/bin/pilot-discovery, user 1337:1337) plus /etc/passwd, /etc/group and /tmp instead
# of Istio's distroless base. No Envoy: the sidecar (proxyv2) is C++ and cannot be built here.
#
# The image is `${MIRROR_PREFIX}istio/pilot:<snapshot pseudo-version without v>`; a tag other than
# `latest` keeps the kubelet from trying to pull it. It carries the hash of its inputs as the label
# io.github.istiocoredns.istiod.inputs and is not rebuilt while that matches. Built binary:
# $ISTIOCOREDNS_CACHE/istiod/<snapshot>/pilot-discovery; build log next to it.
#
# Usage: scripts/lib/istiod.sh [--force] [--print-image]
#        (normally run as `scripts/offline-images istiod`)
# Env:   ISTIOCOREDNS_CACHE, MIRROR_PREFIX (see common.sh); GO; GOPROXY as configured for `go env`.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
LOG_TAG="offline-images/istiod"
# shellcheck source=common.sh source-path=SCRIPTDIR
source "$SCRIPT_DIR/common.sh"

# Bump when a change to the steps below changes the image, so that it is rebuilt.
ISTIOD_RECIPE=1
ISTIO_MODULE="istio.io/istio"
PILOT_PACKAGE="$ISTIO_MODULE/pilot/cmd/pilot-discovery"
# As Istio's Makefile.core.mk (STANDARD_TAGS) builds istiod.
BUILD_TAGS="vtprotobuf,disable_pgv"
# As Istio's pilot/docker/Dockerfile.pilot runs it.
ISTIO_USER_ID=1337
LABEL_PREFIX="io.github.istiocoredns.istiod"
MIN_FREE_BYTES=$((3 * 1024 * 1024 * 1024))

MODULE_VERSION="$(bash "$SCRIPT_DIR/istio-charts.sh" --print-module-version)"
IMAGE="${MIRROR_PREFIX}istio/pilot:${MODULE_VERSION#v}"
ISTIOD_CACHE="$ISTIOCOREDNS_CACHE/istiod/$MODULE_VERSION"
BUILD_LOG="$ISTIOD_CACHE/build.log"

run_go() { run_go_with_flags "-modcacherw" "$@"; }

image_label() { docker_image_label "$IMAGE" "$LABEL_PREFIX.$1"; }

image_id() { docker_image_id "$IMAGE"; }

inputs_hash() {
  printf 'recipe=%s\nmodule=%s@%s\ngo=%s\narch=%s\ntags=%s\nuser=%s\n' "$ISTIOD_RECIPE" "$ISTIO_MODULE" \
    "$MODULE_VERSION" "$GO_VERSION" "$(run_go env GOARCH)" "$BUILD_TAGS" "$ISTIO_USER_ID" | sha256sum | cut -c1-16
}

# A module of our own whose only content is the tool directive for pilot-discovery: istio.io/istio's
# go.mod then decides every dependency version (it has no replace directives to lose), and `go mod
# tidy` checks each against the Go checksum database.
write_wrapper_module() {
  local wrapper="$1" go_line
  go_line="$(awk '/^go [0-9]/ { print; exit }' "$ISTIO_SOURCE/go.mod")"
  [[ -n "$go_line" ]] || die "$ISTIO_MODULE@$MODULE_VERSION: go.mod has no go line"
  mkdir -p "$wrapper"
  printf 'module istiocoredns.local/istiod-build\n\n%s\n\nrequire %s %s\n\ntool %s\n' \
    "$go_line" "$ISTIO_MODULE" "$MODULE_VERSION" "$PILOT_PACKAGE" >"$wrapper/go.mod"
  : >"$wrapper/go.sum"
}

download_source() {
  ISTIO_SOURCE="$(go_module_source_dir "$ISTIO_MODULE@$MODULE_VERSION")" || exit 1
  [[ -f "$ISTIO_SOURCE/go.mod" && -d "$ISTIO_SOURCE/pilot/cmd/pilot-discovery" ]] \
    || die "$ISTIO_MODULE@$MODULE_VERSION has no pilot/cmd/pilot-discovery (source: $ISTIO_SOURCE)"
}

build_binary() {
  local wrapper="$ISTIOD_CACHE/module" started ldflags
  require_free_space "$MIN_FREE_BYTES" "$ISTIOCOREDNS_CACHE"
  write_wrapper_module "$wrapper"
  if ! (cd "$wrapper" && run_go mod tidy) >"$BUILD_LOG" 2>&1; then
    tail -n 20 "$BUILD_LOG" >&2
    die "go mod tidy of $wrapper failed (last lines above; whole log: $BUILD_LOG). A '403'/'not available' names a module version this Go module proxy does not serve."
  fi
  ldflags="-s -w"
  ldflags+=" -X istio.io/istio/pkg/version.buildVersion=${MODULE_VERSION#v}"
  ldflags+=" -X istio.io/istio/pkg/version.buildGitRevision=${MODULE_VERSION##*-}"
  ldflags+=" -X istio.io/istio/pkg/version.buildStatus=Modified"
  ldflags+=" -X istio.io/istio/pkg/version.buildTag=source-build-by-istiocoredns"
  ldflags+=" -X istio.io/istio/pkg/version.buildHub=${MIRROR_PREFIX}istio"
  started="$(now_ms)"
  if ! (cd "$wrapper" && run_go_with_flags "-mod=readonly -buildvcs=false" build -trimpath -tags "$BUILD_TAGS" \
    -ldflags "$ldflags" -o "$ISTIOD_CACHE/pilot-discovery.new" "$PILOT_PACKAGE") >>"$BUILD_LOG" 2>&1; then
    tail -n 20 "$BUILD_LOG" >&2
    die "go build of $PILOT_PACKAGE failed (last lines above; whole log: $BUILD_LOG)"
  fi
  BUILD_MS=$(($(now_ms) - started))
  publish_atomically "$ISTIOD_CACHE/pilot-discovery.new" "$ISTIOD_CACHE/pilot-discovery"
  log "  pilot-discovery: $(human_size "$(stat -c %s "$ISTIOD_CACHE/pilot-discovery")"), compiled in $(format_duration "$BUILD_MS")"
}

# The binary must run and name the snapshot it was built from.
check_binary() {
  local output
  output="$("$ISTIOD_CACHE/pilot-discovery" version --short 2>&1)" \
    || die "$ISTIOD_CACHE/pilot-discovery version failed: $output"
  [[ "$output" == *"${MODULE_VERSION#v}"* ]] \
    || die "pilot-discovery version says '$output', expected it to name ${MODULE_VERSION#v}"
  # Its first lines are log lines of its memory-limit package; the last one is the answer.
  log "  pilot-discovery version --short: $(tail -n 1 <<<"$output")"
}

import_image() {
  local rootfs="$ISTIOD_CACHE/rootfs" previous
  previous="$(image_id)"
  rm -rf "$rootfs"
  mkdir -p "$rootfs/usr/local/bin" "$rootfs/etc" "$rootfs/tmp"
  chmod 1777 "$rootfs/tmp"
  install -m 0755 "$ISTIOD_CACHE/pilot-discovery" "$rootfs/usr/local/bin/pilot-discovery"
  printf 'root:x:0:0:root:/root:/sbin/nologin\nistio-proxy:x:%s:%s:istio-proxy:/tmp:/sbin/nologin\n' \
    "$ISTIO_USER_ID" "$ISTIO_USER_ID" >"$rootfs/etc/passwd"
  printf 'root:x:0:\nistio-proxy:x:%s:\n' "$ISTIO_USER_ID" >"$rootfs/etc/group"
  tar --numeric-owner --owner=0 --group=0 --sort=name --mtime=@0 -C "$rootfs" -c . \
    | docker import \
      --change "USER $ISTIO_USER_ID:$ISTIO_USER_ID" \
      --change 'ENTRYPOINT ["/usr/local/bin/pilot-discovery"]' \
      --change "LABEL org.opencontainers.image.title=pilot org.opencontainers.image.version=${MODULE_VERSION#v}" \
      --change "LABEL org.opencontainers.image.description=\"istiod (pilot-discovery) built from source $ISTIO_MODULE@$MODULE_VERSION by scripts/lib/istiod.sh; NOT Istio's image\"" \
      --change "LABEL org.opencontainers.image.created=$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
      --change "LABEL $LABEL_PREFIX.inputs=$INPUTS $LABEL_PREFIX.build-ms=$BUILD_MS" \
      --message "istiod from $ISTIO_MODULE@$MODULE_VERSION, built offline by scripts/lib/istiod.sh" \
      - "$IMAGE" >/dev/null
  rm -rf "$rootfs"
  if [[ -n "$previous" && "$previous" != "$(image_id)" ]]; then
    docker image rm "$previous" >/dev/null 2>&1 || true
  fi
}

# As the chart runs it: uid 1337, read-only root filesystem, no capabilities.
check_image() {
  local output
  output="$(docker run --rm --network none --user "$ISTIO_USER_ID:$ISTIO_USER_ID" --read-only --cap-drop ALL \
    "$IMAGE" version --short 2>&1)" || {
    docker image rm "$IMAGE" >/dev/null 2>&1 || true
    die "pilot-discovery version failed in $IMAGE as uid $ISTIO_USER_ID (image removed): $output"
  }
  log "  in the image, as uid $ISTIO_USER_ID with a read-only root: $(tail -n 1 <<<"$output")"
}

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; }

main() {
  local force=false argument
  for argument in "$@"; do
    case "$argument" in
      --force) force=true ;;
      --print-image) printf '%s\n' "$IMAGE"; return 0 ;;
      -h | --help) usage; return 0 ;;
      *) die "unknown argument '$argument' (expected --force, --print-image or --help)" ;;
    esac
  done
  require_command docker "apt-get install docker.io"
  GO_BIN="$(go_binary "istiod is built from its Go module")"
  GO_VERSION="$(run_go env GOVERSION)"
  INPUTS="$(inputs_hash)"
  if [[ "$force" == false && -n "$(image_id)" && "$(image_label inputs)" == "$INPUTS" ]]; then
    log "current: $IMAGE (inputs $INPUTS, $ISTIO_MODULE@$MODULE_VERSION, $GO_VERSION)"
    return 0
  fi
  mkdir -p "$ISTIOD_CACHE" "$GO_CACHE_ROOT"
  log "building $IMAGE from $ISTIO_MODULE@$MODULE_VERSION with $GO_VERSION (log: $BUILD_LOG)"
  run_step "download $ISTIO_MODULE@$MODULE_VERSION" download_source
  run_step "go build $PILOT_PACKAGE (tags $BUILD_TAGS)" build_binary
  run_step "check the binary" check_binary
  run_step "docker import as $IMAGE" import_image
  run_step "check the image" check_image
  log "built $IMAGE ($(human_size "$(docker image inspect --format '{{.Size}}' "$IMAGE")"))"
}

main "$@"
