# shellcheck shell=bash
# A throwaway etcd + kube-apiserver on loopback, from the binaries scripts/lib/kube-binaries.sh
# publishes for kube-api-test, with Istio's CRDs of scripts/lib/istio-crds.sh: what
# scripts/kube/smoke-test.sh checks and what scripts/lib/istio-coredns-plugin.sh runs its plugin
# against. Sourced, never executed; the caller sources common.sh first.
#
# The caller sets LIB_DIR (scripts/lib) and TEMP_DIR (a fresh directory that holds every file and
# log), calls kube_test_inputs, then start_etcd, write_credentials, start_apiserver, install_crds,
# and stop_started_processes from its EXIT trap. Ports are random free ones on 127.0.0.1.
# Afterwards: kubectl (a function: admin, system:masters), API_SERVER_PORT, ETCD_CLIENT_PORT,
# $TEMP_DIR/serving-certs/apiserver.crt (the server's self-signed certificate and its CA).

ETCD_READY_SECONDS=30
APISERVER_READY_SECONDS=90
CRDS_ESTABLISHED_SECONDS=60
STOP_GRACE_SECONDS=10
# The article's kube-dns range (FACTS §4), so that nothing here depends on k3s's.
SERVICE_CLUSTER_IP_RANGE="10.96.0.0/12"

declare -a STARTED_PIDS=()

# ---------------------------------------------------------------------------------------------
# Processes

stop_process() {
  local pid="$1" waited=0
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null && ((waited < STOP_GRACE_SECONDS * 10)); do
    sleep 0.1
    waited=$((waited + 1))
  done
  if kill -0 "$pid" 2>/dev/null; then
    warn "process $pid did not stop within $STOP_GRACE_SECONDS s of SIGTERM: sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

# Newest first: the API server before the etcd it writes to.
stop_started_processes() {
  local index
  for ((index = ${#STARTED_PIDS[@]} - 1; index >= 0; index--)); do
    stop_process "${STARTED_PIDS[$index]}"
  done
  STARTED_PIDS=()
}

show_log_tail() {
  local name="$1"
  [[ -s "$TEMP_DIR/$name.log" ]] || return 0
  printf '[%s] last lines of %s.log:\n' "$LOG_TAG" "$name" >&2
  tail -n 15 "$TEMP_DIR/$name.log" | sed 's/^/    /' >&2
}

port_is_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A random unprivileged port nothing listens on and not handed out before in this run.
free_port() {
  local attempt port
  for ((attempt = 0; attempt < 50; attempt++)); do
    port=$((20000 + RANDOM % 40000))
    if port_is_free "$port" && [[ " ${HANDED_OUT_PORTS:-} " != *" $port "* ]]; then
      HANDED_OUT_PORTS="${HANDED_OUT_PORTS:-} $port"
      printf '%s\n' "$port"
      return 0
    fi
  done
  die "found no free port on 127.0.0.1 in 50 random tries between 20000 and 59999"
}

# Runs "$@" until it succeeds, once every 0.5 s, for at most $2 seconds.
wait_until() {
  local what="$1" seconds="$2" deadline
  shift 2
  deadline=$(($(now_ms) + seconds * 1000))
  until "$@" >/dev/null 2>&1; do
    (($(now_ms) < deadline)) || die "$what: not ready within $seconds s (last try: $*)"
    check_still_running
    sleep 0.5
  done
}

check_still_running() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do
    kill -0 "$pid" 2>/dev/null || die "process $pid ($(cat "$TEMP_DIR/pid-$pid.name")) exited early"
  done
}

start_background() {
  local name="$1" pid
  shift
  "$@" >"$TEMP_DIR/$name.log" 2>&1 &
  pid=$!
  STARTED_PIDS+=("$pid")
  printf '%s\n' "$name" >"$TEMP_DIR/pid-$pid.name"
  log "  started $name (pid $pid)"
}

# ---------------------------------------------------------------------------------------------
# Inputs

binary_dir() {
  local machine arch
  machine="$(uname -m)"
  case "$machine" in
    x86_64) arch=amd64 ;;
    aarch64) arch=arm64 ;;
    ppc64le) arch=ppc64le ;;
    *) die "no kube-api-test platform name for machine type $machine" ;;
  esac
  printf '%s/k8s/%s-linux-%s\n' "$(bash "$LIB_DIR/kube-binaries.sh" --print-dir)" "$KUBERNETES_VERSION" "$arch"
}

# Sets KUBERNETES_VERSION, BIN and CRD_FILE; dies naming the target to run when one is missing.
kube_test_inputs() {
  local name
  KUBERNETES_VERSION="$(bash "$LIB_DIR/kube-binaries.sh" --print-version)"
  BIN="$(binary_dir)"
  CRD_FILE="$(bash "$LIB_DIR/istio-crds.sh" --print-path)"
  for name in kube-apiserver etcd kubectl; do
    [[ -x "$BIN/$name" ]] || die "no executable $BIN/$name: run scripts/lib/kube-binaries.sh first"
  done
  [[ -f "$CRD_FILE" ]] || die "no CRD file at $CRD_FILE: run scripts/lib/istio-crds.sh first"
  require_command openssl "apt-get install openssl (client certificate for the test API server)"
  require_command curl "apt-get install curl (etcd health check)"
}

