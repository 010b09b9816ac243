#!/usr/bin/env bash
# offline-images-target: kube-apiserver, etcd and kubectl for fabric8 kube-api-test's offline mode, built from the Kubernetes and etcd Go modules (not an image)
#
# Provides the three binaries that io.fabric8:kube-api-test (7.5.x) starts, for ONE Kubernetes
# version, in the directory layout its offline mode reads (BinaryManager, Binaries, Utils and OSInfo
# of kube-api-test 7.5.2):
#
#   <kube-api-test dir>/k8s/<version>-<os>-<arch>/{kube-apiserver,etcd,kubectl}
#
# with <version> written without `v` (e.g. 1.35.8: its directory names are parsed as dot-separated
# integers), <os> `linux` and <arch> `amd64` | `arm64` | `ppc64le`. The kube-api-test dir defaults to
# $ISTIOCOREDNS_CACHE/kubeapitest: point kube-api-test at it with withTestDir(...) or
# KUBE_API_TEST_DIR, together with withOfflineMode(true) and withApiServerVersion(<version>).
#
# Built here from source with the local Go toolchain: kube-apiserver and kubectl from the module
# k8s.io/kubernetes@v<version>, etcd from go.etcd.io/etcd/server/v3 at the version that Kubernetes
# release names in its build/dependencies.yaml. Each is built from a small generated "wrapper" module
# that requires the upstream module and declares the commands as `tool`s: k8s.io/kubernetes's own
# go.mod points its k8s.io/* staging modules at ./staging, which its module zip does not contain, so
# the wrapper replaces each of them by its published v0.<minor>.<patch> (and etcd's server module
# points at ../api etc. the same way). The wrapper copies the upstream `go` and `godebug` lines, so
# the binaries get the release's GODEBUG defaults, and the script warns if the wrapper's dependency
# versions differ from those upstream's go.mod pins. Build flags follow the releases (Kubernetes:
# hack/lib/golang.sh, tags selinux,notest,grpcnotrace, -trimpath, -s -w, static; etcd: CGO_ENABLED=0,
# -trimpath). Debian's etcd-server (3.4) and kubernetes-client (1.20) are far too old for this.
#
# With --node it also builds kubelet, kube-proxy, kube-controller-manager and kube-scheduler of the
# same release, from the same wrapper module and with the same flags as kube-apiserver, for the
# single-node cluster of scripts/local-node (see scripts/lib/node.sh). They stay in the bin dir
# (--print-bin-dir) and are not published to the kube-api-test dir, which holds only its three.
#
# Usage: scripts/lib/kube-binaries.sh [--force] [--node] [--print-version] [--print-dir] [--print-bin-dir]
# Env:   ISTIOCOREDNS_CACHE (see common.sh); KUBEAPITEST_DIR (default $ISTIOCOREDNS_CACHE/kubeapitest);
#        GO (the go binary, default: go on PATH, else /usr/local/go/bin/go); GOPROXY as for `go env`.
set -euo pipefail

# The single place where the Kubernetes version of the API-server tier is pinned (no `v`, as
# kube-api-test names its directories). 1.35.8 is the newest 1.35 patch for which this machine's Go
# module proxy serves k8s.io/kubernetes and every staging module the two commands need (for 1.35.6,
# the k3s image's version, it refuses k8s.io/kube-proxy and k8s.io/externaljwt v0.35.6, and the
# checksum lookup of k8s.io/mount-utils v0.35.6 fails). Kubernetes 1.35 is inside Istio 1.30's
# supported range. etcd is not pinned here: it follows this release.
KUBERNETES_VERSION="1.35.8"

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
LOG_TAG="offline-images/kube-binaries"
# shellcheck source=common.sh source-path=SCRIPTDIR
source "$SCRIPT_DIR/common.sh"
: "${ISTIOCOREDNS_CACHE:=$HOME/.cache/istiocoredns}"

