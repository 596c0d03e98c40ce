"""Operator errors stop the daemon with a clear message and the exit status the systemd unit
names in RestartPreventExitStatus=, instead of retrying forever."""
import time

import os

from harness import REPO, FlowCoach, http_json

BOT = "@flowcoach:localhost"
CREDENTIALS_REFUSED = 78


def wait_for_exit(daemon, timeout=60):
    deadline = time.time() + timeout
    while daemon.process.poll() is None and time.time() < deadline:
        time.sleep(0.2)
    return daemon.process.poll()


def test_a_wrong_token_stops_the_daemon_with_its_own_exit_status(synapse):
    daemon = FlowCoach(synapse, BOT, "syt_not_a_real_token")
    try:
        daemon.start(wait=False)
        assert wait_for_exit(daemon) == CREDENTIALS_REFUSED
        logs = daemon.logs()
        assert "M_UNKNOWN_TOKEN" in logs and "Check the access token" in logs, logs[-2000:]
    finally:
        daemon.close()


def test_a_token_revoked_while_running_stops_the_daemon(synapse):
    token = synapse.login("flowcoach")
    daemon = FlowCoach(synapse, BOT, token)
    try:
        daemon.start()
        http_json("POST", synapse.url + "/_matrix/client/v3/logout", {}, token=token)
        assert wait_for_exit(daemon) == CREDENTIALS_REFUSED
        assert "Check the access token" in daemon.logs()
    finally:
        daemon.close()


def test_the_unit_does_not_restart_on_refused_credentials():
    with open(os.path.join(REPO, "systemd", "flowcoach.service")) as f:
        unit = f.read()
    assert f"RestartPreventExitStatus={CREDENTIALS_REFUSED}" in unit
