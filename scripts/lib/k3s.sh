#!/usr/bin/env bash
# offline-images-target: k3s built from its Go module source (NOT the release) with a Debian userland (runc, containerd shim, CNI plugins, iptables) and its air-gap images, tagged as the catalog pin mirror.local/rancher/k3s:v1.35.9-k3s1; self-checked with a one-node cluster
#
# Builds a k3s node image for the cluster tier on machines that reach no container registry. It is
# a SOURCE BUILD, not rancher/k3s: the catalog pins rancher/k3s:v1.35.9-k3s1, but release tags
# like v1.35.9+k3s1 are not Go module versions and the Go module proxy here serves no commit of that
# release, so the image holds k3s built from the one k3s commit the proxy was found to serve, a 1.35 one
# (K3S_MODULE_VERSION below). Its labels, `k3s --version` and the API server's /version say so:
# the version is <Kubernetes version of that commit>+k3s-src-<commit>.
#
#   1. k3s: `go build ./cmd/server` in a copy of the module zip, as k3s's scripts/build does it
#      (CGO with sqlite, its build tags, manifests/* embedded, its version ldflags with our version),
#      with the local Go toolchain. The binary is cached by the hash of its inputs.
#   2. What k3s-root and k3s's release tarball would bring, from Debian bookworm packages (runc,
#      containerd-shim-runc-v2, containernetworking-plugins, iptables with both backends, ipset,
#      conntrack, mount/coreutils from minbase ...) and from Go modules (flannel's CNI plugin:
#      github.com/containernetworking/plugins/plugins/meta/flannel, FLANNEL_CNI_VERSION).
#   3. Air-gap images in /usr/share/k3s-offline/images, linked into
#      /var/lib/rancher/k3s/agent/images at start by the entrypoint (scripts/k3s/k3s-entry.sh),
#      named as k3s names them: the pause image (Kubernetes' build/pause/linux/pause.c from the
#      Kubernetes module k3s builds with, compiled here) and CoreDNS (the version k3s's
#      manifests/coredns.yaml names, built by scripts/lib/coredns.sh).
#   4. A containerd config template (k3s's own, from the same source, plus restrict_oom_score_adj)
#      and a flannel CNI config at CNI spec 0.4.0: see scripts/k3s/README.md for why.
#   5. Self-check: runs the image as the cluster tier does (--privileged if this Docker host allows
#      it, else an emulation of it), waits for the node and CoreDNS to be Ready, then a pod
#      resolves a Service through cluster DNS and reaches it through the Service; removes it all.
#
# The image carries the hash of its inputs as the label io.github.istiocoredns.k3s.inputs and is
# not rebuilt while that matches (checked in well under a second). Needs root (debootstrap), gcc,
# a Go toolchain, Docker and ~6 GiB of disk. Cache: $ISTIOCOREDNS_CACHE/k3s/.
#
# Usage: scripts/lib/k3s.sh [--force] [--print-image] [--no-self-check] [--help]
#        (normally run as `scripts/offline-images k3s`)
# Env:   ISTIOCOREDNS_CACHE, MIRROR_PREFIX (see common.sh); GO; DEBIAN_MIRROR,
#        DEBIAN_SECURITY_MIRROR (see jre-base.sh); K3S_SELF_CHECK_TIMEOUT (seconds per wait, 300).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
K3S_FILES_DIR="$(cd "$SCRIPT_DIR/../k3s" && pwd)"
LOG_TAG="offline-images/k3s"
# shellcheck source=common.sh source-path=SCRIPTDIR
source "$SCRIPT_DIR/common.sh"

# Bump when a change to the steps below changes the image, so that it is rebuilt.
K3S_RECIPE=1
# The catalog's pin (what the image is tagged as) and what is actually built.
K3S_PINNED_RELEASE="v1.35.9+k3s1"
K3S_MODULE="github.com/k3s-io/k3s"
# The only k3s version the Go module proxy here was found to serve: its @latest, a commit of 2026-02-11 that builds
# Kubernetes v1.35.1 (github.com/k3s-io/kubernetes v1.35.1-k3s1). The proxy refuses v1.35.9+k3s1,
# release-1.35 and every other branch, tag or commit query tried; see scripts/k3s/README.md.
K3S_MODULE_VERSION="v1.35.1-0.20260211145931-c5b158798933"
K3S_SOURCE_RELATION="the only k3s version the Go module proxy here was found to serve (its @latest: a commit of 2026-02-11, Kubernetes v1.35.1-k3s1); it refuses $K3S_PINNED_RELEASE"
# As k3s's scripts/build builds it on linux (without static_build: linked against glibc).
K3S_BUILD_TAGS="ctrd netcgo osusergo providerless urfave_cli_no_docs sqlite_omit_load_extension apparmor seccomp"
K3S_CGO_CFLAGS="-DSQLITE_ENABLE_DBSTAT_VTAB=1 -DSQLITE_USE_ALLOCA=1"
# flannel's CNI plugin: github.com/flannel-io/cni-plugin (what k3s bundles) is refused by the proxy;
# v0.9.1 is the last containernetworking/plugins release that still has plugins/meta/flannel.
FLANNEL_CNI_MODULE="github.com/containernetworking/plugins"
FLANNEL_CNI_VERSION="v0.9.1"
# Its newest CNI spec version (k3s writes 1.0.0, which it rejects).
FLANNEL_CNI_SPEC="0.4.0"
DEBIAN_SUITE="bookworm"
K3S_PACKAGES=(runc containerd containernetworking-plugins iptables ipset conntrack iproute2 kmod ethtool socat
  ca-certificates procps)
IMAGE="${MIRROR_PREFIX}rancher/k3s:${K3S_PINNED_RELEASE/+/-}"
LABEL_PREFIX="io.github.istiocoredns.k3s"
K3S_CACHE="$ISTIOCOREDNS_CACHE/k3s"
BUILD_DIR="$K3S_CACHE/$K3S_MODULE_VERSION"
BUILD_LOG="$BUILD_DIR/build.log"
MIN_FREE_BYTES=$((6 * 1024 * 1024 * 1024))
OFFLINE_FILES=/usr/share/k3s-offline
# The cluster tier's k3s command; --kubelet-arg=fail-cgroupv1=false is added on cgroup v1 hosts.
# shellcheck disable=SC2054 # the commas belong to the --disable value
SELF_CHECK_COMMAND=(server --disable=traefik,metrics-server,local-storage,servicelb --tls-san=localhost
  --service-cidr=10.96.0.0/12 --cluster-dns=10.96.0.10)