# Bump when a change to the build steps below changes the binaries, so that cached ones are rebuilt.
# 2: the wrapper lists the node commands as tools too (other go.mod/go.sum, other buildinfo).
KUBE_BINARIES_RECIPE=2
KUBERNETES_MODULE="k8s.io/kubernetes"
ETCD_SERVER_MODULE="go.etcd.io/etcd/server/v3"
KUBE_WORK_ROOT="$ISTIOCOREDNS_CACHE/kube"
KUBEAPITEST_DIR="${KUBEAPITEST_DIR:-$ISTIOCOREDNS_CACHE/kubeapitest}"
# As the Kubernetes release build sets them (hack/lib/golang.sh, non-debug build).
KUBERNETES_BUILD_TAGS="selinux,notest,grpcnotrace"
BINARIES="kube-apiserver kubectl etcd"
# Built only with --node, into the same bin dir; never published to the kube-api-test dir.
NODE_BINARIES="kubelet kube-proxy kube-controller-manager kube-scheduler"
# Every command the wrapper module declares as a tool: one `go mod tidy` resolves them all, so a
# build with and without --node uses the same go.mod and go.sum.
KUBERNETES_COMMANDS="kube-apiserver kubectl $NODE_BINARIES"
# kube-api-test's BinaryManager needs all three; this stamp next to them is ignored by it.
PUBLISHED_STAMP_NAME="istiocoredns-kube-binaries.stamp"

# ---------------------------------------------------------------------------------------------
# Small helpers


# -mod=readonly: a build uses exactly the go.mod/go.sum that `go mod tidy` wrote.
# -modcacherw: the module cache can be deleted with rm -rf.
run_go() { run_go_with_flags "-mod=readonly -modcacherw -buildvcs=false" "$@"; }

seconds_since() { printf '%d' $((($(now_ms) - $1) / 1000)); }

work_dir() { printf '%s/%s\n' "$KUBE_WORK_ROOT" "$KUBERNETES_VERSION"; }

bin_dir() { printf '%s/bin\n' "$(work_dir)"; }

is_kubernetes_command() { [[ " $KUBERNETES_COMMANDS " == *" $1 "* ]]; }

# kube-api-test's OSInfo: os.name lower-cased, os.arch mapped to amd64 | arm64 | ppc64le (anything
# else becomes amd64 there, so only these three can be found by it).
platform_suffix() {
  local os arch
  os="$(run_go env GOOS)"
  arch="$(run_go env GOARCH)"
  [[ "$os" == linux ]] || die "this script builds Linux binaries only; Go reports GOOS=$os"
  case "$arch" in
    amd64 | arm64 | ppc64le) ;;
    *) die "kube-api-test only recognises amd64, arm64 and ppc64le; Go reports GOARCH=$arch" ;;
  esac
  printf -- '-%s-%s\n' "$os" "$arch"
}

published_dir() { printf '%s/k8s/%s%s\n' "$KUBEAPITEST_DIR" "$KUBERNETES_VERSION" "$PLATFORM_SUFFIX"; }

# Prints the source directory of module@version from the module cache, downloading it if needed.
module_source_dir() {
  local module="$1" version="$2" required_file="$3" json dir
  json="$(cd "$KUBE_WORK_ROOT" && run_go mod download -json "$module@$version" 2>&1)" \
    || die "cannot download $module@$version from the Go module proxy ($(run_go env GOPROXY)): $json"
  dir="$(printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')"
  [[ -n "$dir" && -f "$dir/$required_file" ]] \
    || die "go mod download gave no usable source dir for $module@$version (expected $required_file in it): $json"
  printf '%s\n' "$dir"
}

