#!/usr/bin/env bash
# Smoke test of what the API-server tier gets offline: starts the etcd and kube-apiserver that
# scripts/lib/kube-binaries.sh published for kube-api-test, on loopback only (random free ports, a
# temporary directory), installs the Istio CRDs of scripts/lib/istio-crds.sh with the built kubectl
# and checks that the server answers as the pinned version, that every CRD becomes Established, and
# that the CRDs' schema and CEL rules are enforced (one ServiceEntry accepted, one rejected with
# Istio's own message). Stops every process it started, by PID, also on failure or Ctrl-C.
# The servers are started by test-apiserver.sh in this folder.
#
# Usage: scripts/kube/smoke-test.sh [--keep]   (--keep: leave the temporary directory, with logs)
# Env:   ISTIOCOREDNS_CACHE, KUBEAPITEST_DIR as for the two scripts above.
# Exit:  0 when every check passed; 1 naming the first check that failed.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
LIB_DIR="$(cd "$SCRIPT_DIR/../lib" && pwd)"
LOG_TAG="kube-smoke-test"
# shellcheck source=../lib/common.sh source-path=SCRIPTDIR
source "$LIB_DIR/common.sh"
# shellcheck source=test-apiserver.sh source-path=SCRIPTDIR
source "$SCRIPT_DIR/test-apiserver.sh"

# Of the ServiceEntry CRD's CEL rules (istio/api kubernetes/customresourcedefinitions.gen.yaml).
EXPECTED_REJECTION="NONE mode cannot set endpoints"

TEMP_DIR=""
KEEP_TEMP_DIR=false
declare -a TIMINGS=()

# ---------------------------------------------------------------------------------------------
# Cleanup

cleanup() {
  local status=$?
  # Before stopping: afterwards the logs end in shutdown messages.
  if [[ $status -ne 0 && -n "$TEMP_DIR" ]]; then
    show_log_tail etcd
    show_log_tail kube-apiserver
  fi
  stop_started_processes
  if [[ -n "$TEMP_DIR" ]]; then
    if [[ "$KEEP_TEMP_DIR" == true ]]; then
      log "kept $TEMP_DIR (logs: etcd.log, kube-apiserver.log; kubeconfig)"
    else
      rm -rf "$TEMP_DIR"
    fi
  fi
  report_failed_step "$status"
}

# ---------------------------------------------------------------------------------------------
# Checks

check_server_version() {
  local version
  version="$(kubectl get --raw /version | sed -n 's/^[[:space:]]*"gitVersion": "\(.*\)",\{0,1\}$/\1/p')"
  [[ "$version" == "v$KUBERNETES_VERSION" ]] \
    || die "the API server reports gitVersion '$version' at /version, expected 'v$KUBERNETES_VERSION'"
  log "  API server reports $version"
}

check_serviceentry_crd() {
  local seen
  seen="$(kubectl get crd serviceentries.networking.istio.io -o name)"
  [[ "$seen" == "customresourcedefinition.apiextensions.k8s.io/serviceentries.networking.istio.io" ]] \
    || die "kubectl get crd serviceentries.networking.istio.io printed '$seen'"
  log "  kubectl get crd serviceentries.networking.istio.io: $seen"
}

service_entry() {
  local name="$1" resolution="$2"
  cat <<EOF
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: $name
  namespace: default
spec:
  hosts: [smoke.internal]
  location: MESH_INTERNAL
  ports: [{number: 80, name: http, protocol: HTTP}]
  endpoints: [{address: 10.96.1.1}]
  resolution: $resolution
EOF
}

# A ServiceEntry that the schema accepts must be created; one that breaks a CEL rule must be
# refused with Istio's message (so the check fails if CEL were not evaluated).
check_crd_validation() {
  local output
  service_entry smoke-valid STATIC | kubectl create --dry-run=server -f - >"$TEMP_DIR/valid.out" 2>&1 \
    || die "a valid ServiceEntry (resolution STATIC, one endpoint) was rejected: $(cat "$TEMP_DIR/valid.out")"
  log "  valid ServiceEntry accepted: $(cat "$TEMP_DIR/valid.out")"
  if output="$(service_entry smoke-broken NONE | kubectl create --dry-run=server -f - 2>&1)"; then
    die "a ServiceEntry with resolution NONE and endpoints was accepted, expected rejection '$EXPECTED_REJECTION': $output"
  fi
  [[ "$output" == *"$EXPECTED_REJECTION"* ]] \
    || die "the broken ServiceEntry was rejected, but not with '$EXPECTED_REJECTION': $output"
  log "  broken ServiceEntry rejected: $output"
}

timed() {
  local label="$1" started
  shift
  started="$(now_ms)"
  "$@"
  TIMINGS+=("$label: $(format_duration $(($(now_ms) - started)))")
}

main() {
  local argument
  for argument in "$@"; do
    case "$argument" in
      --keep) KEEP_TEMP_DIR=true ;;
      -h | --help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'; return 0 ;;
      *) die "unknown argument '$argument' (expected --keep or --help)" ;;
    esac
  done
  kube_test_inputs
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  TEMP_DIR="$(mktemp -d -t kube-smoke.XXXXXX)"
  log "Kubernetes $KUBERNETES_VERSION from $BIN; CRDs from $CRD_FILE; scratch $TEMP_DIR"

  run_step "start etcd" timed "etcd ready" start_etcd
  run_step "write client credentials" write_credentials
  run_step "start kube-apiserver" timed "kube-apiserver ready" start_apiserver
  run_step "check the server version" check_server_version
  run_step "install Istio's CRDs" timed "CRDs applied and Established" install_crds
  run_step "check the ServiceEntry CRD" check_serviceentry_crd
  run_step "check schema and CEL validation" check_crd_validation
  log "timings: $(IFS=';'; printf '%s' "${TIMINGS[*]}" | sed 's/;/; /g')"
  log "PASSED"
}

main "$@"