SELF_CHECK_TIMEOUT="${K3S_SELF_CHECK_TIMEOUT:-300}"

# Set while building; read by the EXIT trap.
WORK_DIR=""
ROOTFS=""
CHECK_CONTAINER=""

run_go() { run_go_with_flags "-modcacherw" "$@"; }

# The k3s build needs CGO (sqlite), so not run_go_with_flags (which sets CGO_ENABLED=0).
run_go_cgo() {
  env GOTOOLCHAIN=local GOWORK=off GOCACHE="$GO_CACHE_ROOT/build" GOMODCACHE="$GO_CACHE_ROOT/mod" \
    GOFLAGS="-mod=readonly -modcacherw" CGO_ENABLED=1 CGO_CFLAGS="$K3S_CGO_CFLAGS" "$GO_BIN" "$@"
}

image_label() { docker_image_label "$IMAGE" "$LABEL_PREFIX.$1"; }

image_id() { docker_image_id "$IMAGE"; }

# Hash of the files under scripts/k3s that end up in the image.
support_files_hash() {
  (cd "$K3S_FILES_DIR" && sha256sum k3s-entry.sh) | sha256sum | cut -c1-16
}

inputs_hash() {
  printf 'recipe=%s\nimage=%s\nmodule=%s@%s\ngo=%s\narch=%s\ntags=%s\ncgo=%s\nflannel=%s@%s/%s\n' \
    "$K3S_RECIPE" "$IMAGE" "$K3S_MODULE" "$K3S_MODULE_VERSION" "$GO_VERSION" "$GOARCH_HERE" \
    "$K3S_BUILD_TAGS" "$K3S_CGO_CFLAGS" "$FLANNEL_CNI_MODULE" "$FLANNEL_CNI_VERSION" "$FLANNEL_CNI_SPEC"
  printf 'debian=%s %s\nfiles=%s\n' "$DEBIAN_SUITE" "${K3S_PACKAGES[*]}" "$(support_files_hash)"
}

# Untags a freshly imported image that failed a check, so that the next run does not take it for current.
reject_image() {
  docker image rm "$IMAGE" >/dev/null 2>&1 || true
  die "$* (image $IMAGE removed)"
}

# ---------------------------------------------------------------------------------------------
# k3s from source

download_source() {
  K3S_SOURCE="$(go_module_source_dir "$K3S_MODULE@$K3S_MODULE_VERSION")" || exit 1
  [[ -f "$K3S_SOURCE/go.mod" && -d "$K3S_SOURCE/cmd/server" && -d "$K3S_SOURCE/manifests" ]] \
    || die "$K3S_MODULE@$K3S_MODULE_VERSION has no cmd/server or manifests/ (source: $K3S_SOURCE)"
}

# The Version of the module a directive of k3s's go.mod resolves to (its replacement if replaced),
# as k3s's scripts/version.sh reads them.
module_version_in_source() {
  (cd "$K3S_SOURCE" && run_go list -mod=readonly -m \
    -f '{{if .Replace}}{{.Replace.Version}}{{else}}{{.Version}}{{end}}' "$1")
}

module_path_in_source() {
  (cd "$K3S_SOURCE" && run_go list -mod=readonly -m -f '{{if .Replace}}{{.Replace.Path}}{{else}}{{.Path}}{{end}}' "$1")
}

# Reads from the source what the build and the image need: versions for the ldflags, the images
# k3s asks for at start, the Kubernetes module (for pause.c).
read_source_facts() {
  local commit12="${K3S_MODULE_VERSION##*-}"
  K3S_COMMIT="${commit12:0:8}"
  # The commit's time, from the pseudo-version (yyyymmddhhmmss), as RFC 3339.
  K3S_COMMIT_TIME="$(sed -E 's/^v[0-9.]+-0\.([0-9]{4})([0-9]{2})([0-9]{2})([0-9]{2})([0-9]{2})([0-9]{2})-.*/\1-\2-\3T\4:\5:\6Z/' \
    <<<"$K3S_MODULE_VERSION")"
  [[ "$K3S_COMMIT_TIME" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}T ]] || die "cannot read the commit time of $K3S_MODULE_VERSION"
  KUBERNETES_MODULE_PATH="$(module_path_in_source k8s.io/kubernetes)"
  KUBERNETES_MODULE_VERSION="$(module_version_in_source k8s.io/kubernetes)"
  [[ "$KUBERNETES_MODULE_VERSION" =~ ^v[0-9]+\.[0-9]+\.[0-9]+ ]] \
    || die "cannot tell the Kubernetes version of $K3S_MODULE@$K3S_MODULE_VERSION (k8s.io/kubernetes => '$KUBERNETES_MODULE_VERSION')"
  KUBERNETES_VERSION="${BASH_REMATCH[0]}"
  # Honest about what it is: the Kubernetes version, then k3s's own +k3s-<commit> form of an
  # untagged build with "src" added, so it cannot be taken for a release (v1.35.1+k3s-src-c5b15879).
  K3S_VERSION="${KUBERNETES_VERSION}+k3s-src-${K3S_COMMIT}"
  CONTAINERD_MODULE_PATH="$(module_path_in_source github.com/containerd/containerd/v2)"
  CONTAINERD_VERSION="$(module_version_in_source github.com/containerd/containerd/v2)"
  CRICTL_VERSION="$(module_version_in_source sigs.k8s.io/cri-tools)"
  KUBE_ROUTER_VERSION="$(module_version_in_source github.com/cloudnativelabs/kube-router/v2)"
  CRI_DOCKERD_VERSION="$(module_version_in_source github.com/Mirantis/cri-dockerd)"
  HELM_JOB_VERSION="$(sed -n 's/^VERSION_HELM_JOB="\(.*\)"$/\1/p' "$K3S_SOURCE/scripts/version.sh")"
  [[ -n "$HELM_JOB_VERSION" ]] || die "no VERSION_HELM_JOB in $K3S_SOURCE/scripts/version.sh"
  # The images k3s wants at start without a registry: its default --pause-image and the CoreDNS of
  # its manifests/coredns.yaml.
  PAUSE_IMAGE_NAME="$(awk '/Name: *"pause-image"/ { found = 1 } found && /Value:/ { gsub(/.*Value: *"|",?$/, ""); print; exit }' \
    "$K3S_SOURCE/pkg/cli/cmds/agent.go")"
  [[ "$PAUSE_IMAGE_NAME" == */*:* ]] || die "cannot read the default --pause-image from $K3S_SOURCE/pkg/cli/cmds/agent.go"
  COREDNS_IMAGE_NAME="$(sed -n 's/^ *image: *"%{SYSTEM_DEFAULT_REGISTRY}%\(.*coredns.*\)"$/\1/p' "$K3S_SOURCE/manifests/coredns.yaml" | head -n 1)"
  [[ "$COREDNS_IMAGE_NAME" == */*:* ]] || die "cannot read the CoreDNS image from $K3S_SOURCE/manifests/coredns.yaml"
  COREDNS_VERSION="${COREDNS_IMAGE_NAME##*:}"
  PAUSE_SOURCE="$GO_CACHE_ROOT/mod/$KUBERNETES_MODULE_PATH@$KUBERNETES_MODULE_VERSION/build/pause"
  log "  k3s $K3S_MODULE_VERSION: Kubernetes $KUBERNETES_MODULE_PATH $KUBERNETES_MODULE_VERSION," \
    "containerd $CONTAINERD_MODULE_PATH $CONTAINERD_VERSION; builds as $K3S_VERSION"
  log "  images k3s needs at start: $PAUSE_IMAGE_NAME, $COREDNS_IMAGE_NAME"
}