# The etcd release that this Kubernetes release is built and tested with.
etcd_version_of_release() {
  local kubernetes_dir="$1" version
  version="$(awk '/^  - name: "etcd"$/ { found = 1; next }
                  found && /^    version:/ { print $2; exit }
                  found && /^  - name:/ { exit }' "$kubernetes_dir/build/dependencies.yaml")"
  [[ "$version" =~ ^3\.[0-9]+\.[0-9]+$ ]] \
    || die "no etcd version found in $kubernetes_dir/build/dependencies.yaml (entry name: \"etcd\"); seen '$version'"
  printf '%s\n' "$version"
}

# Everything that determines the binaries, hashed: a change to any of it triggers a rebuild.
inputs_hash() {
  printf 'recipe=%s\nkubernetes=%s\netcd=%s\ngo=%s\nplatform=%s\ntags=%s\n' "$KUBE_BINARIES_RECIPE" \
    "$KUBERNETES_VERSION" "$ETCD_VERSION" "$GO_VERSION" "$PLATFORM_SUFFIX" "$KUBERNETES_BUILD_TAGS" \
    | sha256sum | cut -c1-16
}

# ---------------------------------------------------------------------------------------------
# Wrapper modules

# The upstream `go` line and any `godebug` lines (single or block form): with them the wrapper, as
# main module, gives the binaries the same GODEBUG defaults as the release build.
copy_go_and_godebug_lines() {
  local upstream_go_mod="$1"
  awk '/^go [0-9]/ { print; print ""; next }
       /^godebug \($/ { in_block = 1 }
       in_block { print; if ($0 == ")") { in_block = 0; print "" }; next }
       /^godebug / { print; print "" }' "$upstream_go_mod"
}

# `k8s.io/x => k8s.io/x v0.<minor>.<patch>` for each `k8s.io/x => ./staging/...` upstream.
staging_replacements() {
  local upstream_go_mod="$1" staging_version="v0.${KUBERNETES_VERSION#*.}"
  awk -v version="$staging_version" '
    /^replace \($/ { in_block = 1; next }
    in_block && /^\)$/ { in_block = 0; next }
    in_block && $2 == "=>" && $3 ~ /^\.\/staging\// { print "\t" $1 " => " $1 " " version }
    /^replace [^(]/ && $3 == "=>" && $4 ~ /^\.\/staging\// { print "\t" $2 " => " $2 " " version }
  ' "$upstream_go_mod"
}

write_kubernetes_wrapper() {
  local wrapper="$1" kubernetes_dir="$2" replacements command
  replacements="$(staging_replacements "$kubernetes_dir/go.mod")"
  [[ -n "$replacements" ]] \
    || die "no ./staging replace directives found in $kubernetes_dir/go.mod: the wrapper module would not build; check that release's go.mod"
  mkdir -p "$wrapper"
  {
    printf '// Generated by scripts/lib/kube-binaries.sh: builds the commands of %s@v%s.\n' \
      "$KUBERNETES_MODULE" "$KUBERNETES_VERSION"
    printf 'module istiocoredns.local/kube-binaries\n\n'
    copy_go_and_godebug_lines "$kubernetes_dir/go.mod"
    printf 'require %s v%s\n\n' "$KUBERNETES_MODULE" "$KUBERNETES_VERSION"
    printf 'tool (\n'
    for command in $KUBERNETES_COMMANDS; do printf '\t%s/cmd/%s\n' "$KUBERNETES_MODULE" "$command"; done
    printf ')\n\n'
    printf 'replace (\n%s\n)\n' "$replacements"
  } >"$wrapper/go.mod"
  rm -f "$wrapper/go.sum"
}

write_etcd_wrapper() {
  local wrapper="$1" etcd_dir="$2"
  mkdir -p "$wrapper"
  {
    printf '// Generated by scripts/lib/kube-binaries.sh: builds etcd %s.\n' "$ETCD_VERSION"
    printf 'module istiocoredns.local/etcd-binary\n\n'
    copy_go_and_godebug_lines "$etcd_dir/go.mod"
    printf 'require %s v%s\n\n' "$ETCD_SERVER_MODULE" "$ETCD_VERSION"
    printf 'tool %s\n' "$ETCD_SERVER_MODULE"
  } >"$wrapper/go.mod"
  rm -f "$wrapper/go.sum"
}

# Fills go.mod/go.sum of a wrapper (checksums verified against the Go checksum database), then warns
# about every module whose selected version differs from what the upstream go.mod requires.
resolve_wrapper() {
  local wrapper="$1" upstream_go_mod="$2" log_file="$3" differences
  if ! (cd "$wrapper" && run_go mod tidy) >"$log_file" 2>&1; then
    grep -v '^go: downloading' "$log_file" | tail -n 25 >&2
    die "go mod tidy of the wrapper module $wrapper failed (last lines above; whole log: $log_file). A '403'/'not available' names a module version this Go module proxy does not serve."
  fi
  differences="$(join -j1 -o 1.1,1.2,2.2 \
    <(awk '/^require \($/ { r = 1; next } r && /^\)$/ { r = 0 }
           r && NF >= 2 { print $1, $2 } /^require [^(]/ { print $2, $3 }' "$upstream_go_mod" \
      | grep -v ' v0\.0\.0$' | sort) \
    <(cd "$wrapper" && run_go list -m -f '{{.Path}} {{.Version}}' all | sort) \
    | awk '$2 != $3 { print "    " $1 ": upstream requires " $2 ", wrapper selects " $3 }')"
  if [[ -n "$differences" ]]; then
    warn "the wrapper in $wrapper selects other dependency versions than $upstream_go_mod pins:"
    printf '%s\n' "$differences" >&2
  fi
}

# ---------------------------------------------------------------------------------------------
# Build and checks

kubernetes_ldflags() {
  local build_date="$1" minor="${KUBERNETES_VERSION#*.}" flags="" key value key_value
  minor="${minor%%.*}"
  # The variables hack/lib/version.sh sets (gitCommit is left out: a module zip carries no commit).
  for key_value in "gitVersion=v$KUBERNETES_VERSION" "gitMajor=${KUBERNETES_VERSION%%.*}" \
    "gitMinor=$minor" "buildDate=$build_date"; do
    key="${key_value%%=*}"
    value="${key_value#*=}"
    flags+=" -X 'k8s.io/client-go/pkg/version.$key=$value' -X 'k8s.io/component-base/version.$key=$value'"
  done
  printf 'all=%s -s -w\n' "${flags# }"
}

# The module's commit time, so that the same version always gets the same buildDate.
module_time() {
  local module="$1" version="$2" json
  json="$(cd "$KUBE_WORK_ROOT" && run_go list -m -json "$module@$version")"
  printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"Time": "\(.*\)",\{0,1\}$/\1/p'
}

# Prints the first line each binary prints about its version, and what it must say.
reported_version() {
  local name="$1" binary="$2"
  case "$name" in
    kubectl) "$binary" version --client 2>&1 | head -n 1 ;;
    *) "$binary" --version 2>&1 | head -n 1 ;;
  esac
}

expected_version() {
  case "$1" in
    kubectl) printf 'Client Version: v%s\n' "$KUBERNETES_VERSION" ;;
    etcd) printf 'etcd Version: %s\n' "$ETCD_VERSION" ;;
    *) printf 'Kubernetes v%s\n' "$KUBERNETES_VERSION" ;;
  esac
}

