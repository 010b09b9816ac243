#!/usr/bin/env bash
# offline-images-target: Istio's CRDs (crd-all.gen.yaml) for the catalog's Istio version, from Istio's Go modules (no build, not an image)
#
# Writes $ISTIOCOREDNS_CACHE/istio/<version>/crd-all.gen.yaml, <version> being the Istio version the
# variant catalog pins (platform.istio.version in e2e-tests/src/main/resources/catalog/variants.yaml),
# so that the API-server tier can install Istio's CRDs without Helm and without a network. The file is
# taken unchanged from a Go module zip (`go mod download`, nothing is built), trying in this order:
#
#   1. istio.io/istio at the release tag <version>: the base chart's own file
#      (manifests/charts/base/files/crd-all.gen.yaml; manifests/charts/base/crds/ before 1.24).
#      Istio tags are not semantic versions (`1.30.5`, no `v`), so a proxy has to resolve the tag
#      to a pseudo-version; proxies that only serve what they hold refuse it.
#   2. istio.io/api at v<version>: kubernetes/customresourcedefinitions.gen.yaml, the file Istio's
#      bin/update_crds.sh copies into the chart unchanged from the istio.io/api commit its go.mod pins.
#   3. istio.io/api at the newest v<major>.<minor>.<patch> of the same minor the proxy serves, with a
#      warning: a patch release of Istio rarely changes a CRD, but it is not the pinned patch.
#
# Never a development snapshot (istio.io/istio@latest is a pseudo-version of master, another minor).
# Where the file came from is recorded in the stamp next to it (crd-all.gen.yaml.stamp) and printed.
#
# Usage: scripts/lib/istio-crds.sh [--force] [--print-version] [--print-path]
# Env:   ISTIOCOREDNS_CACHE (see common.sh); GO (the go binary, default: go on PATH, else
#        /usr/local/go/bin/go); GOPROXY as configured for `go env`.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PROJECT_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
LOG_TAG="offline-images/istio-crds"
# shellcheck source=common.sh source-path=SCRIPTDIR
source "$SCRIPT_DIR/common.sh"
: "${ISTIOCOREDNS_CACHE:=$HOME/.cache/istiocoredns}"

# Bump when a change to the steps below changes the output, so that cached files are replaced.
ISTIO_CRDS_RECIPE=1
CATALOG="$PROJECT_ROOT/e2e-tests/src/main/resources/catalog/variants.yaml"
ISTIO_CACHE="$ISTIOCOREDNS_CACHE/istio"
CHART_CRD_PATHS="manifests/charts/base/files/crd-all.gen.yaml manifests/charts/base/crds/crd-all.gen.yaml"
API_CRD_PATH="kubernetes/customresourcedefinitions.gen.yaml"
# The CRD the project's manifests depend on most; its absence means a wrong file.
SENTINEL_CRD="serviceentries.networking.istio.io"

# ---------------------------------------------------------------------------------------------
# Small helpers


# Only `go mod download` runs; -modcacherw: the module cache can be deleted with rm -rf.
run_go() { run_go_with_flags "-modcacherw" "$@"; }