k3s_ldflags() {
  local k3s="$K3S_MODULE" base="k8s.io/component-base/version" client="k8s.io/client-go/pkg/version"
  local containerd="github.com/containerd/containerd/v2/version" commit="${K3S_MODULE_VERSION##*-}"
  # UpstreamGolang: k3s refuses to start unless it equals the Go that built it. Upstream sets the Go
  # of the Kubernetes release; we build with the local Go, so it names that one (see README).
  printf '%s ' -s -w \
    -X "$k3s/pkg/version.Version=$K3S_VERSION" -X "$k3s/pkg/version.GitCommit=$K3S_COMMIT" \
    -X "$k3s/pkg/version.UpstreamGolang=$GO_VERSION" \
    -X "$client.gitVersion=$K3S_VERSION" -X "$client.gitCommit=$commit" -X "$client.gitTreeState=clean" \
    -X "$client.buildDate=$K3S_COMMIT_TIME" \
    -X "$base.gitVersion=$K3S_VERSION" -X "$base.gitCommit=$commit" -X "$base.gitTreeState=clean" \
    -X "$base.buildDate=$K3S_COMMIT_TIME" \
    -X "sigs.k8s.io/cri-tools/pkg/version.Version=$CRICTL_VERSION" \
    -X "$containerd.Version=$CONTAINERD_VERSION" -X "$containerd.Package=$CONTAINERD_MODULE_PATH" \
    -X "github.com/cloudnativelabs/kube-router/v2/pkg/version.Version=$KUBE_ROUTER_VERSION" \
    -X "github.com/Mirantis/cri-dockerd/cmd/version.Version=$CRI_DOCKERD_VERSION" \
    -X "go.etcd.io/etcd/api/v3/version.GitSHA=HEAD" \
    -X "github.com/k3s-io/helm-controller/pkg/controllers/chart.DefaultJobImage=rancher/klipper-helm:$HELM_JOB_VERSION"
}

binary_inputs_hash() {
  printf 'module=%s\ngo=%s\narch=%s\ntags=%s\ncgo=%s\nldflags=%s\n' "$K3S_MODULE_VERSION" "$GO_VERSION" \
    "$GOARCH_HERE" "$K3S_BUILD_TAGS" "$K3S_CGO_CFLAGS" "$(k3s_ldflags)" | sha256sum | cut -c1-16
}

# A writable copy of the module zip with manifests/* in pkg/deploy/embed/, as scripts/build does
# (pkg/static/embed stays empty: it holds the traefik chart, which the cluster tier disables).
prepare_source_tree() {
  local tree="$BUILD_DIR/src"
  rm -rf "$tree"
  cp -r "$K3S_SOURCE" "$tree"
  chmod -R u+w "$tree"
  cp -r "$tree/manifests/." "$tree/pkg/deploy/embed/"
  K3S_TREE="$tree"
}

build_k3s() {
  local hash stamp="$BUILD_DIR/k3s.stamp" started
  hash="$(binary_inputs_hash)"
  if [[ "$FORCE" != true && -x "$BUILD_DIR/k3s" && "$(stamp_value "$stamp" inputs)" == "$hash" ]]; then
    log "  cached: $BUILD_DIR/k3s (inputs $hash, compiled in $(stamp_value "$stamp" build_seconds) s)"
    K3S_BUILD_SECONDS="$(stamp_value "$stamp" build_seconds)"
    return 0
  fi
  require_command gcc "apt-get install gcc libc6-dev (k3s links sqlite with CGO)"
  require_free_space "$MIN_FREE_BYTES" "$ISTIOCOREDNS_CACHE"
  prepare_source_tree
  log "  go build ./cmd/server (CGO, tags: $K3S_BUILD_TAGS; log: $BUILD_LOG); about 15-25 min cold on 2 busy cores"
  started="$(now_ms)"
  local -a ldflags
  read -r -a ldflags <<<"$(k3s_ldflags)"
  if ! (cd "$K3S_TREE" && run_go_cgo build -trimpath -buildvcs=false -tags "$K3S_BUILD_TAGS" \
    -ldflags "${ldflags[*]}" -o "$BUILD_DIR/k3s.new" ./cmd/server) >"$BUILD_LOG" 2>&1; then
    tail -n 30 "$BUILD_LOG" >&2
    die "go build of $K3S_MODULE/cmd/server failed (last lines above; whole log: $BUILD_LOG)"
  fi
  K3S_BUILD_SECONDS=$((($(now_ms) - started) / 1000))
  publish_atomically "$BUILD_DIR/k3s.new" "$BUILD_DIR/k3s"
  write_stamp "$stamp" "inputs=$hash" "build_seconds=$K3S_BUILD_SECONDS" "version=$K3S_VERSION" \
    "built=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  rm -rf "$K3S_TREE"
  log "  k3s: $(human_size "$(stat -c %s "$BUILD_DIR/k3s")"), compiled in ${K3S_BUILD_SECONDS} s"
}

check_k3s_binary() {
  local output
  output="$("$BUILD_DIR/k3s" --version 2>&1)" || die "$BUILD_DIR/k3s --version failed: $output"
  [[ "$output" == *"$K3S_VERSION"* ]] || die "k3s --version says '$output', expected $K3S_VERSION"
  while IFS= read -r line; do log "  $line"; done <<<"$output"
  # The embedded manifests must be in: without them k3s deploys no CoreDNS and no RBAC.
  grep -q 'mirrored-coredns-coredns' "$BUILD_DIR/k3s" \
    || die "$BUILD_DIR/k3s has no embedded manifests/coredns.yaml (pkg/deploy/embed was empty at build time)"
}

