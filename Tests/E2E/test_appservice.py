"""flowcoach as a Matrix application service: the real Synapse pushes transactions to the listener."""
import asyncio
import json
import os
import secrets
import subprocess
import time
import urllib.error
import urllib.request

import pytest
import yaml

from harness import FlowCoach, Synapse, wait_until
from people import Employee

BOT = "@coachas:localhost"


@pytest.fixture(scope="module")
def appservice():
    synapse = Synapse()
    for user in ("amy", "ben", "cat"):
        synapse.register(user)
    as_token, hs_token = secrets.token_hex(24), secrets.token_hex(24)
    daemon = FlowCoach(synapse, BOT, as_token)
    matrix = dict(daemon.config["matrix"], mode="appservice", hs_token_env="FLOWCOACH_HS_TOKEN")
    daemon.configure(matrix=matrix)
    daemon.env["FLOWCOACH_HS_TOKEN"] = hs_token
    registration = subprocess.run([FlowCoach.BINARY, "appservice-registration", "--root", daemon.root],
                                  env=daemon.env, capture_output=True, text=True, timeout=60)
    assert registration.returncode == 0, registration.stderr
    assert hs_token in registration.stdout and f"127.0.0.1:{daemon.health_port}" in registration.stdout
    path = os.path.join(synapse.dir, "flowcoach-registration.yaml")
    with open(path, "w") as f:
        f.write(registration.stdout)
    with open(synapse.config) as f:
        config = yaml.safe_load(f)
    config["app_service_config_files"] = [path]
    with open(synapse.config, "w") as f:
        yaml.safe_dump(config, f)
    synapse.stop()
    synapse.start()
    daemon.start()
    yield synapse, daemon, hs_token
    daemon.close()
    synapse.close()


def run(coroutine):
    return asyncio.run(coroutine)


def test_a_pushed_dm_dialog(appservice):
    synapse, daemon, _ = appservice

    async def scenario():
        amy = Employee(synapse, "amy", BOT)
        await amy.login()
        room = await amy.open_dm()  # the invite arrives in a transaction; the bot joins
        assert "how confident" in await amy.ask(room, "coach feedback")
        assert "reinforce something good, or to change something?" in await amy.ask(room, "3")
        assert "Situation" in await amy.ask(room, "2")
        await amy.close()

    run(scenario())
    with urllib.request.urlopen(f"http://127.0.0.1:{daemon.health_port}/metrics", timeout=5) as response:
        metrics = response.read().decode()
    assert 'outcome="accepted"' in metrics and 'platform="matrix"' in metrics, "the messages came by push"


def test_kill_9_while_synapse_pushes_answers_every_message_exactly_once(appservice):
    synapse, daemon, _ = appservice

    async def scenario():
        ben = Employee(synapse, "ben", BOT)
        await ben.login()
        room = await ben.open_dm()
        assert "how confident" in await ben.ask(room, "coach delegation")
        daemon.kill()  # mid-conversation: the next pushes fail until it is back
        await ben.send(room, "3")
        await ben.send(room, "help")
        await asyncio.sleep(2)
        daemon.start()
        # Synapse retries the transactions it could not deliver; each message is answered once.
        replies = await ben.wait_for_replies(room, 3, timeout=90)
        await ben.collect(4.0)
        replies = ben.replies[room]
        assert len(replies) == 3, replies
        await ben.close()

    run(scenario())


def test_a_push_without_the_right_hs_token_is_refused_and_counted(appservice):
    _, daemon, hs_token = appservice
    url = f"http://127.0.0.1:{daemon.health_port}/_matrix/app/v1/transactions/forged-1"
    body = json.dumps({"events": [{"type": "m.room.message", "sender": "@amy:localhost", "event_id": "$forged", "room_id": "!x:localhost",
                                   "content": {"msgtype": "m.text", "body": "admin stats"}}]}).encode()
    for headers, status in (({}, 401), ({"Authorization": "Bearer " + hs_token[:-1] + "x"}, 403)):
        request = urllib.request.Request(url, data=body, method="PUT", headers=dict(headers, **{"Content-Type": "application/json"}))
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=5)
        assert refused.value.code == status
    with urllib.request.urlopen(f"http://127.0.0.1:{daemon.health_port}/metrics", timeout=5) as response:
        metrics = response.read().decode()
    assert 'outcome="bad_token"' in metrics and 'outcome="missing_token"' in metrics
    stored = open(os.path.join(daemon.state, "journal.jsonl")).read()
    assert "$forged" not in stored and hs_token not in daemon.logs()