check_binary() {
  local name="$1" binary="$2" reported expected
  reported="$(reported_version "$name" "$binary" || true)"
  expected="$(expected_version "$name")"
  [[ "$reported" == "$expected" ]] \
    || die "built $name ($binary) reports '$reported', expected '$expected'"
}

binary_stamp() { printf '%s/%s.stamp\n' "$(bin_dir)" "$1"; }

# Prints "cached" or "build (why)" for one binary.
binary_state() {
  local name="$1" binary
  binary="$(bin_dir)/$name"
  if [[ ! -x "$binary" ]]; then
    echo "build (no binary at $binary)"
  elif [[ "$(stamp_value "$(binary_stamp "$name")" inputs)" != "$INPUTS_HASH" ]]; then
    echo "build (inputs changed: stamp $(stamp_value "$(binary_stamp "$name")" inputs), now $INPUTS_HASH)"
  else
    echo cached
  fi
}

go_build() {
  local name="$1" wrapper="$2" package="$3" log_file="$4" output="$5"
  shift 5
  if ! (cd "$wrapper" && run_go build -trimpath -v "$@" -o "$output" "$package") >"$log_file" 2>&1; then
    tail -n 25 "$log_file" >&2
    die "go build of $name ($package) failed (last lines above; whole log: $log_file)"
  fi
}

