#!/usr/bin/env bash
# offline-images-target: real CoreDNS release images built from CoreDNS's Go module source with the local Go toolchain (mirror.local/coredns/coredns:<version>)
#
# Builds `${MIRROR_PREFIX}coredns/coredns:<version>` for each CoreDNS release in COREDNS_VERSIONS:
# the release's own source (Go module zip of tag v<version>, from the Go module proxy), built here
# with CGO_ENABLED=0 and imported into Docker as a minimal root filesystem (no base image, no
# registry). Per-version adjustments (synthesized go.mod for releases without one, plugins left out,
# extra replace directives) live in scripts/coredns/<version>/ and are described in
# scripts/coredns/README.md; they are printed when a version is built.
#
# Usage: scripts/lib/coredns.sh [--force] [--list] [VERSION ...]   (default: all of COREDNS_VERSIONS)
# Env:   ISTIOCOREDNS_CACHE, MIRROR_PREFIX (see common.sh); GO (the go binary, default: go on PATH,
#        else /usr/local/go/bin/go); GOPROXY as configured for `go env`.
set -euo pipefail

# The single place where the CoreDNS versions of the scripts are pinned (no `v`, as upstream tags
# its images). 1.1.2 and 1.6.2 are what Istio's istiocoredns chart shipped; 1.4.0/1.5.0 bracket the
# proxy -> grpc boundary; 1.14.7 is the newest 1.14.x the module proxy serves; 1.14.1 is the kube-dns
# CoreDNS that the k3s source build's manifests name (scripts/lib/k3s.sh puts it into k3s's air-gap images).
COREDNS_VERSIONS="1.1.2 1.4.0 1.5.0 1.6.2 1.14.1 1.14.7"

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
COREDNS_OVERLAY_ROOT="$(cd "$SCRIPT_DIR/../coredns" && pwd)"
LOG_TAG="offline-images/coredns"
# shellcheck source=common.sh source-path=SCRIPTDIR
source "$SCRIPT_DIR/common.sh"
: "${MIRROR_PREFIX:=mirror.local/}"
: "${ISTIOCOREDNS_CACHE:=$HOME/.cache/istiocoredns}"

# Bump when a change to the build steps below changes the binary or the image, so that cached
# binaries and images are rebuilt.
COREDNS_RECIPE=1
COREDNS_MODULE="github.com/coredns/coredns"
COREDNS_CACHE="$ISTIOCOREDNS_CACHE/coredns"
LABEL_PREFIX="io.github.istiocoredns.coredns"
# Plugins that the project's Corefiles use: a version that has one in its plugin.cfg must register
# it (a trimmed build may leave out only others).
PLUGINS_OUR_COREFILES_USE="errors health proxy grpc forward prometheus cache reload log hosts whoami loop loadbalance ready file template"

# ---------------------------------------------------------------------------------------------
# Small helpers

image_name() { printf '%scoredns/coredns:%s\n' "$MIRROR_PREFIX" "$1"; }
version_dir() { printf '%s/%s\n' "$COREDNS_CACHE" "$1"; }
overlay_dir() { printf '%s/%s\n' "$COREDNS_OVERLAY_ROOT" "$1"; }
seconds_since() { printf '%d' $((($(now_ms) - $1) / 1000)); }


# -mod=readonly: the build uses exactly the go.mod/go.sum it was given, or fails saying so.
# -modcacherw: the module cache can be deleted with rm -rf.
run_go() { run_go_with_flags "-mod=readonly -modcacherw -buildvcs=false" "$@"; }

is_pinned_version() {
  [[ " $COREDNS_VERSIONS " == *" $1 "* ]]
}

normalize_version() {
  local version="${1#v}"
  [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] \
    || die "'$1' is not a CoreDNS version: expected X.Y.Z (as in the image tag), one of: $COREDNS_VERSIONS"
  is_pinned_version "$version" \
    || die "CoreDNS $version is not pinned: add it to COREDNS_VERSIONS in scripts/lib/coredns.sh (now: $COREDNS_VERSIONS)"
  printf '%s\n' "$version"
}

# Plugin names listed in scripts/coredns/<version>/trimmed-plugins.txt (empty: full plugin set).
trimmed_plugins() {
  local file
  file="$(overlay_dir "$1")/trimmed-plugins.txt"
  [[ -f "$file" ]] || return 0
  grep -v '^[[:space:]]*#' "$file" | awk 'NF { print $1 }'
}

