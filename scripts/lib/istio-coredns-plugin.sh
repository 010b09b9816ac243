#!/usr/bin/env bash
# offline-images-target: istio-coredns-plugin built from its source (commit b84dba7e, the repository's last) as mirror.local/istio/coredns-plugin:0.2-istio-1.1, checked against a real kube-apiserver with Istio's CRDs
#
# Builds the gRPC backend that the istiocoredns add-on runs next to CoreDNS: the real
# github.com/istio-ecosystem/istio-coredns-plugin at commit b84dba7e (no Go module: a dep-era tree
# with a committed vendor/), not Istio's image. Source: $ISTIO_COREDNS_PLUGIN_ARCHIVE if set, else
# the snapshot archive ../shared/third-party/istio-coredns-plugin-b84dba7e.tar.gz next to the
# repository, else GitHub's archive of the commit (downloaded when GitHub answers). The snapshot is
# checked by its sha256; any archive by a content hash over the files both kinds share (see
# scripts/istio-coredns-plugin/README.md). The vendor tree lacks client-go's auth plugins
# exec, gcp and oidc (the repository's .gitignore dropped them): they come from the Go module
# k8s.io/client-go@v8.0.0+incompatible. Built in a temporary GOPATH with GO111MODULE=off, CGO off,
# the local Go toolchain; alone in an image at /usr/local/bin/plugin, user 65532:65532, as
# manifests/istiocoredns/istiocoredns.yaml runs it.
#
# After a build it checks the image as the manifest runs it (uid 65532, read-only root with a /tmp
# of its own, no capabilities, host network) against a throwaway etcd + kube-apiserver with Istio's
# CRDs (scripts/kube/test-apiserver.sh) through in-cluster config: the manifest's RBAC, a service
# account token, KUBERNETES_SERVICE_HOST/PORT. A v1alpha3 ServiceEntry for my-fruits.internal must
# answer A 10.103.1.1 over gRPC on :8053, an unknown name NXDOMAIN; it prints what the plugin does
# with ServiceEntries of today's schema and how long a new entry takes to resolve. Needs the
# kube-binaries and istio-crds targets, and port 8053 free. On failure the image is removed.
#
# The image carries the hash of its inputs as the label io.github.istiocoredns.istio-coredns-plugin.inputs
# and is not rebuilt while that matches. Built binary and build log:
# $ISTIOCOREDNS_CACHE/istio-coredns-plugin/b84dba7e/.
#
# Usage: scripts/lib/istio-coredns-plugin.sh [--force] [--print-image]
#        (normally run as `scripts/offline-images istio-coredns-plugin`)
# Env:   ISTIO_COREDNS_PLUGIN_ARCHIVE (a source archive of the commit, either kind); ISTIOCOREDNS_CACHE,
#        MIRROR_PREFIX (see common.sh); GO; GOPROXY as configured for `go env`.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck disable=SC2034 # read by test-apiserver.sh
LIB_DIR="$SCRIPT_DIR"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
SUPPORT_DIR="$REPO_ROOT/scripts/istio-coredns-plugin"
LOG_TAG="offline-images/istio-coredns-plugin"
# shellcheck source=common.sh source-path=SCRIPTDIR
source "$SCRIPT_DIR/common.sh"
# shellcheck source=../kube/test-apiserver.sh source-path=SCRIPTDIR
source "$REPO_ROOT/scripts/kube/test-apiserver.sh"