# ---------------------------------------------------------------------------------------------
# flannel CNI plugin, pause, CoreDNS

build_flannel_plugin() {
  local dir="$K3S_CACHE/flannel-cni-$FLANNEL_CNI_VERSION" output
  if [[ "$FORCE" == true || ! -x "$dir/flannel" ]]; then
    mkdir -p "$dir"
    if ! output="$(GOBIN="$dir" run_go_with_flags "-modcacherw -buildvcs=false" install -trimpath \
      -ldflags "-s -w -X $FLANNEL_CNI_MODULE/pkg/utils/buildversion.BuildVersion=$FLANNEL_CNI_VERSION" \
      "$FLANNEL_CNI_MODULE/plugins/meta/flannel@$FLANNEL_CNI_VERSION" 2>&1)"; then
      die "go install $FLANNEL_CNI_MODULE/plugins/meta/flannel@$FLANNEL_CNI_VERSION failed: $output"
    fi
  fi
  FLANNEL_BINARY="$dir/flannel"
  output="$("$FLANNEL_BINARY" 2>&1 || true)"
  [[ "$output" == *"flannel"*"$FLANNEL_CNI_VERSION"* ]] || die "$FLANNEL_BINARY does not name itself: $output"
  log "  $output"
}

# Kubernetes' pause program from the Kubernetes module k3s builds with, compiled the way its
# build/pause/Makefile does (static, -Os, VERSION=v<TAG>-<module version>).
build_pause() {
  local tag dir output
  [[ -f "$PAUSE_SOURCE/linux/pause.c" && -f "$PAUSE_SOURCE/Makefile" ]] \
    || die "no build/pause/linux/pause.c in $KUBERNETES_MODULE_PATH@$KUBERNETES_MODULE_VERSION ($PAUSE_SOURCE)"
  tag="$(sed -n 's/^TAG ?= *//p' "$PAUSE_SOURCE/Makefile")"
  [[ -n "$tag" ]] || die "no TAG in $PAUSE_SOURCE/Makefile"
  PAUSE_VERSION="v$tag-$KUBERNETES_MODULE_VERSION"
  dir="$K3S_CACHE/pause-$PAUSE_VERSION"
  mkdir -p "$dir"
  if [[ "$FORCE" == true || ! -x "$dir/pause" ]]; then
    require_command gcc "apt-get install gcc libc6-dev"
    gcc -Os -Wall -Werror -static "-DVERSION=$PAUSE_VERSION" -o "$dir/pause.new" "$PAUSE_SOURCE/linux/pause.c" \
      || die "gcc of $PAUSE_SOURCE/linux/pause.c failed (needs static glibc: apt-get install libc6-dev)"
    publish_atomically "$dir/pause.new" "$dir/pause"
  fi
  PAUSE_BINARY="$dir/pause"
  output="$("$PAUSE_BINARY" -v 2>&1)" || die "$PAUSE_BINARY -v failed: $output"
  [[ "$output" == *"$PAUSE_VERSION"* ]] || die "$PAUSE_BINARY -v says '$output', expected $PAUSE_VERSION"
  log "  $output (named $PAUSE_IMAGE_NAME in the image, as k3s asks for it)"
}

build_coredns_image() {
  local coredns_script="$SCRIPT_DIR/coredns.sh"
  bash "$coredns_script" --list | grep -qx "$COREDNS_VERSION" \
    || die "k3s's manifests/coredns.yaml names CoreDNS $COREDNS_VERSION, which is not in COREDNS_VERSIONS of" \
      "scripts/lib/coredns.sh ($(bash "$coredns_script" --list | paste -s -d ' ' -)): add it there (the proxy serves v$COREDNS_VERSION)"
  bash "$coredns_script" "$COREDNS_VERSION" \
    || die "scripts/lib/coredns.sh $COREDNS_VERSION failed (its messages above)"
  COREDNS_SOURCE_IMAGE="${MIRROR_PREFIX}coredns/coredns:$COREDNS_VERSION"
  [[ -n "$(docker_image_id "$COREDNS_SOURCE_IMAGE")" ]] || die "scripts/lib/coredns.sh left no image $COREDNS_SOURCE_IMAGE"
}

# ---------------------------------------------------------------------------------------------
# Files for the image

# docker save of SOURCE under the name k3s asks for (NAME), without leaving that name in Docker.
save_as() {
  local source_image="$1" name="$2" file="$3" previous
  previous="$(docker_image_id "$name")"
  docker tag "$source_image" "$name"
  if ! docker save -o "$file.tmp" "$name"; then
    docker rmi "$name" >/dev/null 2>&1 || true
    die "docker save of $source_image as $name failed"
  fi
  docker rmi "$name" >/dev/null
  if [[ -n "$previous" ]]; then docker tag "$previous" "$name"; fi
  publish_atomically "$file.tmp" "$file"
}

make_airgap_images() {
  local dir="$WORK_DIR/airgap" pause_rootfs="$WORK_DIR/pause-rootfs" pause_image
  mkdir -p "$dir" "$pause_rootfs"
  # As Kubernetes' pause image: /pause alone, run as 65535.
  install -m 0755 "$PAUSE_BINARY" "$pause_rootfs/pause"
  pause_image="${MIRROR_PREFIX}istiocoredns/k3s-pause-build:$$"
  tar --numeric-owner --owner=0 --group=0 --sort=name --mtime=@0 -C "$pause_rootfs" -c . \
    | docker import --change 'ENTRYPOINT ["/pause"]' --change 'USER 65535:65535' \
      --change "LABEL org.opencontainers.image.description=\"Kubernetes pause $PAUSE_VERSION compiled from $KUBERNETES_MODULE_PATH@$KUBERNETES_MODULE_VERSION build/pause/linux/pause.c by scripts/lib/k3s.sh\"" \
      - "$pause_image" >/dev/null
  save_as "$pause_image" "$PAUSE_IMAGE_NAME" "$dir/pause.tar"
  docker rmi "$pause_image" >/dev/null
  save_as "$COREDNS_SOURCE_IMAGE" "$COREDNS_IMAGE_NAME" "$dir/coredns.tar"
  log "  pause.tar $(human_size "$(stat -c %s "$dir/pause.tar")") ($PAUSE_IMAGE_NAME)," \
    "coredns.tar $(human_size "$(stat -c %s "$dir/coredns.tar")") ($COREDNS_IMAGE_NAME)"
}

