#!/usr/bin/env bash
# Runs every test flowcoach has: the Swift unit and integration tests, then the end-to-end tests
# that drive the daemon through a real Synapse homeserver with real matrix-nio clients.
# Safe to run again: it builds what is missing and reuses the Python venv in .venv/.
set -euo pipefail
cd "$(dirname "$0")/.."

# libcurl's headers and pkg-config, when this machine lacks them.
bash scripts/setup.sh
swift build --build-tests
swift test --skip-build

if command -v systemd-analyze >/dev/null; then
    bash scripts/check-systemd.sh
else
    echo "systemd-analyze not installed: systemd/flowcoach.service not checked"
fi

if [ ! -x .venv/bin/pytest ] || ! cmp -s Tests/E2E/requirements.txt .venv/requirements.txt; then
    python3 -m venv .venv
    .venv/bin/pip install --quiet --disable-pip-version-check -r Tests/E2E/requirements.txt
    cp Tests/E2E/requirements.txt .venv/requirements.txt
fi
# The E2E tests run the daemon binary itself; Synapse and every process they start are stopped
# at the end, pass or fail.
PATH="$PWD/.venv/bin:$PATH" .venv/bin/python -m pytest -q Tests/E2E