# platform.istio.version of the catalog: the single place the project pins Istio.
catalog_istio_version() {
  local version
  [[ -f "$CATALOG" ]] || die "variant catalog not found at $CATALOG (it pins the Istio version)"
  version="$(awk '/^platform:/ { in_platform = 1; next }
                  in_platform && /^[^ #]/ { exit }
                  in_platform && /^  istio:/ { in_istio = 1; next }
                  in_istio && /^  [^ ]/ { exit }
                  in_istio && /^    version:/ { print $2; exit }' "$CATALOG")"
  version="${version//\"/}"
  [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] \
    || die "no Istio version X.Y.Z at platform.istio.version in $CATALOG; seen '$version'"
  printf '%s\n' "$version"
}

output_dir() { printf '%s/%s\n' "$ISTIO_CACHE" "$ISTIO_VERSION"; }
output_file() { printf '%s/crd-all.gen.yaml\n' "$(output_dir)"; }
stamp_file() { printf '%s.stamp\n' "$(output_file)"; }

# ---------------------------------------------------------------------------------------------
# Sources

# Prints the module's directory in the module cache; on failure prints go's message and returns 1.
download_module() {
  local module_at_version="$1" json dir resolved
  if ! json="$(cd "$ISTIO_CACHE" && run_go mod download -json "$module_at_version" 2>&1)"; then
    # go prints the reason as a JSON string ("Error") or as a plain line ("go: ...").
    printf '%s\n' "$json" | sed -n -e 's/^[[:space:]]*"Error": "\(.*\)",\{0,1\}$/\1/p' -e 's/^go: //p' \
      | sed 's/\\n\\t/ /g; s/\\n/ /g' | head -n 1
    return 1
  fi
  dir="$(printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')"
  resolved="$(printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"Version": "\(.*\)",\{0,1\}$/\1/p')"
  [[ -n "$dir" ]] || { printf 'no Dir in: %s\n' "$json"; return 1; }
  printf '%s %s\n' "$dir" "$resolved"
}

# Newest v<minor>.N of istio.io/api the proxy lists, e.g. v1.30.8 for 1.30.
newest_api_patch_of_minor() {
  local minor="${ISTIO_VERSION%.*}"
  run_go list -m -versions istio.io/api 2>/dev/null | tr ' ' '\n' \
    | grep -E "^v${minor//./\\.}\.[0-9]+$" | sort -V | tail -n 1
}

# Sets SOURCE_MODULE, SOURCE_VERSION, SOURCE_FILE, SOURCE_NOTE from the first source that works,
# else dies listing every attempt.
find_source() {
  local attempts="" answer dir resolved path candidate
  answer="$(download_module "istio.io/istio@$ISTIO_VERSION")" && {
    read -r dir resolved <<<"$answer"
    for path in $CHART_CRD_PATHS; do
      if [[ -f "$dir/$path" ]]; then
        set_source istio.io/istio "$resolved (tag $ISTIO_VERSION)" "$dir/$path" "the base chart's file of Istio $ISTIO_VERSION"
        return 0
      fi
    done
    answer="none of $CHART_CRD_PATHS in it"
  }
  attempts+=$'\n'"  istio.io/istio@$ISTIO_VERSION: $answer"

  answer="$(download_module "istio.io/api@v$ISTIO_VERSION")" && {
    read -r dir resolved <<<"$answer"
    if [[ -f "$dir/$API_CRD_PATH" ]]; then
      set_source istio.io/api "$resolved" "$dir/$API_CRD_PATH" "istio/api's generated CRDs of $ISTIO_VERSION, which the base chart copies unchanged"
      return 0
    fi
    answer="no $API_CRD_PATH in it"
  }
  attempts+=$'\n'"  istio.io/api@v$ISTIO_VERSION: $answer"

  candidate="$(newest_api_patch_of_minor)"
  if [[ -n "$candidate" ]]; then
    answer="$(download_module "istio.io/api@$candidate")" && {
      read -r dir resolved <<<"$answer"
      if [[ -f "$dir/$API_CRD_PATH" ]]; then
        warn "neither Istio $ISTIO_VERSION module is served by $(run_go env GOPROXY):${attempts}"
        warn "using istio.io/api@$resolved, the newest ${ISTIO_VERSION%.*} patch it serves, instead of $ISTIO_VERSION"
        set_source istio.io/api "$resolved" "$dir/$API_CRD_PATH" \
          "FALLBACK: istio/api's generated CRDs of $resolved (not $ISTIO_VERSION: that version is not served)"
        return 0
      fi
      answer="no $API_CRD_PATH in it"
    }
    attempts+=$'\n'"  istio.io/api@$candidate: $answer"
  else
    attempts+=$'\n'"  istio.io/api: the proxy lists no v${ISTIO_VERSION%.*}.N version"
  fi
  die "no source of Istio ${ISTIO_VERSION}'s CRDs could be downloaded from $(run_go env GOPROXY):${attempts}"
}

set_source() {
  SOURCE_MODULE="$1"
  SOURCE_VERSION="$2"
  SOURCE_FILE="$3"
  SOURCE_NOTE="$4"
}

# The file must be a stream of CustomResourceDefinitions that contains the sentinel CRD.
check_crd_file() {
  local file="$1" documents crds
  documents="$(grep -c '^kind: ' "$file" || true)"
  crds="$(grep -c '^kind: CustomResourceDefinition$' "$file" || true)"
  ((crds > 0 && crds == documents)) \
    || die "$file: expected only CustomResourceDefinitions, seen $crds CRDs among $documents documents"
  grep -q "^  name: $SENTINEL_CRD\$" "$file" \
    || die "$file holds no CRD named $SENTINEL_CRD: not Istio's networking CRDs"
}

crd_names() { sed -n 's/^  name: \(.*\.istio\.io\)$/\1/p' "$1"; }

# ---------------------------------------------------------------------------------------------
# Main

is_current() {
  local file stamp
  file="$(output_file)"
  stamp="$(stamp_file)"
  [[ -f "$file" && -f "$stamp" ]] || return 1
  [[ "$(stamp_value "$stamp" recipe)" == "$ISTIO_CRDS_RECIPE" ]] || return 1
  [[ "$(stamp_value "$stamp" sha256)" == "$(sha256sum "$file" | cut -d' ' -f1)" ]]
}

fetch_crds() {
  local temporary
  find_source
  check_crd_file "$SOURCE_FILE"
  mkdir -p "$(output_dir)"
  temporary="$(output_file).tmp.$$"
  cp "$SOURCE_FILE" "$temporary"
  publish_atomically "$temporary" "$(output_file)"
  write_stamp "$(stamp_file)" "recipe=$ISTIO_CRDS_RECIPE" "istio=$ISTIO_VERSION" \
    "module=$SOURCE_MODULE" "module_version=$SOURCE_VERSION" \
    "module_file=${SOURCE_FILE#"$GO_CACHE_ROOT/mod/"}" "note=$SOURCE_NOTE" \
    "sha256=$(sha256sum "$(output_file)" | cut -d' ' -f1)" "crds=$(crd_names "$(output_file)" | wc -l)" \
    "fetched=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
}

usage() {
  cat <<EOF
Usage: scripts/lib/istio-crds.sh [--force] [--print-version] [--print-path]

Writes Istio's CRDs for the Istio version of the variant catalog to
  \$ISTIOCOREDNS_CACHE/istio/<version>/crd-all.gen.yaml   (now: $ISTIO_CACHE/<version>/)
from Istio's Go modules (go mod download only). Skipped when the file and its stamp are current.

  --force          fetch again even if current
  --print-version  print the catalog's Istio version and exit
  --print-path     print the path of the CRD file and exit (whether it exists or not)
  -h|--help        this text
EOF
}

on_exit() {
  local status=$?
  report_failed_step "$status"
}

main() {
  local force=false argument
  for argument in "$@"; do
    case "$argument" in
      --force) force=true ;;
      --print-version) catalog_istio_version; return 0 ;;
      --print-path) ISTIO_VERSION="$(catalog_istio_version)"; output_file; return 0 ;;
      -h | --help) usage; return 0 ;;
      *) usage >&2; die "unknown argument '$argument'" ;;
    esac
  done

  trap on_exit EXIT
  ISTIO_VERSION="$(catalog_istio_version)"
  log "Istio $ISTIO_VERSION (platform.istio.version of ${CATALOG#"$PROJECT_ROOT/"}) -> $(output_file)"
  if [[ "$force" != true ]] && is_current; then
    log "  current (stamp $(stamp_file)): $(stamp_value "$(stamp_file)" module)@$(stamp_value "$(stamp_file)" module_version); nothing to do"
    return 0
  fi
  GO_BIN="$(go_binary "only 'go mod download' is used")"
  mkdir -p "$ISTIO_CACHE" "$GO_CACHE_ROOT"
  lock_target istio-crds
  run_step "fetch Istio's CRDs from a Go module" fetch_crds
  log "  source: $SOURCE_MODULE@$SOURCE_VERSION: $SOURCE_NOTE"
  log "  $(crd_names "$(output_file)" | wc -l) CRDs, $(human_size "$(stat -c %s "$(output_file)")"), sha256 $(stamp_value "$(stamp_file)" sha256 | cut -c1-16)..."
  crd_names "$(output_file)" | sed 's/^/    /'
}

main "$@"