# k3s's own containerd v3 template from the same source, with one line added: the Docker host here
# lacks CAP_SYS_RESOURCE, so runc cannot lower a container's oom_score_adj below its own (pause
# asks for -998) and every sandbox fails. k3s adds the same setting itself in a user namespace.
write_containerd_template() {
  local templates_go="$K3S_SOURCE/pkg/agent/templates/templates.go" out="$1"
  awk '
    /^const ContainerdConfigTemplateV3 = `$/ { inside = 1; next }
    inside && /^`$/ { exit }
    inside {
      print
      if ($0 ~ /^  device_ownership_from_security_context = /) {
        print "{{ if not .IsRunningInUserNS }}"
        print "  # added by the offline image (scripts/lib/k3s.sh): no CAP_SYS_RESOURCE on hosts that cannot run --privileged"
        print "  restrict_oom_score_adj = true"
        print "{{ end }}"
        added++
      }
    }
    END { if (added != 1) exit 1 }' "$templates_go" >"$out" \
    || die "cannot derive the containerd template from $templates_go (ContainerdConfigTemplateV3 or its device_ownership_from_security_context line changed)"
}

# k3s's own flannel CNI config from the same source at the CNI spec version the v0.9.1 plugin speaks.
# containerd takes the first file of the directory, and 05- sorts before k3s's 10-flannel.conflist
# (k3s ignores --flannel-cni-conf in this source: the flag is never copied to its node config).
write_flannel_conflist() {
  local setup_go="$K3S_SOURCE/pkg/agent/flannel/setup_linux.go" out="$1"
  awk '
    /^\tcniConf = `\{$/ { inside = 1; print "{"; next }
    inside && /^`$/ { exit }
    inside { print }' "$setup_go" | sed "s/\"cniVersion\":\"[0-9.]*\"/\"cniVersion\":\"$FLANNEL_CNI_SPEC\"/" >"$out"
  if ! grep -q "\"cniVersion\":\"$FLANNEL_CNI_SPEC\"" "$out" || ! grep -q '"type":"flannel"' "$out"; then
    die "cannot derive the flannel CNI config from $setup_go (cniConf changed)"
  fi
}

# ---------------------------------------------------------------------------------------------
# Debian root filesystem (cached as a tarball by suite, architecture and package list)

debian_rootfs_hash() {
  printf 'recipe=%s\nsuite=%s\narch=%s\npackages=%s\n' "$K3S_RECIPE" "$DEBIAN_SUITE" "$ARCH" "${K3S_PACKAGES[*]}" \
    | sha256sum | cut -c1-16
}

build_debian_rootfs() {
  local hash tarball
  hash="$(debian_rootfs_hash)"
  tarball="$K3S_CACHE/debian-$DEBIAN_SUITE-$hash.tar"
  DEBIAN_TARBALL="$tarball"
  if [[ "$FORCE" != true && -f "$tarball" && -f "$tarball.versions" ]]; then
    log "  cached: $tarball"
    return 0
  fi
  require_command debootstrap "apt-get install debootstrap"
  require_command chroot "apt-get install coreutils"
  resolve_mirrors
  log "  mirror: $DEBIAN_MIRROR (updates: $DEBIAN_UPDATES_MIRROR, security: ${DEBIAN_SECURITY_MIRROR:-none}); log: $BUILD_DIR/debian.log"
  local saved_log="$BUILD_LOG"
  BUILD_LOG="$BUILD_DIR/debian.log"
  : >"$BUILD_LOG"
  ROOTFS="$WORK_DIR/debian"
  bootstrap_rootfs
  write_chroot_configuration
  install_packages_in_chroot "${K3S_PACKAGES[@]}"
  chroot_package_versions "${K3S_PACKAGES[@]}" >"$tarball.versions.tmp"
  # Only containerd-shim-runc-v2 is wanted from Debian's containerd: k3s is the containerd (and ctr).
  rm -f "$ROOTFS"/usr/bin/containerd "$ROOTFS"/usr/bin/ctr "$ROOTFS"/usr/bin/containerd-stress \
    "$ROOTFS"/usr/bin/containerd-shim "$ROOTFS"/usr/bin/containerd-shim-runc-v1
  rm -f "$ROOTFS"/lib/systemd/system/containerd.service "$ROOTFS"/etc/containerd/config.toml
  slim_rootfs
  BUILD_LOG="$saved_log"
  tar --numeric-owner -C "$ROOTFS" --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' \
    -cf "$tarball.tmp" .
  publish_atomically "$tarball.versions.tmp" "$tarball.versions"
  publish_atomically "$tarball.tmp" "$tarball"
  rm -rf --one-file-system "$ROOTFS"
  ROOTFS=""
  find "$K3S_CACHE" -maxdepth 1 -name "debian-$DEBIAN_SUITE-*.tar" ! -name "${tarball##*/}" -delete
  log "  $(tr '\n' ' ' <"$tarball.versions")"
}

# ---------------------------------------------------------------------------------------------
# The image

assemble_rootfs() {
  ROOTFS="$WORK_DIR/rootfs"
  mkdir -p "$ROOTFS"
  tar --numeric-owner -C "$ROOTFS" -xf "$DEBIAN_TARBALL"
  install -m 0755 "$BUILD_DIR/k3s" "$ROOTFS/usr/bin/k3s"
  # k3s starts its containerd, and answers to kubectl/crictl/ctr, by the name it is run as; k3s's
  # own image has these links next to it. /usr/local/bin comes before Debian's /usr/bin on PATH.
  local name
  mkdir -p "$ROOTFS/usr/local/bin"
  for name in containerd kubectl crictl ctr; do ln -sf /usr/bin/k3s "$ROOTFS/usr/local/bin/$name"; done
  install -m 0755 "$K3S_FILES_DIR/k3s-entry.sh" "$ROOTFS/usr/bin/k3s-entry.sh"
  # flannel's plugin next to Debian's CNI plugins; k3s takes its CNI bin dir from where host-local is.
  install -m 0755 "$FLANNEL_BINARY" "$ROOTFS/usr/lib/cni/flannel"
  mkdir -p "$ROOTFS$OFFLINE_FILES/images" "$ROOTFS$OFFLINE_FILES/containerd" "$ROOTFS$OFFLINE_FILES/cni"
  install -m 0644 "$WORK_DIR/airgap/pause.tar" "$WORK_DIR/airgap/coredns.tar" "$ROOTFS$OFFLINE_FILES/images/"
  write_containerd_template "$ROOTFS$OFFLINE_FILES/containerd/config-v3.toml.tmpl"
  write_flannel_conflist "$ROOTFS$OFFLINE_FILES/cni/05-flannel.conflist"
  # As k3s's own image: directories its entrypoint and kubelet expect.
  mkdir -p "$ROOTFS/etc/rancher/k3s" "$ROOTFS/var/lib/rancher/k3s" "$ROOTFS/var/lib/kubelet" \
    "$ROOTFS/var/lib/cni" "$ROOTFS/lib/modules" "$ROOTFS/run" "$ROOTFS/var/log"
  printf 'PRETTY_NAME="K3s %s (source build for the offline cluster tier; Debian %s userland)"\n' \
    "$K3S_VERSION" "$DEBIAN_SUITE" >"$ROOTFS/etc/k3s-release"
}