build_binary() {
  local name="$1" bin_dir log_file started
  bin_dir="$(bin_dir)"
  log_file="$(work_dir)/$name.build.log"
  mkdir -p "$bin_dir"
  started="$(now_ms)"
  log "  $name: go build (log: $log_file); minutes when the Go build cache is cold"
  case "$name" in
    etcd)
      go_build "$name" "$(work_dir)/wrapper-etcd" "$ETCD_SERVER_MODULE" "$log_file" "$bin_dir/$name.new" \
        -ldflags "-X go.etcd.io/etcd/api/v3/version.GitSHA=gomod-v$ETCD_VERSION"
      ;;
    *)
      is_kubernetes_command "$name" || die "internal error: no build recipe for '$name'"
      go_build "$name" "$(work_dir)/wrapper-kubernetes" "$KUBERNETES_MODULE/cmd/$name" "$log_file" \
        "$bin_dir/$name.new" -tags "$KUBERNETES_BUILD_TAGS" \
        -ldflags "$(kubernetes_ldflags "$(module_time "$KUBERNETES_MODULE" "v$KUBERNETES_VERSION")")"
      ;;
  esac
  check_binary "$name" "$bin_dir/$name.new"
  publish_atomically "$bin_dir/$name.new" "$bin_dir/$name"
  run_go version -m "$bin_dir/$name" >"$(work_dir)/$name.buildinfo.txt"
  write_stamp "$(binary_stamp "$name")" "inputs=$INPUTS_HASH" "kubernetes=$KUBERNETES_VERSION" \
    "etcd=$ETCD_VERSION" "go=$GO_VERSION" "reports=$(reported_version "$name" "$bin_dir/$name")" \
    "built=$(date -u +%Y-%m-%dT%H:%M:%SZ)" "build_seconds=$(seconds_since "$started")"
}

# ---------------------------------------------------------------------------------------------
# The kube-api-test directory

published_is_current() {
  local dir name
  dir="$(published_dir)"
  for name in $BINARIES; do
    [[ -x "$dir/$name" ]] || return 1
  done
  [[ "$(stamp_value "$dir/$PUBLISHED_STAMP_NAME" inputs)" == "$INPUTS_HASH" ]]
}

# Assembles the directory under a name kube-api-test ignores (it lists only names ending in the
# platform suffix, and parses them as versions), then swaps it in: a test never sees two of three
# binaries.
publish_for_kube_api_test() {
  local final temporary old name
  final="$(published_dir)"
  temporary="$KUBEAPITEST_DIR/k8s/.incoming-$KUBERNETES_VERSION.$$"
  old="$KUBEAPITEST_DIR/k8s/.outgoing-$KUBERNETES_VERSION.$$"
  rm -rf "$temporary"
  mkdir -p "$temporary"
  for name in $BINARIES; do
    # A hard link costs no space; copy when the kube-api-test dir is on another file system.
    ln -f "$(bin_dir)/$name" "$temporary/$name" 2>/dev/null \
      || cp -f "$(bin_dir)/$name" "$temporary/$name"
  done
  write_stamp "$temporary/$PUBLISHED_STAMP_NAME" "inputs=$INPUTS_HASH" "kubernetes=$KUBERNETES_VERSION" \
    "etcd=$ETCD_VERSION" "go=$GO_VERSION" "published=$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    "built_by=scripts/lib/kube-binaries.sh"
  if [[ -e "$final" ]]; then mv "$final" "$old"; fi
  mv "$temporary" "$final"
  rm -rf "$old"
}