# Bump when a change to the steps below changes the image, so that it is rebuilt.
PLUGIN_RECIPE=1
PLUGIN_IMPORT_PATH="github.com/istio-ecosystem/istio-coredns-plugin"
PLUGIN_COMMIT="b84dba7e1aff4e29d4074188b58d2189edeb2573"
SHORT_COMMIT="${PLUGIN_COMMIT:0:8}"
SNAPSHOT_ARCHIVE="$REPO_ROOT/../shared/third-party/istio-coredns-plugin-$SHORT_COMMIT.tar.gz"
SNAPSHOT_SHA256="a3644a457b3b842149848a8ef4c40bc0abb39949cc8009f79e238137386aa60d"
GITHUB_ARCHIVE_URL="https://github.com/istio-ecosystem/istio-coredns-plugin/archive/$PLUGIN_COMMIT.tar.gz"
# Files one kind of archive has and the other lacks; none is compiled. Left out of the content hash
# and deleted before the build, so that both kinds build the same tree.
SNAPSHOT_ONLY_FILES=(.missing-from-snapshot)
GITHUB_ONLY_FILES=(
  vendor/github.com/petar/GoLLRB/doc/Sedgewick-Talk-Penn2008.pdf
  vendor/golang.org/x/text/collate/tables.go
  vendor/golang.org/x/text/date/tables.go
  vendor/istio.io/istio/LICENSES.txt
)
# The one file under `export-subst` (its .gitattributes): `git archive`, and so GitHub's archive,
# fills in two $Format placeholders that a checkout, and so the snapshot, keeps.
EXPORT_SUBST_FILE="vendor/k8s.io/client-go/pkg/version/base.go"
# sha256 of the sorted per-file listing of the tree once normalised as above (content_hash below).
SOURCE_CONTENT_SHA256="7382cd305f8c4a4773b151fd6f5f0fca392abacde4b48a2e43557814988f32c1"
CLIENT_GO_MODULE="k8s.io/client-go@v8.0.0+incompatible"
AUTH_PLUGINS=(exec gcp oidc)
AUTH_PLUGIN_DIR="vendor/k8s.io/client-go/plugin/pkg/client/auth"
# As the manifests name the image and run the binary.
IMAGE="${MIRROR_PREFIX}istio/coredns-plugin:0.2-istio-1.1"
PLUGIN_BINARY_PATH="/usr/local/bin/plugin"
PLUGIN_USER_ID=65532
LABEL_PREFIX="io.github.istiocoredns.istio-coredns-plugin"
MANIFEST="$REPO_ROOT/manifests/istiocoredns/istiocoredns.yaml"
MIN_FREE_BYTES=$((2 * 1024 * 1024 * 1024))
DOWNLOAD_SECONDS=300

PLUGIN_CACHE="$ISTIOCOREDNS_CACHE/istio-coredns-plugin/$SHORT_COMMIT"
BUILD_LOG="$PLUGIN_CACHE/build.log"
DNSQUERY_SOURCE="$SUPPORT_DIR/dnsquery"

# Self-check.
GRPC_PORT=8053
SERVICE_ACCOUNT="istiocoredns-service-account"
SERVICE_ACCOUNT_NAMESPACE="istio-system"
# The plugin rebuilds its table every 5 s: an entry shows within about that.
RESOLVE_WITHIN_SECONDS=30
PLUGIN_START_SECONDS=30
TIME_TO_RESOLVE_SAMPLES=5

WORK_DIR=""
TEMP_DIR=""
CONTAINER=""
# True while $IMAGE is built but not yet checked: a failure then removes it.
IMAGE_UNCHECKED=false
declare -a SELF_CHECK_REPORT=()

run_go() { run_go_with_flags "-modcacherw" "$@"; }

image_label() { docker_image_label "$IMAGE" "$LABEL_PREFIX.$1"; }

image_id() { docker_image_id "$IMAGE"; }

inputs_hash() {
  printf 'recipe=%s\nsource=%s@%s\ncontent=%s\nauth=%s:%s\ngo=%s\narch=%s\nuser=%s\n' "$PLUGIN_RECIPE" \
    "$PLUGIN_IMPORT_PATH" "$PLUGIN_COMMIT" "$SOURCE_CONTENT_SHA256" "$CLIENT_GO_MODULE" "${AUTH_PLUGINS[*]}" \
    "$GO_VERSION" "$(run_go env GOARCH)" "$PLUGIN_USER_ID" | sha256sum | cut -c1-16
}

cleanup() {
  local status=$?
  if [[ $status -ne 0 && -n "$TEMP_DIR" ]]; then
    if [[ -n "$CONTAINER" ]]; then save_plugin_log; fi
    show_container_log_tail
    show_log_tail kube-apiserver
  fi
  if [[ -n "$CONTAINER" ]]; then docker rm -f "$CONTAINER" >/dev/null 2>&1 || true; fi
  stop_started_processes
  if [[ $status -ne 0 && "$IMAGE_UNCHECKED" == true ]]; then
    docker image rm "$IMAGE" >/dev/null 2>&1 || true
    printf '[%s] removed %s: it did not pass its checks\n' "$LOG_TAG" "$IMAGE" >&2
  fi
  if [[ -n "$TEMP_DIR" ]]; then rm -rf "$TEMP_DIR"; fi
  if [[ -n "$WORK_DIR" ]]; then rm -rf "$WORK_DIR"; fi
  report_failed_step "$status"
}

# ---------------------------------------------------------------------------------------------
# Source