import_image() {
  local previous built_on entry
  local -a version_labels=()
  previous="$(image_id)"
  built_on="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  while IFS= read -r entry; do
    [[ -n "$entry" ]] && version_labels+=(--change "LABEL $LABEL_PREFIX.debian.${entry%%=*}=${entry#*=}")
  done <"$DEBIAN_TARBALL.versions"
  tar --numeric-owner -C "$ROOTFS" -c . \
    | docker import \
      --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/lib/cni" \
      --change "ENV CRI_CONFIG_FILE=/var/lib/rancher/k3s/agent/etc/crictl.yaml" \
      --change 'VOLUME ["/var/lib/kubelet", "/var/lib/rancher/k3s", "/var/lib/cni", "/var/log"]' \
      --change 'ENTRYPOINT ["/usr/bin/k3s-entry.sh"]' \
      --change 'CMD ["agent"]' \
      --change "LABEL org.opencontainers.image.title=k3s org.opencontainers.image.version=$K3S_VERSION" \
      --change "LABEL org.opencontainers.image.source=https://$K3S_MODULE org.opencontainers.image.revision=${K3S_MODULE_VERSION##*-}" \
      --change "LABEL org.opencontainers.image.description=\"k3s $K3S_VERSION built from source ($K3S_MODULE@$K3S_MODULE_VERSION) by scripts/lib/k3s.sh with Debian $DEBIAN_SUITE's runc, containerd shim, CNI plugins and iptables. NOT rancher/k3s:${K3S_PINNED_RELEASE/+/-} though tagged so for the catalog: $K3S_SOURCE_RELATION\"" \
      --change "LABEL org.opencontainers.image.created=$built_on" \
      --change "LABEL $LABEL_PREFIX.stand-in-for=rancher/k3s:${K3S_PINNED_RELEASE/+/-} $LABEL_PREFIX.pinned-release=$K3S_PINNED_RELEASE" \
      --change "LABEL $LABEL_PREFIX.source-module=$K3S_MODULE@$K3S_MODULE_VERSION $LABEL_PREFIX.source-commit=${K3S_MODULE_VERSION##*-} $LABEL_PREFIX.source-commit-time=$K3S_COMMIT_TIME" \
      --change "LABEL $LABEL_PREFIX.source-relation=\"$K3S_SOURCE_RELATION\"" \
      --change "LABEL $LABEL_PREFIX.kubernetes=$KUBERNETES_MODULE_PATH@$KUBERNETES_MODULE_VERSION $LABEL_PREFIX.containerd=$CONTAINERD_MODULE_PATH@$CONTAINERD_VERSION" \
      --change "LABEL $LABEL_PREFIX.go=$GO_VERSION $LABEL_PREFIX.build-tags=\"$K3S_BUILD_TAGS\"" \
      --change "LABEL $LABEL_PREFIX.flannel-cni=$FLANNEL_CNI_MODULE/plugins/meta/flannel@$FLANNEL_CNI_VERSION" \
      --change "LABEL $LABEL_PREFIX.airgap.pause=\"$PAUSE_IMAGE_NAME = Kubernetes pause $PAUSE_VERSION compiled here\"" \
      --change "LABEL $LABEL_PREFIX.airgap.coredns=\"$COREDNS_IMAGE_NAME = ${MIRROR_PREFIX}coredns/coredns:$COREDNS_VERSION from scripts/lib/coredns.sh\"" \
      --change "LABEL $LABEL_PREFIX.inputs=$INPUTS $LABEL_PREFIX.k3s-build-seconds=${K3S_BUILD_SECONDS:-?}" \
      --change "LABEL $LABEL_PREFIX.build-ms=$(($(now_ms) - STARTED))" \
      "${version_labels[@]}" \
      --message "k3s $K3S_VERSION from $K3S_MODULE@$K3S_MODULE_VERSION, built offline by scripts/lib/k3s.sh" \
      - "$IMAGE" >/dev/null
  rm -rf --one-file-system "$ROOTFS"
  ROOTFS=""
  if [[ -n "$previous" && "$previous" != "$(image_id)" ]]; then
    docker image rm "$previous" >/dev/null 2>&1 || true
  fi
  log "  $IMAGE: $(human_size "$(docker image inspect --format '{{.Size}}' "$IMAGE")")"
}

# What k3s-root would bring must be on the image's PATH, and the entrypoint must pass other commands on.
check_image_tools() {
  local output
  output="$(docker run --rm --network none --entrypoint /bin/sh "$IMAGE" -c '
    missing=""
    for tool in k3s containerd kubectl crictl ctr runc containerd-shim-runc-v2 iptables iptables-legacy \
      iptables-nft ip6tables iptables-save iptables-restore ipset conntrack ip mount umount nsenter \
      losetup modprobe ethtool socat host-local bridge loopback portmap bandwidth flannel; do
      command -v "$tool" >/dev/null || missing="$missing $tool"
    done
    [ -z "$missing" ] || { echo "missing:$missing"; exit 1; }
    iptables-legacy --version; iptables-nft --version; runc --version | head -n 1
    containerd-shim-runc-v2 -v | paste -s -d " " -
    ls /usr/share/k3s-offline/images' 2>&1)" || reject_image "tools missing from $IMAGE: $output"
  while IFS= read -r line; do log "  $line"; done <<<"$output"
  output="$(docker run --rm --network none "$IMAGE" --version 2>&1)" \
    || reject_image "docker run $IMAGE --version failed: $output"
  [[ "$output" == *"$K3S_VERSION"* ]] || reject_image "docker run $IMAGE --version says '$output'"
}

