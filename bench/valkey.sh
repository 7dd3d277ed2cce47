#!/usr/bin/env bash
# Prints the path of a valkey-server 8.1.1 — the server docker-compose.yml and k8s/ run (decision
# 0203) — building it once from Debian's source tarball (deb.debian.org, SHA-256 checked) into a
# cache directory. Takes about 3 minutes on 2 cores the first time, then nothing.
#
#   bench/valkey.sh            # -> e.g. /root/.cache/overdrive/valkey-8.1.1/valkey-server
#
# Needs curl, xz, make and a C compiler (apt-get install -y curl xz-utils make gcc). The stream
# benchmarks call it for their default `--server valkey`; OVERDRIVE_CACHE moves the cache.
set -euo pipefail
VERSION=8.1.1
TARBALL="valkey_${VERSION}+dfsg1.orig.tar.xz"
URL="http://deb.debian.org/debian/pool/main/v/valkey/$TARBALL" # Debian 13 (trixie)'s source
SHA256=d9bbd82eecb82f359e649a0007ad3dc1b47cc15afa626348ca86b73c4ae2c7ee
CACHE="${OVERDRIVE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/overdrive}"
BIN="$CACHE/valkey-$VERSION/valkey-server"

if [ ! -x "$BIN" ]; then
  for tool in curl xz make cc; do
    command -v "$tool" >/dev/null || {
      echo "bench/valkey.sh: '$tool' is missing (apt-get install -y curl xz-utils make gcc)" >&2
      exit 1
    }
  done
  src="$(mktemp -d)"
  trap 'rm -rf "$src"' EXIT
  echo "bench/valkey.sh: building valkey-server $VERSION into $(dirname "$BIN") (once)" >&2
  curl -fsSL -o "$src/$TARBALL" "$URL"
  echo "$SHA256  $src/$TARBALL" | sha256sum -c --quiet -
  tar -xJf "$src/$TARBALL" -C "$src"
  make -C "$src/valkey-$VERSION" -j"$(nproc)" BUILD_TLS=no USE_SYSTEMD=no >"$src/build.log" 2>&1 ||
    { tail -30 "$src/build.log" >&2; exit 1; }
  mkdir -p "$(dirname "$BIN")"
  cp "$src/valkey-$VERSION/src/valkey-server" "$BIN.tmp" && mv "$BIN.tmp" "$BIN"
fi
echo "$BIN"
