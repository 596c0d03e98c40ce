"""flowcoach coaching people on Zulip: the real daemon against `zulip_emulator`, a small server
built from Zulip's documented API (not a live Zulip). Direct messages and mentions in a stream,
two people at once, a kill -9 in the middle of a conversation (even right after Zulip took a
reply whose answer never came back), the server down for 20 seconds, a 429 storm, an expired
event queue, and hostile text that must never notify anyone."""
import os
import re
import shutil
import tempfile
import time

import pytest
import yaml

from harness import REPO, FlowCoach, free_port, wait_until
from zulip_emulator import ZulipEmulator

WORD_JOINER = "\u2060"


class ZulipCoach(FlowCoach):
    """The daemon under test with `platform: zulip`, its own content root and state directory."""

    def __init__(self, zulip, bot, prompts, admins=()):
        self.root = tempfile.mkdtemp(prefix="flowcoach-zulip-root-")
        shutil.copytree(prompts, os.path.join(self.root, "Prompts"))
        os.makedirs(os.path.join(self.root, "Config"))
        self.state = os.path.join(self.root, "state")
        self.health_port = free_port()
        self.config = {
            "version": 1, "platform": "zulip", "state_dir": self.state, "time_zone": "UTC",
            "admins": [f"zulip:{a}" for a in admins],
            "zulip": {"site": zulip.url, "email": zulip.users[bot]["email"], "api_key_env": "FLOWCOACH_ZULIP_KEY"},
            "listener": {"host": "127.0.0.1", "port": self.health_port},
        }
        self.configure()
        self.env = dict(os.environ, FLOWCOACH_ZULIP_KEY=zulip.users[bot]["api_key"])
        self.process = None
        self.log_path = os.path.join(self.root, "flowcoach.log")


class Person:
    """Someone writing to the coach in a direct message (or in a stream, with `topic`)."""

    def __init__(self, zulip, uid, bot):
        self.zulip, self.uid, self.bot = zulip, uid, bot

    def replies(self, after=0, stream=None, topic=None):
        messages = (self.zulip.topic_messages(stream, topic) if stream else self.zulip.conversation(self.uid, self.bot))
        return [m["content"] for m in messages if m["sender_id"] == self.bot and m["id"] > after]

    def say(self, text, stream=None, topic=None):
        if stream:
            return self.zulip.send(self.uid, text, stream=stream, topic=topic)
        return self.zulip.send(self.uid, text, to=[self.bot])

    def wait(self, after, count=1, timeout=30, stream=None, topic=None):
        wait_until(lambda: len(self.replies(after, stream, topic)) >= count, timeout, f"{count} replies after message {after}")
        return self.replies(after, stream, topic)

    def ask(self, text, timeout=30, stream=None, topic=None):
        """Sends `text` and returns the coach's reply to it (the text shown, word joiners left out)."""
        sent = self.say(text, stream, topic)
        return self.wait(sent, 1, timeout, stream, topic)[0].replace(WORD_JOINER, "")


@pytest.fixture(scope="module")
def zulip():
    server = ZulipEmulator(heartbeat=3.0, rate_limit=400)
    server.bot = server.add_user("Coach", "coach-bot@zulip.test", is_bot=True)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def prompts():
    """One copy of Prompts/ for every daemon of this module, so all of them run the same content."""
    copy = tempfile.mkdtemp(prefix="flowcoach-zulip-prompts-")
    shutil.copytree(os.path.join(REPO, "Prompts"), os.path.join(copy, "Prompts"))
    yield os.path.join(copy, "Prompts")
    shutil.rmtree(copy, ignore_errors=True)


@pytest.fixture
def coach(zulip, prompts):
    daemon = ZulipCoach(zulip, zulip.bot, prompts)
    with open(os.path.join(daemon.root, "Prompts", "knowledge", "announcement-tips.md"), "w") as f:
        f.write(ANNOUNCEMENT_TIPS)
    try:
        daemon.start()
    except TimeoutError:
        print(daemon.logs())
        daemon.close()
        raise
    yield daemon
    code = daemon.stop()
    if code not in (0, None):
        print(daemon.logs())
    daemon.close()


def person(zulip, name, timezone=""):
    return Person(zulip, zulip.add_user(name, f"{name.split()[0].lower()}@zulip.test", timezone=timezone), zulip.bot)


def test_a_direct_message_dialog_with_the_persons_time_zone(zulip, coach):
    alice = person(zulip, "Alice Moreau", timezone="Asia/Tokyo")
    assert "how confident" in alice.ask("coach feedback")
    first = alice.ask("3")
    assert "reinforce something good, or to change something?" in first and "2. Change something" in first
    assert "Situation" in alice.ask("2")
    assert "Behaviour" in alice.ask("In Monday's planning meeting")
    assert "Impact" in alice.ask("dismissed the estimate from the junior engineer")
    draft = alice.ask("she stopped speaking up for the rest of the meeting")
    assert '"In Monday\'s planning meeting, you dismissed the estimate' in draft
    status, body = coach.health()
    assert status == 200 and body["connected"] is True
    with open(os.path.join(coach.state, "journal.jsonl")) as journal:
        assert '"Asia/Tokyo"' in journal.read(), "the time zone from the Zulip profile reaches the person's profile"
    assert zulip.pings == [] and zulip.truncated == []


def test_a_mention_in_a_stream_is_answered_in_its_topic(zulip, coach):
    ivy, jon = person(zulip, "Ivy Chen"), person(zulip, "Jon Park")
    team = zulip.add_stream("team", {zulip.bot, ivy.uid, jon.uid})
    lunch = jon.say("lunch anyone? @**all**", stream=team, topic="planning")
    reply = ivy.ask("@**Coach** coach 1:1", stream=team, topic="planning")
    assert "Who is the 1:1 with" in reply
    assert "worth their time" in ivy.ask("@_**Coach|%d** Priya, three weeks ago" % zulip.bot, stream=team, topic="planning")
    time.sleep(1)
    assert len(ivy.replies(lunch, stream=team, topic="planning")) == 2, "chatter and @**all** are not for the coach"
    assert zulip.pings == []