# ---------------------------------------------------------------------------------------------
# Main

declare -A BUILD_TIME=()

prepare_sources_and_wrappers() {
  local kubernetes_dir etcd_dir
  kubernetes_dir="$(module_source_dir "$KUBERNETES_MODULE" "v$KUBERNETES_VERSION" cmd/kube-apiserver/apiserver.go)"
  ETCD_VERSION="$(etcd_version_of_release "$kubernetes_dir")"
  log "  Kubernetes $KUBERNETES_VERSION uses etcd $ETCD_VERSION (its build/dependencies.yaml)"
  INPUTS_HASH="$(inputs_hash)"
  NEEDS_BUILD=""
  local name state kubernetes_wrapper_needed=false
  for name in $BUILD_LIST; do
    state="$(binary_state "$name")"
    [[ "$FORCE" == true ]] && state="build (--force)"
    if [[ "$state" == cached ]]; then
      log "  $name: cached ($(bin_dir)/$name, inputs $INPUTS_HASH): no Go build"
    else
      log "  $name: $state"
      NEEDS_BUILD+=" $name"
      if is_kubernetes_command "$name"; then kubernetes_wrapper_needed=true; fi
    fi
  done
  if [[ "$kubernetes_wrapper_needed" == true ]]; then
    write_kubernetes_wrapper "$(work_dir)/wrapper-kubernetes" "$kubernetes_dir"
    resolve_wrapper "$(work_dir)/wrapper-kubernetes" "$kubernetes_dir/go.mod" "$(work_dir)/wrapper-kubernetes.tidy.log"
  fi
  if [[ " $NEEDS_BUILD " == *" etcd "* ]]; then
    etcd_dir="$(module_source_dir "$ETCD_SERVER_MODULE" "v$ETCD_VERSION" main.go)"
    write_etcd_wrapper "$(work_dir)/wrapper-etcd" "$etcd_dir"
    resolve_wrapper "$(work_dir)/wrapper-etcd" "$etcd_dir/go.mod" "$(work_dir)/wrapper-etcd.tidy.log"
  fi
}

build_needed_binaries() {
  local name started
  for name in $BUILD_LIST; do
    if [[ " $NEEDS_BUILD " == *" $name "* ]]; then
      started="$(now_ms)"
      build_binary "$name"
      BUILD_TIME[$name]="$(seconds_since "$started") s"
      log "  $name: built and checked in ${BUILD_TIME[$name]}"
    else
      check_binary "$name" "$(bin_dir)/$name"
      BUILD_TIME[$name]="cached"
    fi
  done
}

# A published binary was rebuilt: the kube-api-test dir still links the previous file.
published_binary_rebuilt() {
  local name
  for name in $BINARIES; do
    [[ " $NEEDS_BUILD " == *" $name "* ]] && return 0
  done
  return 1
}

print_summary() {
  local name dir binary
  dir="$(published_dir)"
  log "summary: Kubernetes $KUBERNETES_VERSION, etcd $ETCD_VERSION, Go $GO_VERSION"
  printf '  %-24s %-32s %-10s %s\n' BINARY REPORTS "GO BUILD" SIZE
  for name in $BUILD_LIST; do
    binary="$dir/$name"
    [[ " $BINARIES " == *" $name "* ]] || binary="$(bin_dir)/$name"
    printf '  %-24s %-32s %-10s %s\n' "$name" "$(reported_version "$name" "$binary")" \
      "${BUILD_TIME[$name]:--}" "$(human_size "$(stat -c %s "$binary")")"
  done
  log "kube-api-test dir: $KUBEAPITEST_DIR (binaries in $dir)"
  if [[ "$BUILD_LIST" != "$BINARIES" ]]; then
    log "all binaries, node ones included: $(bin_dir)"
  fi
  log "use: new KubeAPIServerConfigBuilder().withTestDir(\"$KUBEAPITEST_DIR\").withOfflineMode(true).withApiServerVersion(\"$KUBERNETES_VERSION\")"
}

