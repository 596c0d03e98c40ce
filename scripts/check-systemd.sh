#!/usr/bin/env bash
# Checks systemd/flowcoach.service with systemd-analyze (verify, and the offline security
# exposure score) against the binary just built. Prints the score; fails on verify errors.
set -euo pipefail
cd "$(dirname "$0")/.."
binary="$PWD/.build/debug/flowcoach"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sed "s|/usr/local/bin/flowcoach|$binary|" systemd/flowcoach.service > "$work/flowcoach.service"
systemd-analyze verify "$work/flowcoach.service"
systemd-analyze security --offline=yes "$work/flowcoach.service" | tail -n 1
