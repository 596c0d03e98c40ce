#!/usr/bin/env bash
# Installs what building flowcoach needs besides Swift: libcurl's headers and pkg-config (the
# HTTP client is libcurl). Prints each command it runs; does nothing when both are present.
# Uses apt-get (Debian, Ubuntu), through sudo when not run as root. Safe to run again.
set -euo pipefail

# macOS has libcurl in its SDK.
[ "$(uname -s)" = Darwin ] && exit 0

missing=()
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
if command -v pkg-config >/dev/null 2>&1; then
    pkg-config --exists libcurl || missing+=(libcurl4-openssl-dev)
elif ! compgen -G '/usr/include/curl/curl.h' >/dev/null && ! compgen -G '/usr/include/*/curl/curl.h' >/dev/null; then
    missing+=(libcurl4-openssl-dev)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup: flowcoach needs ${missing[*]}; installing with apt-get" >&2
if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup: no apt-get here: install libcurl's development files and pkg-config with your package manager" >&2
    echo "       (e.g. 'dnf install libcurl-devel pkgconf', 'apk add curl-dev pkgconf'), then try again" >&2
    exit 1
fi
sudo=()
if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
        echo "setup: not root and no sudo: as root, run 'apt-get install ${missing[*]}'" >&2
        exit 1
    fi
    sudo=(sudo)
fi
run() {
    echo "+ $*" >&2
    "$@"
}
run ${sudo[@]+"${sudo[@]}"} apt-get update -qq
run ${sudo[@]+"${sudo[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "setup: done" >&2