usage() {
  cat <<EOF
Usage: scripts/lib/kube-binaries.sh [--force] [--node] [--print-version] [--print-dir] [--print-bin-dir]

Builds kube-apiserver, kubectl (Kubernetes $KUBERNETES_VERSION) and the etcd that release uses from
their Go modules with the local Go toolchain, into the layout fabric8 kube-api-test reads offline:
  \$KUBEAPITEST_DIR/k8s/$KUBERNETES_VERSION-linux-<arch>/{kube-apiserver,etcd,kubectl}
\$KUBEAPITEST_DIR defaults to \$ISTIOCOREDNS_CACHE/kubeapitest ($KUBEAPITEST_DIR).
Work files, logs and stamps: \$ISTIOCOREDNS_CACHE/kube; Go caches: \$ISTIOCOREDNS_CACHE/go.

  --force          rebuild even if the cached binaries are current
  --node           also build $NODE_BINARIES
                   (same release and flags; into the bin dir only, not the kube-api-test dir)
  --print-version  print the pinned Kubernetes version (as kube-api-test writes it) and exit
  --print-dir      print the kube-api-test dir (for withTestDir / KUBE_API_TEST_DIR) and exit
  --print-bin-dir  print the dir that holds every built binary ($(bin_dir)) and exit
  -h|--help        this text
EOF
}

on_exit() {
  local status=$?
  report_failed_step "$status"
}

main() {
  local argument started
  FORCE=false
  BUILD_LIST="$BINARIES"
  for argument in "$@"; do
    case "$argument" in
      --force) FORCE=true ;;
      --node) BUILD_LIST="$BINARIES $NODE_BINARIES" ;;
      --print-version) printf '%s\n' "$KUBERNETES_VERSION"; return 0 ;;
      --print-dir) printf '%s\n' "$KUBEAPITEST_DIR"; return 0 ;;
      --print-bin-dir) bin_dir; return 0 ;;
      -h | --help) usage; return 0 ;;
      *) usage >&2; die "unknown argument '$argument'" ;;
    esac
  done

  trap on_exit EXIT
  started="$(now_ms)"
  GO_BIN="$(go_binary "Go >= 1.25 is needed for Kubernetes 1.35")"
  GO_VERSION="$("$GO_BIN" env GOVERSION)"
  PLATFORM_SUFFIX="$(platform_suffix)"
  mkdir -p "$(work_dir)" "$GO_CACHE_ROOT" "$KUBEAPITEST_DIR/k8s"
  lock_target kube-binaries
  log "Kubernetes $KUBERNETES_VERSION for kube-api-test -> $(published_dir)"
  if [[ "$BUILD_LIST" != "$BINARIES" ]]; then
    log "and for a single node (--node): $NODE_BINARIES -> $(bin_dir)"
  fi
  log "Go $GO_VERSION ($GO_BIN), GOPROXY=$(run_go env GOPROXY), caches under $GO_CACHE_ROOT"

  run_step "fetch module sources, resolve wrapper modules" prepare_sources_and_wrappers
  run_step "build and check binaries" build_needed_binaries
  if ! published_binary_rebuilt && published_is_current; then
    log "  $(published_dir) is current (stamp inputs $INPUTS_HASH): nothing to publish"
  else
    run_step "publish for kube-api-test" publish_for_kube_api_test
  fi
  print_summary
  log "done in $(format_duration $(($(now_ms) - started)))"
}

main "$@"
