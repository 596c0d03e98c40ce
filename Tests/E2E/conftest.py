import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))

from harness import FlowCoach, Synapse  # noqa: E402


@pytest.fixture(scope="session")
def synapse():
    server = Synapse()
    server.register("flowcoach")
    for user in ("alice", "bob", "carol", "dave", "erin", "frank"):
        server.register(user)
    yield server
    server.close()


@pytest.fixture
def flowcoach(synapse):
    """A fresh daemon (new state) logged in as the bot, stopped after the test."""
    token = synapse.login("flowcoach")
    daemon = FlowCoach(synapse, "@flowcoach:localhost", token)
    daemon.start()
    yield daemon
    code = daemon.stop()
    if code not in (0, None):
        print(daemon.logs())
    daemon.close()
