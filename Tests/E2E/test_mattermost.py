"""flowcoach on Mattermost, driven through `mattermost_emulator.py` (an emulator written from
Mattermost's documented API v4, not a live server): direct messages polled, channel mentions
through an outgoing webhook, restarts, outages, rate limits and hostile text."""
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import time
import urllib.request

import pytest

from harness import REPO, FlowCoach, wait_until
from mattermost_emulator import MattermostEmulator, mentions

WEBHOOK_TOKEN = "hook-token-3f9a"


class MattermostCoach(FlowCoach):
    """The daemon with `platform: mattermost`, its tokens from the environment."""

    def __init__(self, emulator):
        super().__init__(None, "@unused:localhost", "unused", homeserver="http://127.0.0.1:9")
        del self.config["matrix"]
        self.config["platform"] = "mattermost"
        self.config["mattermost"] = {
            "server_url": emulator.url, "bot_user_id": emulator.bot_id, "bot_token_env": "FLOWCOACH_MM_TOKEN",
            "webhook_token_env": "FLOWCOACH_MM_WEBHOOK_TOKEN", "poll_interval_ms": 300,
        }
        self.configure()
        self.env = dict(os.environ, FLOWCOACH_MM_TOKEN=emulator.bot_token, FLOWCOACH_MM_WEBHOOK_TOKEN=WEBHOOK_TOKEN,
                        LOG_LEVEL="info")
        self.webhook = f"http://127.0.0.1:{self.health_port}/mattermost/webhook"

    def metrics(self):
        with urllib.request.urlopen(f"http://127.0.0.1:{self.health_port}/metrics", timeout=5) as response:
            return response.read().decode()


@pytest.fixture(scope="module")
def server():
    emulator = MattermostEmulator()
    yield emulator
    emulator.close()


@pytest.fixture
def coach(server):
    daemon = MattermostCoach(server)
    daemon.start()
    yield daemon
    code = daemon.stop()
    if code not in (0, None):
        print(daemon.logs())
    daemon.close()


class Person:
    """Someone writing to the bot in their direct channel."""

    def __init__(self, server, username, first, last, timezone=None):
        self.server = server
        self.id = server.add_user(username, first, last, timezone)
        self.dm = server.direct_channel(server.bot_id, self.id)

    def ask(self, text, replies=1, timeout=20):
        before = len(self.server.bot_posts(self.dm))
        self.server.user_post(self.id, self.dm, text)
        return "\n".join(self.server.wait_for_bot_posts(self.dm, before + replies, timeout)[before:])

    def say(self, text):
        self.server.user_post(self.id, self.dm, text)

    def replies(self):
        return self.server.bot_posts(self.dm)


def no_pings(server):
    for post in server.all_bot_posts():
        assert not mentions(post["message"], server.usernames()), post["message"]


def test_a_direct_message_dialog(server, coach):
    ana = Person(server, "ana", "Ana", "Lima", timezone="Europe/Lisbon")
    assert "how confident" in ana.ask("I'm giving feedback to a colleague tomorrow")
    first = ana.ask("3")
    assert "reinforce something good, or to change something?" in first and "2. Change something" in first
    assert "Situation" in ana.ask("2")
    assert "Behaviour" in ana.ask("In Monday's planning meeting")
    assert "Impact" in ana.ask("dismissed the estimate from the junior engineer")
    draft = ana.ask("she stopped speaking up for the rest of the meeting")
    assert "In Monday's planning meeting, you dismissed the estimate" in draft
    # Every reply carried its key and a pending_post_id; the sender's profile gave name and zone.
    posts = [p for p in server.all_bot_posts() if p["channel_id"] == ana.dm]
    assert all(p["props"].get("flowcoach_reply") and p["pending_post_id"].startswith(server.bot_id + ":") for p in posts)
    wait_until(lambda: "Europe/Lisbon" in open(os.path.join(coach.state, "journal.jsonl")).read(), 5, "the platform time zone kept")
    status, body = coach.health()
    assert status == 200 and body["connected"] is True


def test_a_mention_in_a_channel_through_the_outgoing_webhook(server, coach):
    ben = server.add_user("ben", "Ben", "Okafor")
    town = server.add_channel("town-square", [server.bot_id, ben])
    status, body, post = server.outgoing_webhook(coach.webhook, WEBHOOK_TOKEN, town, ben, "@flowcoach coach presentation", "@flowcoach")
    assert status == 200 and json.loads(body) == {}, "the answer is empty: the reply goes through the API"
    assert "how confident" in server.wait_for_bot_posts(town, 1)[0]
    # Mattermost's retry of the same post, then the next message as JSON.
    assert server.outgoing_webhook(coach.webhook, WEBHOOK_TOKEN, town, ben, None, "@flowcoach", post=post)[0] == 200
    status, _, _ = server.outgoing_webhook(coach.webhook, WEBHOOK_TOKEN, town, ben, "@flowcoach: 2", "@flowcoach", as_json=True)
    assert status == 200
    replies = server.wait_for_bot_posts(town, 2)
    time.sleep(1)
    assert len(server.bot_posts(town)) == 2, server.bot_posts(town)
    assert "Who will be in the room" in replies[1]


