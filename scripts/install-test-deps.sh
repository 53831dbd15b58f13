#!/usr/bin/env bash
# Installs the real services the tests drive (Debian packages): the CNCF distribution registry,
# etcd, skopeo, the Docker engine, busybox-static for FROM-scratch test images, htpasswd, kubectl,
# aiosmtpd (the SMTP server the e-mail notification tests send to),
# and Chromium for the web console's browser tests (driven by playwright-core, which downloads nothing).
# The tests start each service themselves (test/support); this only makes sure they are installed.
set -euo pipefail
need=()
command -v docker-registry >/dev/null || need+=(docker-registry)
command -v etcd >/dev/null || need+=(etcd-server)
command -v etcdctl >/dev/null || need+=(etcd-client)
command -v skopeo >/dev/null || need+=(skopeo)
command -v dockerd >/dev/null || need+=(docker.io)
[ -x /bin/busybox ] || need+=(busybox-static)
command -v htpasswd >/dev/null || need+=(apache2-utils)
command -v openssl >/dev/null || need+=(openssl)
command -v kubectl >/dev/null || need+=(kubernetes-client)
/usr/bin/python3 -c "import kubernetes" 2>/dev/null || need+=(python3-kubernetes)
/usr/bin/python3 -c "import aiosmtpd" 2>/dev/null || need+=(python3-aiosmtpd)
[ -x /usr/bin/chromium ] || need+=(chromium fonts-dejavu-core)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "missing test tools: ${need[*]} (install them as root: apt-get install ${need[*]})" >&2
    exit 1
  fi
  echo "installing test tools: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