# Sets SOURCE_ARCHIVE and SOURCE_KIND; downloads GitHub's archive when no local one is there.
choose_source() {
  if [[ -n "${ISTIO_COREDNS_PLUGIN_ARCHIVE:-}" ]]; then
    [[ -f "$ISTIO_COREDNS_PLUGIN_ARCHIVE" ]] \
      || die "ISTIO_COREDNS_PLUGIN_ARCHIVE=$ISTIO_COREDNS_PLUGIN_ARCHIVE is not a file"
    SOURCE_ARCHIVE="$ISTIO_COREDNS_PLUGIN_ARCHIVE"
    SOURCE_KIND="ISTIO_COREDNS_PLUGIN_ARCHIVE"
  elif [[ -f "$SNAPSHOT_ARCHIVE" ]]; then
    SOURCE_ARCHIVE="$(cd "$(dirname "$SNAPSHOT_ARCHIVE")" && pwd)/$(basename "$SNAPSHOT_ARCHIVE")"
    SOURCE_KIND="snapshot"
  else
    SOURCE_ARCHIVE="$PLUGIN_CACHE/github-$PLUGIN_COMMIT.tar.gz"
    SOURCE_KIND="GitHub"
    if [[ ! -f "$SOURCE_ARCHIVE" ]]; then
      require_command curl "apt-get install curl (to download $GITHUB_ARCHIVE_URL)"
      log "  no archive at $SNAPSHOT_ARCHIVE and ISTIO_COREDNS_PLUGIN_ARCHIVE unset: downloading $GITHUB_ARCHIVE_URL"
      local output
      output="$(curl -fsSL --connect-timeout 15 --max-time "$DOWNLOAD_SECONDS" -o "$SOURCE_ARCHIVE.part" \
        "$GITHUB_ARCHIVE_URL" 2>&1)" || {
        rm -f "$SOURCE_ARCHIVE.part"
        die "no source: no archive at $SNAPSHOT_ARCHIVE, ISTIO_COREDNS_PLUGIN_ARCHIVE unset, and" \
          "$GITHUB_ARCHIVE_URL could not be downloaded: $output"
      }
      publish_atomically "$SOURCE_ARCHIVE.part" "$SOURCE_ARCHIVE"
    fi
  fi
  log "  source: $SOURCE_ARCHIVE ($SOURCE_KIND)"
}

# Prints the content hash of a source tree (the current directory): sha256 of the listing of
# `sha256sum` lines of its files, sorted by path, then `symlink:<target>  <path>` lines of its
# symbolic links, sorted.
content_hash() {
  {
    find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
    find . -type l -printf 'symlink:%l  %p\n' | LC_ALL=C sort
  } | sha256sum | cut -d' ' -f1
}