def test_a_slash_command_in_a_conversation_with_someone_else_is_answered_in_a_new_direct_channel(server, coach):
    lea, max_ = server.add_user("lea", "Lea", "Vos"), server.add_user("max", "Max", "Roth")
    between = server.direct_channel(lea, max_)
    assert server.slash_command(coach.webhook, WEBHOOK_TOKEN, between, lea, "/coach", "coach presentation") == (200, "{}")
    wait_until(lambda: ("POST", "/api/v4/channels/direct") in server.request_log, 10, "the bot opening a direct channel")
    dm = server.direct_channel(server.bot_id, lea)
    assert "how confident" in server.wait_for_bot_posts(dm, 1)[0]
    assert server.bot_posts(between) == []
    server.user_post(lea, dm, "3")
    assert "Who will be in the room" in server.wait_for_bot_posts(dm, 2)[1], "the new direct channel is read from its start"


def test_a_wrong_webhook_token_is_refused_and_counted(server, coach):
    cleo = server.add_user("cleo", "Cleo", "Park")
    town = server.add_channel("general", [server.bot_id, cleo])
    status, body, _ = server.outgoing_webhook(coach.webhook, "not-the-token", town, cleo, "@flowcoach help", "@flowcoach")
    assert status == 401 and "invalid token" in body and "not-the-token" not in body
    assert server.outgoing_webhook(coach.webhook, "", town, cleo, "@flowcoach help", "@flowcoach")[0] == 401
    metrics = coach.metrics()
    assert re.search(r'flowcoach_webhook_requests_total\{(platform="mattermost",outcome="bad_token"|outcome="bad_token",platform="mattermost")\} 2', metrics), metrics
    time.sleep(1)
    assert server.bot_posts(town) == []
    assert "not-the-token" not in coach.logs()


def test_two_people_at_once_get_no_crosstalk(server, coach):
    bo, dee = Person(server, "bo", "Bo", "Chen"), Person(server, "dee", "Dee", "Ray")
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        def both(a, b):
            return list(pool.map(lambda pair: pair[0].ask(pair[1]), [(bo, a), (dee, b)]))
        replies = both("coach presentation", "coach 1:1")
        assert "how confident" in replies[0]
        assert "Who will be in the room" in bo.ask("2")
        assert "Who is the 1:1 with" in replies[1]
        replies = both("The buying committee at Northwind", "Priya, three weeks ago")
        assert "care about most" in replies[0] and "worth their time" in replies[1]
        replies = both("Price and the support contract", "Her move to the platform team")
        assert "What decision" in replies[0]
        assert "her move to the platform team" in replies[1] and "Priya" not in replies[0]


def test_a_killed_daemon_answers_everything_exactly_once(server, coach):
    eve = Person(server, "eve", "Eve", "Novak")
    assert "how confident" in eve.ask("coach presentation")
    assert "Who will be in the room" in eve.ask("3")
    eve.say("The CFO and her two finance leads")
    time.sleep(0.15)
    coach.kill()
    eve.say("Approve the budget")
    coach.start()
    server.wait_for_bot_posts(eve.dm, 4, timeout=30)
    time.sleep(2)  # anything answered twice would arrive now
    replies = eve.replies()
    assert len(replies) == 4, replies
    assert "care about most" in replies[2] and "What decision" in replies[3]


def test_a_resend_after_a_lost_answer_is_not_shown_twice(server, coach):
    """The server made the post but its answer was lost, and the pending_post_id window (30 s on a
    real server) has passed: the channel's latest posts show the reply is there."""
    fay = Person(server, "fay", "Fay", "Ito")
    server.pending_ttl = 0
    server.drop_create_responses = 1
    try:
        assert "how confident" in fay.ask("coach presentation")
        time.sleep(3)
        assert len(fay.replies()) == 1, fay.replies()
        assert server.stats["dropped"] == 1
        assert "Who will be in the room" in fay.ask("2")
    finally:
        server.pending_ttl = 30.0