# ---------------------------------------------------------------------------------------------
# Self-check: a one-node cluster, as the cluster tier runs it

check_exec() { docker exec "$CHECK_CONTAINER" "$@"; }

# Runs "$@" every second until it succeeds, for at most SELF_CHECK_TIMEOUT seconds.
wait_until() {
  local what="$1" deadline
  shift
  deadline=$((SECONDS + SELF_CHECK_TIMEOUT))
  while ((SECONDS < deadline)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    if [[ "$(docker inspect --format '{{.State.Running}}' "$CHECK_CONTAINER" 2>/dev/null)" != true ]]; then
      docker logs --tail 40 "$CHECK_CONTAINER" >&2 || true
      die "self-check: the k3s container stopped while waiting for $what (its last log lines above)"
    fi
    sleep 1
  done
  docker logs --tail 40 "$CHECK_CONTAINER" >&2 || true
  check_exec kubectl get pods -A -o wide >&2 || true
  die "self-check: $what not within $SELF_CHECK_TIMEOUT s (k3s log tail and pods above)"
}

node_is_ready() {
  [[ "$(check_exec kubectl get nodes -o jsonpath='{.items[0].status.conditions[?(@.type=="Ready")].status}')" == True ]]
}

coredns_is_ready() {
  [[ "$(check_exec kubectl -n kube-system get pods -l k8s-app=kube-dns \
    -o jsonpath='{.items[0].status.conditions[?(@.type=="Ready")].status}')" == True ]]
}

check_pods_are_ready() {
  [[ "$(check_exec kubectl get pod selfcheck-web selfcheck-client \
    -o jsonpath='{.items[*].status.conditions[?(@.type=="Ready")].status}')" == "True True" ]]
}

# The `docker run` options the cluster tier needs on this Docker host (printed for it, too).
# --privileged where it works; else its emulation (see scripts/k3s/README.md).
choose_run_options() {
  local probe
  if probe="$(docker run --rm --privileged --network none "$IMAGE" --version 2>&1)"; then
    RUN_OPTIONS=(--privileged)
    RUN_MODE="privileged"
  else
    RUN_OPTIONS=(--cap-add ALL --cap-drop SYS_RESOURCE --security-opt seccomp=unconfined
      --security-opt apparmor=unconfined --device /dev/kmsg
      --cgroupns=host --tmpfs /run --tmpfs /var/run)
    RUN_MODE="emulated; --privileged refused here: $(grep -m 1 -i error <<<"$probe" | cut -c1-200)"
  fi
  CHECK_FLAGS=("${SELF_CHECK_COMMAND[@]}")
  if [[ "$(docker info --format '{{.CgroupVersion}}' 2>/dev/null)" == 1 ]]; then
    # Kubernetes 1.35's kubelet refuses cgroup v1 unless told otherwise.
    CHECK_FLAGS+=(--kubelet-arg=fail-cgroupv1=false)
  fi
}

write_workload() {
  local workload_image="$1"
  sed "s|@WORKLOAD_IMAGE@|$workload_image|g" "$K3S_FILES_DIR/selfcheck-workload.yaml"
}

# Asks http://<name>/ from inside the client pod with perl alone (in every Debian image: perl-base),
# so that the name goes through the pod's resolver (resolv.conf search path, cluster DNS).
http_get_in_client() {
  # shellcheck disable=SC2016 # perl code, expanded by perl
  check_exec kubectl exec selfcheck-client -- perl -MIO::Socket::INET -e '
    my $socket = IO::Socket::INET->new(PeerAddr => $ARGV[0], PeerPort => 80, Timeout => 5) or die "connect $ARGV[0]: $@\n";
    print $socket "GET / HTTP/1.0\r\nHost: $ARGV[0]\r\n\r\n";
    local $/; my $response = <$socket>; $response =~ s/^.*?\r\n\r\n//s; print $response;' "$1"
}

# Bounded retries of a command in the client pod (the Service's rules may lag its endpoints).
retry_in_client() {
  local attempts=0 output
  while ((attempts++ < 10)); do
    if output="$("$@" 2>&1)"; then printf '%s\n' "$output"; return 0; fi
    sleep 1
  done
  printf '%s\n' "$output"
  return 1
}

run_self_check() {
  local workload_image="${MIRROR_PREFIX}nicolaka/netshoot:v0.16" started phase answer cluster_ip body version memory
  local nameserver cluster_dns
  # The pods need sh, getent and perl: the node target's small Debian stand-in when it is there,
  # else this image itself (Debian too).
  if [[ -z "$(docker_image_id "$workload_image")" ]]; then workload_image="$IMAGE"; fi
  choose_run_options
  log "  docker run ${RUN_OPTIONS[*]} $IMAGE ${CHECK_FLAGS[*]}  [$RUN_MODE]"
  started="$(now_ms)"
  CHECK_CONTAINER="k3s-selfcheck-$$"
  docker run -d --name "$CHECK_CONTAINER" "${RUN_OPTIONS[@]}" "$IMAGE" "${CHECK_FLAGS[@]}" >/dev/null \
    || die "self-check: docker run of $IMAGE failed"
  wait_until "the node to be Ready" node_is_ready
  log "  node Ready after $(format_duration $(($(now_ms) - started)))"
  wait_until "CoreDNS to be Ready" coredns_is_ready
  log "  CoreDNS Ready after $(format_duration $(($(now_ms) - started)))"
  phase="$(now_ms)"
  docker save "$workload_image" | docker exec -i "$CHECK_CONTAINER" ctr -n k8s.io images import - >/dev/null \
    || die "self-check: importing $workload_image into k3s's containerd failed"
  log "  $workload_image imported into k3s's containerd in $(format_duration $(($(now_ms) - phase)))"
  phase="$(now_ms)"
  write_workload "$workload_image" | docker exec -i "$CHECK_CONTAINER" kubectl apply -f - >/dev/null \
    || die "self-check: kubectl apply of scripts/k3s/selfcheck-workload.yaml failed"
  wait_until "the self-check pods to be Ready" check_pods_are_ready
  log "  pods selfcheck-web and selfcheck-client Ready in $(format_duration $(($(now_ms) - phase)))"
  phase="$(now_ms)"
  cluster_dns="$(printf '%s\n' "${CHECK_FLAGS[@]}" | sed -n 's/^--cluster-dns=//p')"
  nameserver="$(check_exec kubectl exec selfcheck-client -- cat /etc/resolv.conf | sed -n 's/^nameserver //p' | head -n 1)"
  [[ "$nameserver" == "$cluster_dns" ]] \
    || die "self-check: the client pod's resolv.conf names nameserver '$nameserver', expected the cluster DNS $cluster_dns"
  cluster_ip="$(check_exec kubectl get service selfcheck-web -o jsonpath='{.spec.clusterIP}')"
  answer="$(retry_in_client check_exec kubectl exec selfcheck-client -- getent hosts selfcheck-web.default.svc.cluster.local)" \
    || die "self-check: the client pod cannot resolve selfcheck-web.default.svc.cluster.local: $answer"
  [[ "${answer%% *}" == "$cluster_ip" ]] \
    || die "self-check: selfcheck-web.default.svc.cluster.local resolved to '$answer', the Service's ClusterIP is '$cluster_ip'"
  log "  DNS: selfcheck-web.default.svc.cluster.local -> ${answer%% *} (the Service's ClusterIP) from nameserver $nameserver"
  body="$(retry_in_client http_get_in_client selfcheck-web)" \
    || die "self-check: GET http://selfcheck-web/ from the client pod failed: $body"
  [[ "$body" == "hello from selfcheck-web"* ]] || die "self-check: http://selfcheck-web/ answered '$body'"
  log "  Service: GET http://selfcheck-web/ (search path, ClusterIP, kube-proxy) -> '$body' in $(format_duration $(($(now_ms) - phase)))"
  version="$(check_exec kubectl get --raw /version | awk -F'"' '/"gitVersion"/ { print $4 }')"
  [[ "$version" == "$K3S_VERSION" ]] || die "self-check: the API server's /version says gitVersion '$version', expected $K3S_VERSION"
  log "  API server /version: $version; node: $(check_exec kubectl get nodes \
    -o jsonpath='{.items[0].status.nodeInfo.kubeletVersion} {.items[0].status.nodeInfo.containerRuntimeVersion}')"
  memory="$(docker stats --no-stream --format '{{.MemUsage}}' "$CHECK_CONTAINER")"
  log "  memory of the k3s container: $memory; whole check $(format_duration $(($(now_ms) - started)))"
  docker rm -f -v "$CHECK_CONTAINER" >/dev/null
  CHECK_CONTAINER=""
}

# ---------------------------------------------------------------------------------------------
# Main

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; }