# Unpacks the archive into the GOPATH, normalises it as the README says and checks it.
unpack_and_verify_source() {
  local archive_sha256 unpacked top file actual
  archive_sha256="$(sha256sum "$SOURCE_ARCHIVE" | cut -d' ' -f1)"
  if [[ "$archive_sha256" == "$SNAPSHOT_SHA256" ]]; then
    log "  archive sha256 $archive_sha256: the snapshot's"
  elif [[ "$SOURCE_KIND" == "snapshot" ]]; then
    die "$SOURCE_ARCHIVE has sha256 $archive_sha256, expected $SNAPSHOT_SHA256 (see shared/third-party/README.md)"
  else
    log "  archive sha256 $archive_sha256: not the snapshot; its content hash decides"
  fi
  unpacked="$WORK_DIR/unpacked"
  mkdir -p "$unpacked"
  tar -xzf "$SOURCE_ARCHIVE" -C "$unpacked" || die "cannot unpack $SOURCE_ARCHIVE"
  mapfile -t top < <(find "$unpacked" -mindepth 1 -maxdepth 1)
  [[ ${#top[@]} -eq 1 && -d "${top[0]}" ]] \
    || die "$SOURCE_ARCHIVE should hold one top folder, holds: $(find "$unpacked" -mindepth 1 -maxdepth 1 -printf '%f ' | head -c 200)"
  SOURCE_DIR="$WORK_DIR/gopath/src/$PLUGIN_IMPORT_PATH"
  mkdir -p "$(dirname "$SOURCE_DIR")"
  mv "${top[0]}" "$SOURCE_DIR"
  for file in "${SNAPSHOT_ONLY_FILES[@]}" "${GITHUB_ONLY_FILES[@]}"; do
    rm -f "$SOURCE_DIR/$file"
  done
  [[ -f "$SOURCE_DIR/$EXPORT_SUBST_FILE" ]] || die "$SOURCE_ARCHIVE has no $EXPORT_SUBST_FILE"
  # shellcheck disable=SC2016 # $Format:...$ is literal text
  sed -i \
    -e 's/^\(\tgitVersion   string = "v0\.0\.0-master+\)'"${PLUGIN_COMMIT:0:7}"'[0-9a-f]*"$/\1$Format:%h$"/' \
    -e 's/^\(\tgitCommit    string = "\)'"$PLUGIN_COMMIT"'\(" \/\/ sha1 from git\)/\1$Format:%H$\2/' \
    "$SOURCE_DIR/$EXPORT_SUBST_FILE"
  actual="$(cd "$SOURCE_DIR" && content_hash)"
  [[ "$actual" == "$SOURCE_CONTENT_SHA256" ]] \
    || die "$SOURCE_ARCHIVE is not $PLUGIN_IMPORT_PATH@$SHORT_COMMIT: content hash $actual, expected" \
      "$SOURCE_CONTENT_SHA256 (scripts/istio-coredns-plugin/README.md says how it is computed)"
  log "  content hash $actual: as pinned ($(find "$SOURCE_DIR" -type f | wc -l) files)"
}

add_auth_plugins() {
  local client_go plugin
  client_go="$(go_module_source_dir "$CLIENT_GO_MODULE")" || exit 1
  for plugin in "${AUTH_PLUGINS[@]}"; do
    [[ -d "$client_go/plugin/pkg/client/auth/$plugin" ]] \
      || die "$CLIENT_GO_MODULE has no plugin/pkg/client/auth/$plugin (source: $client_go)"
    [[ ! -e "$SOURCE_DIR/$AUTH_PLUGIN_DIR/$plugin" ]] \
      || die "$AUTH_PLUGIN_DIR/$plugin is already in the source tree, which should lack it"
    mkdir -p "$SOURCE_DIR/$AUTH_PLUGIN_DIR"
    cp -R "$client_go/plugin/pkg/client/auth/$plugin" "$SOURCE_DIR/$AUTH_PLUGIN_DIR/$plugin"
  done
  chmod -R u+w "$SOURCE_DIR/$AUTH_PLUGIN_DIR"
  log "  $AUTH_PLUGIN_DIR/{$(IFS=,; printf '%s' "${AUTH_PLUGINS[*]}")} from $client_go"
}

# ---------------------------------------------------------------------------------------------
# Build

build_binary() {
  local started
  require_free_space "$MIN_FREE_BYTES" "$ISTIOCOREDNS_CACHE"
  started="$(now_ms)"
  if ! (cd "$SOURCE_DIR" && GO111MODULE=off GOPATH="$WORK_DIR/gopath" run_go_with_flags "-buildvcs=false" \
    build -trimpath -ldflags "-s -w" -o "$PLUGIN_CACHE/plugin.new" .) >"$BUILD_LOG" 2>&1; then
    tail -n 20 "$BUILD_LOG" >&2
    die "go build of $PLUGIN_IMPORT_PATH (GOPATH mode) failed (last lines above; whole log: $BUILD_LOG)"
  fi
  BUILD_MS=$(($(now_ms) - started))
  publish_atomically "$PLUGIN_CACHE/plugin.new" "$PLUGIN_CACHE/plugin"
  write_stamp "$PLUGIN_CACHE/plugin.stamp" "inputs=$INPUTS" "build-ms=$BUILD_MS" "source=$SOURCE_KIND"
  log "  plugin: $(human_size "$(stat -c %s "$PLUGIN_CACHE/plugin")"), compiled in $(format_duration "$BUILD_MS")"
}

# It has no version flag: -help must list its own flags (and exit 0, as Go's flag package does).
check_binary() {
  local output
  output="$("$PLUGIN_CACHE/plugin" -help 2>&1)" || die "$PLUGIN_CACHE/plugin -help failed: $output"
  [[ "$output" == *"-default-address"* && "$output" == *"-kubeconfig"* ]] \
    || die "$PLUGIN_CACHE/plugin -help does not list -default-address and -kubeconfig: $output"
  log "  plugin -help lists its flags -kubeconfig, -context, -default-address (and glog's)"
}

import_image() {
  local rootfs="$WORK_DIR/rootfs" previous
  previous="$(image_id)"
  mkdir -p "$rootfs/usr/local/bin" "$rootfs/etc" "$rootfs/tmp"
  chmod 1777 "$rootfs/tmp"
  install -m 0755 "$PLUGIN_CACHE/plugin" "$rootfs$PLUGIN_BINARY_PATH"
  printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:%s:%s:nonroot:/tmp:/sbin/nologin\n' \
    "$PLUGIN_USER_ID" "$PLUGIN_USER_ID" >"$rootfs/etc/passwd"
  printf 'root:x:0:\nnonroot:x:%s:\n' "$PLUGIN_USER_ID" >"$rootfs/etc/group"
  tar --numeric-owner --owner=0 --group=0 --sort=name --mtime=@0 -C "$rootfs" -c . \
    | docker import \
      --change "USER $PLUGIN_USER_ID:$PLUGIN_USER_ID" \
      --change "ENTRYPOINT [\"$PLUGIN_BINARY_PATH\"]" \
      --change "EXPOSE $GRPC_PORT/tcp" \
      --change "LABEL org.opencontainers.image.title=istio-coredns-plugin org.opencontainers.image.version=0.2-istio-1.1" \
      --change "LABEL org.opencontainers.image.source=https://$PLUGIN_IMPORT_PATH org.opencontainers.image.revision=$PLUGIN_COMMIT org.opencontainers.image.licenses=Apache-2.0" \
      --change "LABEL org.opencontainers.image.description=\"istio-coredns-plugin built from source $PLUGIN_IMPORT_PATH@$PLUGIN_COMMIT (+ client-go auth plugins from $CLIENT_GO_MODULE) by scripts/lib/istio-coredns-plugin.sh; NOT the istio/coredns-plugin image\"" \
      --change "LABEL org.opencontainers.image.created=$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
      --change "LABEL $LABEL_PREFIX.inputs=$INPUTS $LABEL_PREFIX.build-ms=$BUILD_MS $LABEL_PREFIX.source-content-sha256=$SOURCE_CONTENT_SHA256 $LABEL_PREFIX.source-archive=$SOURCE_KIND $LABEL_PREFIX.go=$GO_VERSION" \
      --message "istio-coredns-plugin from $PLUGIN_IMPORT_PATH@$PLUGIN_COMMIT, built offline by scripts/lib/istio-coredns-plugin.sh" \
      - "$IMAGE" >/dev/null
  if [[ -n "$previous" && "$previous" != "$(image_id)" ]]; then
    docker image rm "$previous" >/dev/null 2>&1 || true
  fi
}

# The gRPC client of the self-check (scripts/istio-coredns-plugin/dnsquery), cached by its inputs.
build_dnsquery() {
  local key
  key="$(cat "$DNSQUERY_SOURCE/go.mod" "$DNSQUERY_SOURCE/go.sum" "$DNSQUERY_SOURCE/main.go" \
    <(printf '%s\n' "$GO_VERSION") | sha256sum | cut -c1-16)"
  DNSQUERY="$ISTIOCOREDNS_CACHE/istio-coredns-plugin/dnsquery/$key/dnsquery"
  if [[ -x "$DNSQUERY" ]]; then
    log "  current: $DNSQUERY"
    return 0
  fi
  mkdir -p "$(dirname "$DNSQUERY")"
  if ! (cd "$DNSQUERY_SOURCE" && run_go_with_flags "-mod=readonly -modcacherw -buildvcs=false" build -trimpath \
    -ldflags "-s -w" -o "$DNSQUERY.new" .) >"$(dirname "$DNSQUERY")/build.log" 2>&1; then
    tail -n 20 "$(dirname "$DNSQUERY")/build.log" >&2
    die "go build of $DNSQUERY_SOURCE failed (last lines above)"
  fi
  publish_atomically "$DNSQUERY.new" "$DNSQUERY"
  log "  built $DNSQUERY"
}

# ---------------------------------------------------------------------------------------------
# Self-check

grpc_port_is_free() {
  if command -v ss >/dev/null 2>&1; then
    [[ -z "$(ss -Hltn "sport = :$GRPC_PORT" 2>/dev/null)" ]]
  else
    port_is_free "$GRPC_PORT"
  fi
}

require_self_check_inputs() {
  kube_test_inputs
  [[ -f "$MANIFEST" ]] || die "no $MANIFEST (its RBAC objects are what the self-check grants the plugin)"
  grpc_port_is_free || die "port $GRPC_PORT is in use on this machine ($(ss -Hltnp "sport = :$GRPC_PORT" 2>/dev/null | head -n 1)):" \
    "the self-check runs the plugin with --network host, and it always listens on :$GRPC_PORT"
}

show_container_log_tail() {
  [[ -n "$CONTAINER" ]] || return 0
  printf '[%s] last lines of the plugin container:\n' "$LOG_TAG" >&2
  docker logs --tail 25 "$CONTAINER" 2>&1 | sed 's/^/    /' >&2 || true
}

# The documents of the manifest that give the plugin its identity and rights.
manifest_rbac() {
  awk '
    /^---$/ { if (keep) printf "---\n%s", doc; doc = ""; keep = 0; next }
    !/^#/ { doc = doc $0 "\n" }
    /^kind: (ServiceAccount|ClusterRole|ClusterRoleBinding)$/ { keep = 1 }
    END { if (keep) printf "---\n%s", doc }' "$MANIFEST"
}

start_servers() {
  TEMP_DIR="$(mktemp -d -t istio-coredns-plugin-check.XXXXXX)"
  chmod 0755 "$TEMP_DIR"
  start_etcd
  write_credentials
  start_apiserver
  install_crds
}

# What a pod of the manifest's Deployment gets: its service account (with the manifest's RBAC), the
# token, the API server's CA and namespace at the in-cluster path, KUBERNETES_SERVICE_HOST/PORT.
grant_service_account() {
  local dir="$TEMP_DIR/serviceaccount" allowed
  kubectl create namespace "$SERVICE_ACCOUNT_NAMESPACE" >/dev/null
  manifest_rbac | kubectl apply -f - >"$TEMP_DIR/rbac.out" 2>&1 \
    || die "applying the RBAC objects of $MANIFEST failed: $(cat "$TEMP_DIR/rbac.out")"
  log "  from $(basename "$MANIFEST"): $(tr '\n' ' ' <"$TEMP_DIR/rbac.out")"
  allowed="$(kubectl auth can-i watch serviceentries.networking.istio.io --all-namespaces \
    --as "system:serviceaccount:$SERVICE_ACCOUNT_NAMESPACE:$SERVICE_ACCOUNT" 2>&1 || true)"
  [[ "$allowed" == yes ]] || die "the manifest's RBAC does not let $SERVICE_ACCOUNT watch serviceentries: $allowed"
  mkdir -p "$dir"
  kubectl create token "$SERVICE_ACCOUNT" -n "$SERVICE_ACCOUNT_NAMESPACE" --duration 1h >"$dir/token" \
    || die "kubectl create token $SERVICE_ACCOUNT failed"
  cp "$TEMP_DIR/serving-certs/apiserver.crt" "$dir/ca.crt"
  printf '%s' "$SERVICE_ACCOUNT_NAMESPACE" >"$dir/namespace"
  chmod 0755 "$dir"
  chmod 0644 "$dir"/*
}

start_plugin() {
  CONTAINER="istio-coredns-plugin-check-$$"
  docker run -d --name "$CONTAINER" --network host \
    --user "$PLUGIN_USER_ID:$PLUGIN_USER_ID" --read-only --cap-drop ALL --security-opt no-new-privileges \
    --tmpfs /tmp \
    -e KUBERNETES_SERVICE_HOST=127.0.0.1 -e KUBERNETES_SERVICE_PORT="$API_SERVER_PORT" \
    -v "$TEMP_DIR/serviceaccount:/var/run/secrets/kubernetes.io/serviceaccount:ro" \
    --entrypoint "$PLUGIN_BINARY_PATH" "$IMAGE" >/dev/null \
    || die "docker run of $IMAGE failed"
  local deadline=$(($(now_ms) + PLUGIN_START_SECONDS * 1000))
  until "$DNSQUERY" -name probe.invalid -timeout 1s >/dev/null 2>&1; do
    container_running || die "the plugin container exited: $(docker logs --tail 10 "$CONTAINER" 2>&1)"
    (($(now_ms) < deadline)) || die "the plugin did not answer on :$GRPC_PORT within $PLUGIN_START_SECONDS s"
    sleep 0.5
  done
  log "  plugin container $CONTAINER answers on :$GRPC_PORT (uid $PLUGIN_USER_ID, read-only root, no capabilities)"
}

container_running() {
  [[ "$(docker inspect --format '{{.State.Running}}' "$CONTAINER" 2>/dev/null)" == true ]]
}

# Prints a ServiceEntry: name, host, address, then optional extra spec lines.
service_entry() {
  local name="$1" host="$2" address="$3" resolution="$4"
  shift 4
  cat <<EOF
apiVersion: networking.istio.io/v1alpha3
kind: ServiceEntry
metadata:
  name: $name
  namespace: micro-shake-factory
spec:
  hosts: [$host]
  location: MESH_INTERNAL
  addresses: [$address]
  endpoints: [{address: fruits-api-service.micro-shake-factory.svc.cluster.local}]
  resolution: $resolution
EOF
  local line
  for line in "$@"; do printf '  %s\n' "$line"; done
}

create_service_entry() {
  local output
  output="$(service_entry "$@" | kubectl create -f - 2>&1)" || die "kubectl create of ServiceEntry $1 failed: $output"
}

# Asks the plugin; prints dnsquery's output.
ask() { "$DNSQUERY" -name "$1" "${@:2}"; }

# Waits until the name resolves; prints the milliseconds since $2 (now_ms before the create).
wait_for_answer() {
  local name="$1" since="$2" output
  output="$("$DNSQUERY" -name "$name" -wait "${RESOLVE_WITHIN_SECONDS}s" 2>&1)" \
    || die "$name did not resolve within $RESOLVE_WITHIN_SECONDS s: $output"
  printf '%s\n' "$(($(now_ms) - since))"
}

expect_answer() {
  local name="$1" address="$2" output
  output="$(ask "$name")" || die "query for $name failed: $output"
  grep -q "^status=NOERROR aa=true$" <<<"$output" || die "$name: expected NOERROR (authoritative), got: $output"
  grep -qP "^\Q$name\E\t3600\tIN\tA\t\Q$address\E$" <<<"$output" \
    || die "$name: expected the answer '$name 3600 IN A $address', got: $output"
  log "  $name -> $(grep -P '\tIN\t' <<<"$output" | tr '\t' ' ')"
}

expect_nxdomain() {
  local name="$1" output
  output="$(ask "$name")" || die "query for $name failed: $output"
  [[ "$output" == "status=NXDOMAIN aa=true" ]] || die "$name: expected NXDOMAIN and no answer, got: $output"
  log "  $name -> NXDOMAIN"
}

check_article_entry() {
  local started waited
  kubectl create namespace micro-shake-factory >/dev/null
  started="$(now_ms)"
  create_service_entry exotic-fruits-service-entry my-fruits.internal 10.103.1.1 DNS
  waited="$(wait_for_answer my-fruits.internal. "$started")"
  log "  the article's ServiceEntry (v1alpha3, resolution DNS, no ports) resolved $waited ms after kubectl create"
  expect_answer my-fruits.internal. 10.103.1.1
  expect_nxdomain unknown-fruits.internal.
  SELF_CHECK_REPORT+=("my-fruits.internal. A 10.103.1.1 (first entry, plugin just started): ${waited} ms")
}

# ServiceEntries written for today's Istio: FACTS §10 says the 2019 schema drops them.
observe_todays_schema() {
  local started name answer
  started="$(now_ms)"
  create_service_entry fruits-target-port target-port.internal 10.103.1.2 DNS \
    "ports: [{number: 80, name: http, protocol: HTTP, targetPort: 3000}]"
  create_service_entry fruits-round-robin round-robin.internal 10.103.1.3 DNS_ROUND_ROBIN
  # Created after the two: once it resolves, the plugin's table has been rebuilt with all three.
  create_service_entry fruits-sentinel sentinel.internal 10.103.1.4 DNS
  wait_for_answer sentinel.internal. "$started" >/dev/null
  for name in target-port.internal. round-robin.internal.; do
    answer="$(ask "$name" | tr '\t\n' '  ')"
    log "  today's schema: $name -> $answer"
    SELF_CHECK_REPORT+=("today's schema: $name -> $answer")
  done
  expect_answer my-fruits.internal. 10.103.1.1
  SELF_CHECK_REPORT+=("after them, my-fruits.internal. still resolves")
  save_plugin_log
  for name in fruits-target-port fruits-round-robin; do
    answer="$(last_log_entry_naming "$name")"
    log "  the plugin's last log entry naming $name:"
    printf '      %s\n' "${answer:-(none)}"
    SELF_CHECK_REPORT+=("log: ${answer:-(no entry names $name)}")
  done
}

# The plugin's log so far, kept in the cache (a failed check shows its end).
save_plugin_log() {
  docker logs "$CONTAINER" >"$PLUGIN_CACHE/self-check-plugin.log" 2>&1 || true
}

# Its log entries can span lines (an error quotes the spec as YAML): an entry starts with a
# timestamp (Istio's log) or a glog header. Prints the first and the last line of the last entry
# that names $1, on one line.
last_log_entry_naming() {
  awk -v name="$1" '
    function flush() { if (first != "" && index(first, name)) found = first (final != "" ? " [...] " final : "") }
    /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T/ || /^[IWEF][0-9][0-9][0-9][0-9] / {
      flush(); first = $0; final = ""; next
    }
    { final = $0 }
    END { flush(); print found }' "$PLUGIN_CACHE/self-check-plugin.log"
}

# Each ServiceEntry is created at a random point of the plugin's 5 s cycle: right after an answer
# (its table was just rebuilt) every sample would take the whole cycle.
measure_time_to_resolve() {
  local index started waited
  local -a samples=()
  for ((index = 1; index <= TIME_TO_RESOLVE_SAMPLES; index++)); do
    sleep "$((RANDOM % 5)).$((RANDOM % 10))"
    started="$(now_ms)"
    create_service_entry "timing-$index" "timing-$index.internal" "10.103.2.$index" DNS
    waited="$(wait_for_answer "timing-$index.internal." "$started")"
    samples+=("$waited")
  done
  log "  ms from kubectl create to the first answer: ${samples[*]}"
  SELF_CHECK_REPORT+=("time to resolve (ms from kubectl create to first A answer): ${samples[*]}")
}

self_check() {
  run_step "self-check: start etcd and kube-apiserver with Istio's CRDs" start_servers
  run_step "self-check: service account, RBAC and token as in $(basename "$MANIFEST")" grant_service_account
  run_step "self-check: run $IMAGE as the manifest does (in-cluster config)" start_plugin
  run_step "self-check: the article's ServiceEntry answers over gRPC" check_article_entry
  run_step "self-check: ServiceEntries of today's schema" observe_todays_schema
  run_step "self-check: time from create to answer" measure_time_to_resolve
  save_plugin_log
  log "self-check summary (the plugin's log: $PLUGIN_CACHE/self-check-plugin.log):"
  printf '    %s\n' "${SELF_CHECK_REPORT[@]}"
}

# ---------------------------------------------------------------------------------------------

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; }

binary_is_current() {
  [[ -x "$PLUGIN_CACHE/plugin" && "$(stamp_value "$PLUGIN_CACHE/plugin.stamp" inputs)" == "$INPUTS" ]]
}

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
  GO_BIN="$(go_binary "istio-coredns-plugin is built from source")"
  GO_VERSION="$(run_go env GOVERSION)"
  INPUTS="$(inputs_hash)"
  if [[ "$force" == false && -n "$(image_id)" && "$(image_label inputs)" == "$INPUTS" ]]; then
    log "current: $IMAGE (inputs $INPUTS, $PLUGIN_IMPORT_PATH@$SHORT_COMMIT, $GO_VERSION)"
    return 0
  fi
  require_docker
  lock_target istio-coredns-plugin
  require_self_check_inputs
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  mkdir -p "$PLUGIN_CACHE" "$GO_CACHE_ROOT"
  WORK_DIR="$(mktemp -d "$PLUGIN_CACHE/work.XXXXXX")"
  log "building $IMAGE from $PLUGIN_IMPORT_PATH@$SHORT_COMMIT with $GO_VERSION (log: $BUILD_LOG)"
  if [[ "$force" == false ]] && binary_is_current; then
    BUILD_MS="$(stamp_value "$PLUGIN_CACHE/plugin.stamp" build-ms)"
    SOURCE_KIND="$(stamp_value "$PLUGIN_CACHE/plugin.stamp" source)"
    log "  reusing $PLUGIN_CACHE/plugin (built from the same inputs $INPUTS)"
  else
    run_step "find the source archive" choose_source
    run_step "unpack and verify the source" unpack_and_verify_source
    run_step "add client-go's auth plugins from $CLIENT_GO_MODULE" add_auth_plugins
    run_step "go build $PLUGIN_IMPORT_PATH (GO111MODULE=off, CGO off)" build_binary
  fi
  run_step "check the binary" check_binary
  IMAGE_UNCHECKED=true
  run_step "docker import as $IMAGE" import_image
  run_step "build the gRPC client of the self-check" build_dnsquery
  self_check
  IMAGE_UNCHECKED=false
  log "built $IMAGE ($(human_size "$(docker image inspect --format '{{.Size}}' "$IMAGE")"))"
}

main "$@"