def test_the_daemon_rides_out_a_server_outage(server, coach):
    gus = Person(server, "gus", "Gus", "Haas")
    assert "how confident" in gus.ask("coach presentation")
    server.stop()
    try:
        gus.say("3")  # written while the bot cannot reach the server
        time.sleep(20)
        assert coach.health()[0] == 503, "healthz reports the lost connection"
    finally:
        server.start()
    replies = server.wait_for_bot_posts(gus.dm, 2, timeout=40)
    assert "Who will be in the room" in replies[1]
    coach.wait_healthy()


def test_a_429_storm_and_an_exhausted_window_are_waited_out(server, coach):
    hal = Person(server, "hal", "Hal", "Berg")
    assert "how confident" in hal.ask("coach presentation")
    before = dict(server.stats)
    server.storm(6, retry_after=1)
    assert "Who will be in the room" in hal.ask("3", timeout=40)
    assert server.stats["429"] - before["429"] == 6
    # A window of 4 calls per 2 seconds: the daemon waits for X-Ratelimit-Reset when none remain.
    server.rate_limit(4, window=2.0)
    try:
        before = dict(server.stats)
        assert "care about most" in hal.ask("The board and the two finance leads", timeout=40)
        assert "What decision" in hal.ask("Price and the support contract", timeout=40)
        refused = server.stats["429"] - before["429"]
        assert refused <= 2, f"{refused} calls refused: the daemon should wait for the window instead"
    finally:
        server.rate_limit(1000)
    time.sleep(1)
    assert len(hal.replies()) == 4, hal.replies()


HOSTILE = "@channel @all @here @ana x.@all (@eve) [click](http://evil.example) ![p](http://t.example/p.png) # head | a | <b> _x_"


def test_hostile_text_never_pings_anyone_or_becomes_markup(server, coach):
    ivy = Person(server, "ivy", "Ivy", "Moss")
    ivy.ask("I'm giving feedback to a colleague tomorrow")
    ivy.ask("3")
    ivy.ask("2")
    ivy.ask(HOSTILE)
    ivy.ask("dismissed the estimate " + HOSTILE)
    draft = ivy.ask("she stopped speaking up " + HOSTILE)
    assert "dismissed the estimate" in draft
    for line in ivy.replies():
        assert "](http" not in line.replace("\\](http", ""), line
    # The same words through a channel mention.
    jon = server.add_user("jon", "Jon", "Aho")
    town = server.add_channel("random", [server.bot_id, jon])
    server.outgoing_webhook(coach.webhook, WEBHOOK_TOKEN, town, jon, "@flowcoach coach " + HOSTILE, "@flowcoach")
    server.wait_for_bot_posts(town, 1)
    no_pings(server)


def test_validate_checks_the_mattermost_section(server, coach):
    result = subprocess.run([coach.BINARY, "validate", "--root", coach.root], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    example = os.path.join(REPO, "systemd", "flowcoach-mattermost.yaml.example")
    shutil.copy(example, os.path.join(coach.root, "Config", "flowcoach.yaml"))
    result = subprocess.run([coach.BINARY, "validate", "--root", coach.root], capture_output=True, text=True)
    assert result.returncode == 0, "the example configuration is valid: " + result.stderr
    coach.configure(mattermost={"server_url": "http://chat.example.org", "bot_user_id": "flowcoach", "bot_token": "abc",
                                "poll_interval_ms": 5}, admins=["@ana"])
    result = subprocess.run([coach.BINARY, "validate", "--root", coach.root], capture_output=True, text=True)
    assert result.returncode == 1
    for expected in ("plain http:// to another machine", "`bot_user_id` must be the bot account's user id", "never put a token in this file",
                     "needs `bot_token_env` or `bot_token_file`", "`poll_interval_ms` must be between", "is not a Mattermost user id"):
        assert expected in result.stderr, result.stderr
    assert "abc" not in result.stderr


def test_a_server_before_6_1_is_read_team_by_team(server, coach):
    server.legacy_listing = True
    try:
        kim = Person(server, "kim", "Kim", "Sato")
        assert "how confident" in kim.ask("coach presentation")
    finally:
        server.legacy_listing = False
    assert "lists channels per team" in coach.logs()


def test_a_refused_bot_token_stops_the_daemon_with_status_78(server):
    daemon = MattermostCoach(server)
    daemon.env["FLOWCOACH_MM_TOKEN"] = "not-the-bot-token"
    try:
        daemon.start(wait=False)
        deadline = time.time() + 30
        while daemon.process.poll() is None and time.time() < deadline:
            time.sleep(0.2)
        assert daemon.process.poll() == 78
        logs = daemon.logs()
        assert "api.context.session_expired.app_error" in logs and "not-the-bot-token" not in logs, logs[-2000:]
    finally:
        daemon.close()