print_trim_notes() {
  local version="$1" file replace_file
  file="$(overlay_dir "$version")/trimmed-plugins.txt"
  replace_file="$(overlay_dir "$version")/replace.txt"
  if [[ -f "$(overlay_dir "$version")/go.mod" ]]; then
    log "  $version: no go.mod upstream: using scripts/coredns/$version/go.mod (synthesized from its Gopkg.lock/Makefile)"
  fi
  if [[ -f "$file" ]]; then
    log "  $version: REDUCED plugin set; not registered (directives kept, see scripts/coredns/README.md):"
    grep -v '^[[:space:]]*#' "$file" | awk 'NF' | while IFS= read -r line; do log "    - $line"; done
  else
    log "  $version: full plugin set of the release's plugin.cfg"
  fi
  if [[ -f "$replace_file" ]]; then
    grep -v '^[[:space:]]*#' "$replace_file" | awk 'NF { print $1 " => " $2 " (" $3 ")" }' \
      | while IFS= read -r line; do log "  $version: extra replace: $line"; done
  fi
}

# Everything that determines the binary, hashed: changes to any of it trigger a rebuild.
inputs_hash() {
  local version="$1" overlay
  overlay="$(overlay_dir "$version")"
  {
    printf 'recipe=%s\nversion=%s\ngo=%s\n' "$COREDNS_RECIPE" "$version" "$GO_VERSION"
    printf 'trimmed=%s\n' "$(trimmed_plugins "$version" | tr '\n' ' ')"
    if [[ -d "$overlay" ]]; then
      (cd "$overlay" && find . -type f -print0 | sort -z | xargs -0 -r sha256sum)
    fi
  } | sha256sum | cut -c1-16
}

# ---------------------------------------------------------------------------------------------
# Source: the release's module zip, copied to a writable build directory, adjusted.

module_source_dir() {
  local version="$1" json dir
  json="$(cd "$COREDNS_CACHE" && run_go mod download -json "$COREDNS_MODULE@v$version" 2>&1)" \
    || die "cannot download $COREDNS_MODULE@v$version from the Go module proxy ($(run_go env GOPROXY)): $json"
  dir="$(printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')"
  [[ -n "$dir" && -f "$dir/coremain/version.go" ]] \
    || die "go mod download gave no usable source dir for $COREDNS_MODULE@v$version: $json"
  printf '%s\n' "$dir"
}

# core/plugin/zplugin.go from plugin.cfg minus the trimmed plugins, as directives_generate.go would
# write it from a trimmed plugin.cfg. core/dnsserver/zdirectives.go is left as released.
write_plugin_registration() {
  local src="$1" version="$2" trimmed name repo
  trimmed=" $(trimmed_plugins "$version" | tr '\n' ' ') "
  {
    printf '// generated by directives_generate.go; DO NOT EDIT\n'
    printf '// (trimmed by scripts/lib/coredns.sh: see scripts/coredns/%s/trimmed-plugins.txt)\n\n' "$version"
    printf 'package plugin\n\nimport (\n\t// Include all plugins.\n'
    grep -v '^#' "$src/plugin.cfg" | grep ':' | while IFS=: read -r name repo; do
      [[ "$trimmed" == *" $name "* ]] && continue
      if [[ -d "$src/plugin/$repo" ]]; then
        printf '\t_ "%s/plugin/%s"\n' "$COREDNS_MODULE" "$repo"
      else
        printf '\t_ "%s"\n' "$repo"
      fi
    done | sort
    printf ')\n'
  } >"$src/core/plugin/zplugin.go"
}

check_trim_keeps_our_plugins() {
  local src="$1" version="$2" trimmed plugin
  trimmed=" $(trimmed_plugins "$version" | tr '\n' ' ') "
  for plugin in $(trimmed_plugins "$version"); do
    grep -q "^$plugin:" "$src/plugin.cfg" \
      || die "scripts/coredns/$version/trimmed-plugins.txt names '$plugin', which is not in $version's plugin.cfg"
  done
  for plugin in $PLUGINS_OUR_COREFILES_USE; do
    if grep -q "^$plugin:" "$src/plugin.cfg" && [[ "$trimmed" == *" $plugin "* ]]; then
      die "scripts/coredns/$version/trimmed-plugins.txt leaves out '$plugin', which the project's Corefiles use"
    fi
  done
}