def test_two_people_at_once_get_no_crosstalk(zulip, coach):
    bob, carol = person(zulip, "Bob Jones"), person(zulip, "Carol King")
    sent = bob.say("coach presentation"), carol.say("coach 1:1")
    assert "how confident" in bob.wait(sent[0])[0]
    assert "Who is the 1:1 with" in carol.wait(sent[1])[0]
    sent = bob.say("2"), carol.say("Priya, three weeks ago")
    assert "Who will be in the room" in bob.wait(sent[0])[0]
    assert "worth their time" in carol.wait(sent[1])[0]
    sent = bob.say("The buying committee at Northwind"), carol.say("Her move to the platform team")
    bob_reply, carol_reply = bob.wait(sent[0])[0], carol.wait(sent[1])[0]
    assert "care about most" in bob_reply and "Priya" not in bob_reply
    assert "her move to the platform team" in carol_reply


def test_a_killed_daemon_answers_everything_exactly_once(zulip, coach):
    dave = person(zulip, "Dave Olsen")
    start = dave.say("coach presentation")
    assert "how confident" in dave.wait(start)[0]
    assert "Who will be in the room" in dave.ask("3")
    # Zulip takes the next reply, but its answer never comes back: the daemon dies waiting.
    zulip.stall_sends(30)
    stalled = dave.say("The CFO and her two finance leads")
    dave.wait(stalled)
    coach.kill()
    after_kill = dave.say("Approve the budget")
    coach.start()
    dave.wait(stalled, 2)
    # Killed again right after a message arrives; another comes while it is down.
    late = dave.say("A case study from Contoso")
    time.sleep(0.3)
    coach.kill()
    dave.say("cancel")
    coach.start()
    dave.wait(late, 2)
    time.sleep(2)  # anything answered twice would arrive now
    replies = dave.replies(start)
    assert len(replies) == 6, replies
    assert "care about most" in replies[2] and "What decision" in replies[3] and "evidence" in replies[4]
    assert after_kill < late
    assert "reply already on Zulip" in coach.logs()


def test_the_daemon_rides_out_the_server_down_for_20_seconds(zulip, coach):
    erin = person(zulip, "Erin Walsh")
    assert "how confident" in erin.ask("coach presentation")
    zulip.stop()
    time.sleep(20)
    assert coach.health()[0] == 503, "healthz reports the lost connection"
    zulip.start()
    assert "Who will be in the room" in erin.ask("3", timeout=60)
    coach.wait_healthy()


def test_a_429_storm_is_waited_out_as_zulip_asks(zulip, coach):
    gina = person(zulip, "Gina Rossi")
    assert "how confident" in gina.ask("coach presentation")
    zulip.violations.clear()
    zulip.rate_limit_storm(12, retry_after=0.5)
    sent = gina.say("3")
    assert "Who will be in the room" in gina.wait(sent, timeout=60)[0]
    assert "care about most" in gina.ask("The board")
    time.sleep(1)
    assert len(gina.replies(sent)) == 2, "nothing answered twice"
    assert zulip.storm == 0 and zulip.violations == [], "no request came sooner than Zulip asked"


def test_an_expired_event_queue_loses_no_message(zulip, coach):
    frank = person(zulip, "Frank Ito")
    assert "how confident" in frank.ask("coach presentation")
    # The queue is gone and a message arrives before the daemon has a new one.
    zulip.expire_queues(hold=True)
    sent = frank.say("3")
    time.sleep(0.5)
    zulip.release()
    assert "Who will be in the room" in frank.wait(sent, timeout=30)[0]
    assert "read back the messages sent in between" in coach.logs()
    # And a plain expiry: the next poll is told, registers anew, carries on.
    zulip.expire_queues()
    assert "care about most" in frank.ask("The board", timeout=30)
    assert len(frank.replies(sent)) == 2


def test_hostile_text_never_notifies_anyone(zulip, coach):
    hank = person(zulip, "Hank Ruiz")
    typed = ["At @**all** standup with @**everyone** and @*admins*", "asked @**Alice Moreau** and @_**Bob Jones|12** on @**channel**",
             "so @**topic** and @**stream** heard /poll it"]
    assert "how confident" in hank.ask("coach feedback")
    assert "reinforce something good" in hank.ask("3")
    assert "Situation" in hank.ask("2")
    assert "Behaviour" in hank.ask(typed[0])
    assert "Impact" in hank.ask(typed[1])
    draft = hank.ask(typed[2])
    # The core already shows an echoed @ as ＠; the adapter breaks up whatever mention is left.
    assert typed[0].replace("@", "＠") in draft and typed[1].replace("@", "＠") in draft, draft
    # Text from the admins' own files is not echoed, so only the adapter stands between it and a ping.
    hank.ask("cancel")
    assert "@**all** in the subject line" in hank.ask("show announcement-tips")
    assert zulip.pings == [], zulip.pings
    assert all(re.search(r"@\*|@_", m) is None for m in hank.replies()), "every mention is broken up in what was sent"


ANNOUNCEMENT_TIPS = """---
id: announcement-tips
title: "Tips: announcements people read"
kind: tip
skills: [communication]
tags: [announcement]
summary: One message, one ask, sent to the people it is for.
---
Never write @**all** in the subject line or @*everyone-team* in the first line, and do not @**topic** a thread.
"""