on_exit() {
  local status=$?
  report_failed_step "$status"
  if [[ -n "$CHECK_CONTAINER" ]]; then docker rm -f -v "$CHECK_CONTAINER" >/dev/null 2>&1 || true; fi
  if [[ $status -ne 0 && -n "${SELF_CHECK_RUNNING:-}" ]]; then docker image rm "$IMAGE" >/dev/null 2>&1 || true; fi
  unmount_chroot_filesystems || true
  if [[ -n "$WORK_DIR" && -d "$WORK_DIR" ]]; then rm -rf --one-file-system "$WORK_DIR"; fi
  exit "$status"
}

main() {
  FORCE=false
  local self_check=true argument
  for argument in "$@"; do
    case "$argument" in
      --force) FORCE=true ;;
      --no-self-check) self_check=false ;;
      --print-image) printf '%s\n' "$IMAGE"; return 0 ;;
      -h | --help) usage; return 0 ;;
      *) die "unknown argument '$argument' (expected --force, --print-image, --no-self-check or --help)" ;;
    esac
  done
  require_command docker "apt-get install docker.io"
  GO_BIN="$(go_binary "k3s is built from its Go module")"
  GO_VERSION="$(run_go env GOVERSION)"
  GOARCH_HERE="$(run_go env GOARCH)"
  INPUTS="$(inputs_hash | sha256sum | cut -c1-16)"
  # An image built without its self-check is never taken for current by a run that would check it.
  if [[ "$self_check" == false ]]; then INPUTS="$INPUTS-unchecked"; fi
  if [[ "$FORCE" == false && -n "$(image_id)" && "$(image_label inputs)" == "$INPUTS" ]]; then
    log "current: $IMAGE (inputs $INPUTS, k3s $(image_label source-module), $(docker_image_label "$IMAGE" org.opencontainers.image.version))"
    return 0
  fi
  trap on_exit EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  trap 'exit 129' HUP
  STARTED="$(now_ms)"
  require_root "debootstrap and chroot need it"
  require_docker
  ARCH="$(debian_architecture)"
  mkdir -p "$BUILD_DIR" "$GO_CACHE_ROOT"
  lock_target k3s
  WORK_DIR="$(mktemp -d "${TMPDIR:-/var/tmp}/k3s-image.XXXXXX")"
  log "building $IMAGE from $K3S_MODULE@$K3S_MODULE_VERSION with $GO_VERSION (inputs $INPUTS; pinned release $K3S_PINNED_RELEASE is NOT what is built)"
  run_step "download $K3S_MODULE@$K3S_MODULE_VERSION" download_source
  run_step "read versions and image names from the source" read_source_facts
  run_step "go build k3s (CGO, sqlite)" build_k3s
  run_step "check the k3s binary" check_k3s_binary
  run_step "flannel CNI plugin ($FLANNEL_CNI_MODULE/plugins/meta/flannel@$FLANNEL_CNI_VERSION)" build_flannel_plugin
  run_step "pause from $KUBERNETES_MODULE_PATH@$KUBERNETES_MODULE_VERSION" build_pause
  run_step "CoreDNS $COREDNS_VERSION image (scripts/lib/coredns.sh)" build_coredns_image
  run_step "air-gap image tarballs" make_airgap_images
  run_step "Debian $DEBIAN_SUITE root filesystem (${K3S_PACKAGES[*]})" build_debian_rootfs
  run_step "assemble the image's root filesystem" assemble_rootfs
  run_step "docker import as $IMAGE" import_image
  run_step "check the image's tools" check_image_tools
  if [[ "$self_check" == true ]]; then
    SELF_CHECK_RUNNING=1
    run_step "self-check: one-node cluster, DNS and Service" run_self_check
    SELF_CHECK_RUNNING=""
  else
    warn "self-check skipped (--no-self-check)"
  fi
  log "built $IMAGE in $(format_duration $(($(now_ms) - STARTED))): k3s $K3S_VERSION from $K3S_MODULE@$K3S_MODULE_VERSION"
  if [[ "$self_check" == true ]]; then
    log "cluster tier on this host: docker run ${RUN_OPTIONS[*]} $IMAGE ${CHECK_FLAGS[*]}"
  fi
}

main "$@"