prepare_build_dir() {
  local version="$1" module_dir="$2" src="$3" overlay old new why
  overlay="$(overlay_dir "$version")"
  rm -rf "$src"
  cp -R "$module_dir" "$src"
  chmod -R u+w "$src"
  if [[ -f "$overlay/go.mod" ]]; then
    [[ ! -f "$src/go.mod" ]] || die "CoreDNS $version has its own go.mod: delete scripts/coredns/$version/go.mod"
    cp "$overlay/go.mod" "$overlay/go.sum" "$src/"
  fi
  [[ -f "$src/go.mod" ]] \
    || die "CoreDNS $version has no go.mod and scripts/coredns/$version/go.mod does not exist: synthesize one (see scripts/coredns/README.md)"
  if [[ -f "$overlay/replace.txt" ]]; then
    while read -r old new why; do
      [[ -z "$old" || "$old" == \#* ]] && continue
      (cd "$src" && run_go mod edit "-replace=$old=$new")
    done <"$overlay/replace.txt"
  fi
  if [[ -n "$(trimmed_plugins "$version")" ]]; then
    check_trim_keeps_our_plugins "$src" "$version"
    write_plugin_registration "$src" "$version"
  fi
  cmp -s "$module_dir/core/dnsserver/zdirectives.go" "$src/core/dnsserver/zdirectives.go" \
    || die "internal error: core/dnsserver/zdirectives.go of $version differs from the release's"
}

# ---------------------------------------------------------------------------------------------
# Build and checks

# The binary must be the release it claims to be, and must register every plugin of
# PLUGINS_OUR_COREFILES_USE that the release has.
check_binary() {
  local version="$1" binary="$2" src_plugin_cfg="$3" first_line plugins plugin
  first_line="$("$binary" -version 2>&1)"
  first_line="${first_line%%$'\n'*}"
  [[ "$first_line" == "CoreDNS-$version" ]] \
    || die "built binary $binary reports '$first_line', expected 'CoreDNS-$version'"
  plugins="$("$binary" -plugins 2>&1)"
  for plugin in $PLUGINS_OUR_COREFILES_USE; do
    grep -q "^$plugin:" "$src_plugin_cfg" || continue
    # Old releases list "dns.<name>", newer ones "<name>".
    grep -qE "^[[:space:]]*(dns\.)?${plugin}[[:space:]]*\$" <<<"$plugins" \
      || die "CoreDNS $version binary does not register plugin '$plugin' (not in its 'coredns -plugins' list)"
  done
}

# Prints "cached" or "build" (and why) for the binary of a version.
binary_state() {
  local version="$1" hash="$2" dir
  dir="$(version_dir "$version")"
  if [[ ! -x "$dir/coredns" ]]; then
    echo "build (no binary at $dir/coredns)"
  elif [[ "$(stamp_value "$dir/stamp" inputs)" != "$hash" ]]; then
    echo "build (inputs changed: stamp $(stamp_value "$dir/stamp" inputs), now $hash)"
  else
    echo cached
  fi
}

build_binary() {
  local version="$1" hash="$2" dir src module_dir started
  dir="$(version_dir "$version")"
  src="$dir/src"
  mkdir -p "$dir"
  started="$(now_ms)"
  log "  $version: fetching module source $COREDNS_MODULE@v$version"
  module_dir="$(module_source_dir "$version")"
  prepare_build_dir "$version" "$module_dir" "$src"
  log "  $version: go build (log: $dir/build.log)"
  if ! (cd "$src" && run_go build -trimpath -v \
    -ldflags "-s -w -X $COREDNS_MODULE/coremain.GitCommit=gomod-v$version" \
    -o "$dir/coredns.new" .) >"$dir/build.log" 2>&1; then
    tail -n 25 "$dir/build.log" >&2
    die "go build of CoreDNS $version failed (last lines above; whole log: $dir/build.log)"
  fi
  check_binary "$version" "$dir/coredns.new" "$src/plugin.cfg"
  run_go version -m "$dir/coredns.new" >"$dir/buildinfo.txt"
  publish_atomically "$dir/coredns.new" "$dir/coredns"
  write_stamp "$dir/stamp" "inputs=$hash" "version=$version" "go=$GO_VERSION" \
    "trimmed=$(trimmed_plugins "$version" | tr '\n' ' ')" "built=$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    "build_seconds=$(seconds_since "$started")"
  rm -rf "$src"
}

# ---------------------------------------------------------------------------------------------
# Image

image_stamp() {
  docker image inspect --format "{{ index .Config.Labels \"$LABEL_PREFIX.inputs\" }}" "$1" 2>/dev/null || true
}

# A root filesystem like upstream's FROM scratch images: /coredns, CA certificates (for DNS over
# TLS/HTTPS upstreams) and passwd/group entries so that `--user nobody` or 65532 resolve.
write_rootfs() {
  local rootfs="$1" binary="$2"
  mkdir -p "$rootfs/etc/ssl/certs" "$rootfs/tmp"
  chmod 1777 "$rootfs/tmp"
  install -m 0755 "$binary" "$rootfs/coredns"
  if [[ -f /etc/ssl/certs/ca-certificates.crt ]]; then
    install -m 0644 /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
  else
    warn "no /etc/ssl/certs/ca-certificates.crt on this machine: image gets no CA certificates (apt-get install ca-certificates)"
  fi
  printf '%s\n' 'root:x:0:0:root:/root:/sbin/nologin' 'nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin' \
    'nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin' >"$rootfs/etc/passwd"
  printf '%s\n' 'root:x:0:' 'nogroup:x:65534:' 'nonroot:x:65532:' >"$rootfs/etc/group"
}

import_image() {
  local version="$1" hash="$2" image rootfs built_on trimmed
  image="$(image_name "$version")"
  rootfs="$(version_dir "$version")/rootfs"
  rm -rf "$rootfs"
  write_rootfs "$rootfs" "$(version_dir "$version")/coredns"
  built_on="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  trimmed="$(trimmed_plugins "$version" | tr '\n' ' ' | sed 's/ $//')"
  tar --numeric-owner --owner=0 --group=0 --sort=name --mtime=@0 -C "$rootfs" -c . \
    | docker import \
      --change 'ENTRYPOINT ["/coredns"]' \
      --change 'EXPOSE 53 53/udp' \
      --change "LABEL org.opencontainers.image.title=coredns org.opencontainers.image.version=$version" \
      --change "LABEL org.opencontainers.image.source=https://github.com/coredns/coredns/tree/v$version" \
      --change "LABEL org.opencontainers.image.created=$built_on" \
      --change "LABEL $LABEL_PREFIX.source=$COREDNS_MODULE@v$version $LABEL_PREFIX.go=$GO_VERSION" \
      --change "LABEL $LABEL_PREFIX.build-date=$built_on $LABEL_PREFIX.inputs=$hash" \
      --change "LABEL $LABEL_PREFIX.trimmed-plugins=\"${trimmed:-none}\"" \
      --message "CoreDNS $version built offline by scripts/lib/coredns.sh" \
      - "$image" >/dev/null
  rm -rf "$rootfs"
  local reported
  reported="$(docker run --rm "$image" -version 2>&1)"
  reported="${reported%%$'\n'*}"
  if [[ "$reported" != "CoreDNS-$version" ]]; then
    # Untag it, so that the next run does not take it for a good cached image.
    docker image rm "$image" >/dev/null 2>&1 || true
    die "image $image: 'docker run --rm $image -version' printed '$reported', expected 'CoreDNS-$version' (image removed)"
  fi
}

# ---------------------------------------------------------------------------------------------
# Per version, with a result line for the summary table

declare -A RESULT=() BUILD_TIME=() IMAGE_SIZE=()

result_file() { printf '%s/.result.%s\n' "$COREDNS_CACHE" "$1"; }

# Runs in a subshell (so that a failing version does not end the run): reports its outcome to the
# parent through result_file: result, Go build time, image size, one a line.
build_version() {
  local version="$1" force="$2" hash state started image build_time result
  hash="$(inputs_hash "$version")"
  image="$(image_name "$version")"
  log "=== CoreDNS $version -> $image"
  print_trim_notes "$version"
  state="$(binary_state "$version" "$hash")"
  [[ "$force" == true ]] && state="build (--force)"
  if [[ "$state" == cached ]]; then
    log "  $version: binary cached ($(version_dir "$version")/coredns, inputs $hash): no Go build"
    build_time="cached"
  else
    log "  $version: $state"
    started="$(now_ms)"
    build_binary "$version" "$hash"
    build_time="$(seconds_since "$started") s"
    log "  $version: binary built and checked in $build_time"
  fi
  if [[ "$force" != true && "$(image_stamp "$image")" == "$hash" ]]; then
    log "  $version: image $image already has label $LABEL_PREFIX.inputs=$hash: no import"
    result="ok (image cached)"
  else
    started="$(now_ms)"
    import_image "$version" "$hash"
    log "  $version: imported and checked $image in $(seconds_since "$started") s"
    result="ok"
  fi
  printf '%s\n' "$result" "$build_time" \
    "$(human_size "$(docker image inspect --format '{{.Size}}' "$image")")" >"$(result_file "$version")"
}

print_summary() {
  local version trimmed
  log "summary (binaries and stamps under $COREDNS_CACHE):"
  printf '  %-8s %-20s %-11s %-10s %s\n' VERSION RESULT "GO BUILD" "IMAGE" "PLUGINS LEFT OUT"
  for version in "$@"; do
    trimmed="$(trimmed_plugins "$version" | tr '\n' ' ')"
    printf '  %-8s %-20s %-11s %-10s %s\n' "$version" "${RESULT[$version]:-not reached}" \
      "${BUILD_TIME[$version]:--}" "${IMAGE_SIZE[$version]:--}" "${trimmed:-none}"
  done
}

usage() {
  cat <<EOF
Usage: scripts/lib/coredns.sh [--force] [--list] [VERSION ...]

Builds $(image_name '<version>') from CoreDNS's own Go module source with the
local Go toolchain (no registry, no toolchain download). Default: every version of
COREDNS_VERSIONS ($COREDNS_VERSIONS).
Binaries, stamps and Go caches live under \$ISTIOCOREDNS_CACHE ($ISTIOCOREDNS_CACHE).

  --list    print the pinned versions, one a line, and exit
  --force   rebuild binaries and re-import images even if current
  -h|--help this text
EOF
}

on_exit() {
  local status=$?
  report_failed_step "$status"
}

main() {
  local force=false argument version failed=0
  local -a versions=()
  for argument in "$@"; do
    case "$argument" in
      --list) tr ' ' '\n' <<<"$COREDNS_VERSIONS"; return 0 ;;
      --force) force=true ;;
      -h | --help) usage; return 0 ;;
      -*) usage >&2; die "unknown option '$argument'" ;;
      *) versions+=("$(normalize_version "$argument")") ;;
    esac
  done
  if ((${#versions[@]} == 0)); then read -r -a versions <<<"$COREDNS_VERSIONS"; fi

  trap on_exit EXIT
  GO_BIN="$(go_binary "Go >= 1.25 is needed for 1.14.x")"
  GO_VERSION="$("$GO_BIN" env GOVERSION)"
  require_docker
  require_command tar "apt-get install tar"
  mkdir -p "$COREDNS_CACHE" "$GO_CACHE_ROOT"
  lock_target coredns
  log "Go $GO_VERSION ($GO_BIN), GOPROXY=$(run_go env GOPROXY), caches under $GO_CACHE_ROOT"

  local started status
  local -a outcome
  for version in "${versions[@]}"; do
    started="$(now_ms)"
    rm -f "$(result_file "$version")"
    # A subshell with its own errexit: a failing version is recorded and the others still run.
    set +e
    (
      set -eE
      trap 'warn "failed (exit $?): $BASH_COMMAND (scripts/lib/coredns.sh line $LINENO)"' ERR
      build_version "$version" "$force"
    )
    status=$?
    set -e
    if [[ $status -eq 0 && -f "$(result_file "$version")" ]]; then
      mapfile -t outcome <"$(result_file "$version")"
      RESULT[$version]="${outcome[0]}"
      BUILD_TIME[$version]="${outcome[1]}"
      IMAGE_SIZE[$version]="${outcome[2]}"
      log "=== CoreDNS $version done in $(seconds_since "$started") s"
    else
      RESULT[$version]="FAILED (exit $status)"
      failed=$((failed + 1))
      warn "CoreDNS $version failed after $(seconds_since "$started") s (messages above); continuing with the others"
    fi
    rm -f "$(result_file "$version")"
  done
  print_summary "${versions[@]}"
  if ((failed > 0)); then die "$failed of ${#versions[@]} CoreDNS versions failed"; fi
}

main "$@"