# ---------------------------------------------------------------------------------------------
# Servers

start_etcd() {
  ETCD_CLIENT_PORT="$(free_port)"
  local peer_port
  peer_port="$(free_port)"
  start_background etcd "$BIN/etcd" --name smoke --data-dir "$TEMP_DIR/etcd-data" \
    --listen-client-urls "http://127.0.0.1:$ETCD_CLIENT_PORT" \
    --advertise-client-urls "http://127.0.0.1:$ETCD_CLIENT_PORT" \
    --listen-peer-urls "http://127.0.0.1:$peer_port" \
    --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
    --initial-cluster "smoke=http://127.0.0.1:$peer_port"
  wait_until "etcd on 127.0.0.1:$ETCD_CLIENT_PORT" "$ETCD_READY_SECONDS" \
    etcd_is_healthy
}

etcd_is_healthy() {
  curl -fsS --max-time 2 "http://127.0.0.1:$ETCD_CLIENT_PORT/health" | grep -q '"health":"true"'
}

# A client CA and an admin client certificate (group system:masters), and the service-account key.
write_credentials() {
  local dir="$TEMP_DIR/pki"
  mkdir -p "$dir"
  openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=smoke-client-ca" \
    -keyout "$dir/client-ca.key" -out "$dir/client-ca.crt" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/O=system:masters/CN=smoke-admin" \
    -keyout "$dir/admin.key" -out "$dir/admin.csr" 2>/dev/null
  openssl x509 -req -days 1 -in "$dir/admin.csr" -CA "$dir/client-ca.crt" -CAkey "$dir/client-ca.key" \
    -CAcreateserial -out "$dir/admin.crt" 2>/dev/null
  openssl genrsa -out "$dir/service-account.key" 2048 2>/dev/null
}

start_apiserver() {
  local pki="$TEMP_DIR/pki"
  API_SERVER_PORT="$(free_port)"
  start_background kube-apiserver "$BIN/kube-apiserver" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$API_SERVER_PORT" \
    --cert-dir "$TEMP_DIR/serving-certs" \
    --etcd-servers "http://127.0.0.1:$ETCD_CLIENT_PORT" \
    --client-ca-file "$pki/client-ca.crt" --authorization-mode RBAC \
    --service-account-issuer https://kubernetes.default.svc \
    --service-account-key-file "$pki/service-account.key" \
    --service-account-signing-key-file "$pki/service-account.key" \
    --disable-admission-plugins ServiceAccount \
    --service-cluster-ip-range "$SERVICE_CLUSTER_IP_RANGE"
  # The serving certificate is the self-signed one kube-apiserver writes itself on first start;
  # kubectl does not verify it (loopback, throwaway server).
  kubectl config set-cluster smoke --server "https://127.0.0.1:$API_SERVER_PORT" \
    --insecure-skip-tls-verify=true >/dev/null
  kubectl config set-credentials smoke-admin --client-certificate "$pki/admin.crt" \
    --client-key "$pki/admin.key" --embed-certs=true >/dev/null
  kubectl config set-context smoke --cluster smoke --user smoke-admin >/dev/null
  kubectl config use-context smoke >/dev/null
  wait_until "kube-apiserver on 127.0.0.1:$API_SERVER_PORT" "$APISERVER_READY_SECONDS" \
    kubectl get --raw /readyz
}

kubectl() { "$BIN/kubectl" --kubeconfig "$TEMP_DIR/kubeconfig" --request-timeout=10s "$@"; }

install_crds() {
  local expected established
  local -a crd_names
  # Server-side: client-side apply would store each large CRD again in an annotation.
  kubectl apply --server-side --field-manager=smoke-test -f "$CRD_FILE" >"$TEMP_DIR/apply.out" 2>&1 \
    || die "kubectl apply --server-side -f $CRD_FILE failed: $(cat "$TEMP_DIR/apply.out")"
  expected="$(grep -c '^kind: CustomResourceDefinition$' "$CRD_FILE")"
  mapfile -t crd_names < <(sed -n 's/^  name: \(.*\.istio\.io\)$/crd\/\1/p' "$CRD_FILE")
  kubectl wait --for condition=Established --timeout "${CRDS_ESTABLISHED_SECONDS}s" "${crd_names[@]}" \
    >"$TEMP_DIR/wait.out" 2>&1 \
    || die "not all of Istio's CRDs became Established within $CRDS_ESTABLISHED_SECONDS s: $(cat "$TEMP_DIR/wait.out")"
  established="$(kubectl get crd -o name | grep -c '\.istio\.io$' || true)"
  [[ "$established" == "$expected" ]] \
    || die "expected $expected Istio CRDs from $CRD_FILE on the server, found $established"
  log "  $established Istio CRDs Established"
}
