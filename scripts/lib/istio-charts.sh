#!/usr/bin/env bash
# offline-images-target: Istio's Helm charts base and istiod from a snapshot of istio.io/istio (no build, not an image), for checking the chart install on the local node
#
# Copies manifests/charts/base and manifests/charts/istio-control/istio-discovery (the chart named
# istiod) from the Go module zip of istio.io/istio at ISTIO_CHARTS_MODULE_VERSION into
# $ISTIOCOREDNS_CACHE/istio-charts/<that version>/{base,istiod}/, unchanged. The node tier packages
# them, serves them from a Helm repository on loopback and installs them with the suite's own
# IstioInstaller and manifests/istio/istiod-values.yaml.
#
# Why a snapshot: the release charts (istio-release.storage.googleapis.com) and the release tags of
# istio.io/istio (`1.30.5`, not semantic versions) cannot be had here; the Go module proxy serves
# only pseudo-versions of master. So this checks the install mechanics and today's chart values
# against a development Istio (about 1.31), not against the catalog's pinned release.
#
# Usage: scripts/lib/istio-charts.sh [--force] [--print-dir] [--print-module-version]
# Env:   ISTIOCOREDNS_CACHE (see common.sh); GO; GOPROXY as configured for `go env`.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
LOG_TAG="offline-images/istio-charts"
# shellcheck source=common.sh source-path=SCRIPTDIR
source "$SCRIPT_DIR/common.sh"

# The newest pseudo-version of istio.io/istio this machine's proxy served on 2026-11-26 (master of
# 2026-08-27; its VERSION file is not a release).
ISTIO_CHARTS_MODULE_VERSION="v0.0.0-20260827124520-eed52ebb66ad"
ISTIO_MODULE="istio.io/istio"
CHARTS_DIR="$ISTIOCOREDNS_CACHE/istio-charts/$ISTIO_CHARTS_MODULE_VERSION"
STAMP="$CHARTS_DIR/stamp"

main() {
  local force=false argument source
  for argument in "$@"; do
    case "$argument" in
      --force) force=true ;;
      --print-dir) printf '%s\n' "$CHARTS_DIR"; return 0 ;;
      --print-module-version) printf '%s\n' "$ISTIO_CHARTS_MODULE_VERSION"; return 0 ;;
      -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; return 0 ;;
      *) die "unknown argument '$argument'" ;;
    esac
  done
  if [[ "$force" == false && -f "$CHARTS_DIR/base/Chart.yaml" && -f "$CHARTS_DIR/istiod/Chart.yaml" && -f "$STAMP" ]]; then
    log "current: $CHARTS_DIR (from $ISTIO_MODULE@$ISTIO_CHARTS_MODULE_VERSION)"
    return 0
  fi
  GO_BIN="$(go_binary "Go is needed to download Go modules")"
  source="$(go_module_source_dir "$ISTIO_MODULE@$ISTIO_CHARTS_MODULE_VERSION")" || exit 1
  [[ -d "$source/manifests/charts/base" && -d "$source/manifests/charts/istio-control/istio-discovery" ]] \
    || die "$ISTIO_MODULE@$ISTIO_CHARTS_MODULE_VERSION has no manifests/charts/base or istio-control/istio-discovery"
  rm -rf "$CHARTS_DIR.new"
  mkdir -p "$CHARTS_DIR.new"
  cp -r "$source/manifests/charts/base" "$CHARTS_DIR.new/base"
  cp -r "$source/manifests/charts/istio-control/istio-discovery" "$CHARTS_DIR.new/istiod"
  chmod -R u+w "$CHARTS_DIR.new"
  grep -q '^name: istiod$' "$CHARTS_DIR.new/istiod/Chart.yaml" || die "istio-discovery's Chart.yaml does not name the chart istiod"
  write_stamp "$CHARTS_DIR.new/stamp" "module=$ISTIO_MODULE@$ISTIO_CHARTS_MODULE_VERSION" "copied=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  rm -rf "$CHARTS_DIR"
  mv "$CHARTS_DIR.new" "$CHARTS_DIR"
  log "charts base and istiod of $ISTIO_MODULE@$ISTIO_CHARTS_MODULE_VERSION in $CHARTS_DIR"
}

main "$@"
