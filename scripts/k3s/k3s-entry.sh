#!/bin/sh
# Entrypoint of the offline k3s image (built by scripts/lib/k3s.sh; see scripts/k3s/README.md).
#
# For `server` and `agent` it does two things before handing over to /bin/k3s, and nothing else:
#
# 1. Remounts read-write whatever sysfs/cgroup mounts, and /proc/sys, Docker gave read-only. A --privileged
#    container gets them read-write already, so there this loop finds nothing to do. On a Docker
#    host whose capability bounding set lacks CAP_SYS_RESOURCE no container can be --privileged;
#    it is then started with (almost) all capabilities instead (--cap-add ALL --cap-drop
#    SYS_RESOURCE, seccomp and apparmor unconfined, ...) and these mounts arrive read-only, which
#    the kubelet cannot work with (it creates cgroups and writes sysfs), nor kube-proxy (it sets
#    sysctls such as net/ipv4/conf/all/route_localnet). Docker's CLI could leave /proc/sys writable
#    (--security-opt systempaths=unconfined), but that is no option of Docker's API, which
#    Testcontainers speaks: the remount does the same from inside.
# 2. Links the files the image brings for k3s's data directory (air-gap image tarballs, the
#    containerd config template, the flannel CNI config) from /usr/share/k3s-offline into it,
#    unless a file of that name is there already. They are kept outside the data directory so that
#    a volume, tmpfs or bind mount over /var/lib/rancher/k3s does not hide them.
#
# Every other command (`--version`, `kubectl`, ...) goes straight to /bin/k3s.
set -eu

OFFLINE_FILES=/usr/share/k3s-offline

say() { printf 'k3s-entry: %s\n' "$*" >&2; }

case "${1:-}" in
  server | agent) ;;
  *) exec /bin/k3s "$@" ;;
esac

# The data directory as k3s will see it: --data-dir/-d, else K3S_DATA_DIR, else the default.
data_dir="${K3S_DATA_DIR:-/var/lib/rancher/k3s}"
previous=""
for argument in "$@"; do
  case "$previous" in
    --data-dir | -d) data_dir="$argument" ;;
  esac
  case "$argument" in
    --data-dir=* | -d=*) data_dir="${argument#*=}" ;;
  esac
  previous="$argument"
done

remount_read_write() {
  mount_table="$(cat /proc/mounts)"
  printf '%s\n' "$mount_table" | while read -r _ target fstype options _; do
    case "$fstype:$target" in
      sysfs:* | cgroup:* | cgroup2:* | proc:/proc/sys) ;;
      *) continue ;;
    esac
    case ",$options," in
      *,ro,*) ;;
      *) continue ;;
    esac
    if [ "$fstype" = sysfs ]; then
      mount -o remount,rw "$target" || say "cannot remount $target read-write"
    else
      mount -o remount,rw,bind "$target" || say "cannot remount $target read-write"
    fi
  done
}

link_if_absent() {
  source_file="$1" target_file="$2"
  if [ ! -e "$target_file" ] && [ ! -L "$target_file" ]; then
    ln -s "$source_file" "$target_file"
  fi
}

install_offline_files() {
  mkdir -p "$data_dir/agent/images" "$data_dir/agent/etc/containerd" "$data_dir/agent/etc/cni/net.d"
  for image_file in "$OFFLINE_FILES"/images/*; do
    [ -e "$image_file" ] || continue
    link_if_absent "$image_file" "$data_dir/agent/images/${image_file##*/}"
  done
  link_if_absent "$OFFLINE_FILES/containerd/config-v3.toml.tmpl" \
    "$data_dir/agent/etc/containerd/config-v3.toml.tmpl"
  link_if_absent "$OFFLINE_FILES/cni/05-flannel.conflist" "$data_dir/agent/etc/cni/net.d/05-flannel.conflist"
}

remount_read_write
install_offline_files
exec /bin/k3s "$@"
