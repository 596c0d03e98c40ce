#!/usr/bin/env bash
# Runs every test flowcoach has: the Swift unit and integration tests, then (when present) the
# end-to-end tests against a real Matrix homeserver. Safe to run again; it builds what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

swift build --build-tests
swift test --skip-build
