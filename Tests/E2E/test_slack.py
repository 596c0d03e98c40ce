"""flowcoach on Slack, end to end: the real daemon against `slack_emulator.py`, an emulator
built from Slack's documented Web API and Events API (not a live Slack). Every scenario checks
what a person in Slack would see: one answer per message, in the right conversation, with
nothing that pings anyone."""
import json
import os
import shutil
import signal
import tempfile
import threading
import time
import urllib.error
import urllib.request

import pytest
import yaml

from harness import REPO, FlowCoach, free_port, wait_until
from slack_emulator import SlackEmulator, sign

TOKEN = "xoxb-emulated-" + "0" * 24
SECRET = "emulated-signing-secret-" + "f" * 16


class SlackFlowCoach(FlowCoach):
    """The daemon with `platform: slack`, its listener where the emulator pushes events."""

    def __init__(self, slack):
        self.root = tempfile.mkdtemp(prefix="flowcoach-slack-root-")
        shutil.copytree(os.path.join(REPO, "Prompts"), os.path.join(self.root, "Prompts"))
        os.makedirs(os.path.join(self.root, "Config"))
        self.state = os.path.join(self.root, "state")
        self.health_port = free_port()
        self.config = {
            "version": 1, "platform": "slack", "state_dir": self.state, "time_zone": "UTC",
            "slack": {"api_base": slack.api_base, "bot_token_env": "FLOWCOACH_SLACK_BOT_TOKEN",
                      "signing_secret_env": "FLOWCOACH_SLACK_SIGNING_SECRET", "heartbeat_seconds": 2},
            "listener": {"host": "127.0.0.1", "port": self.health_port},
        }
        self.configure()
        self.env = dict(os.environ, FLOWCOACH_SLACK_BOT_TOKEN=TOKEN, FLOWCOACH_SLACK_SIGNING_SECRET=SECRET)
        self.process = None
        self.log_path = os.path.join(self.root, "flowcoach.log")

    @property
    def url(self):
        return f"http://127.0.0.1:{self.health_port}"

    def metrics(self):
        with urllib.request.urlopen(self.url + "/metrics", timeout=5) as response:
            return response.read().decode()

    def webhook_count(self, outcome):
        for line in self.metrics().splitlines():
            if line.startswith("flowcoach_webhook_requests_total{") and 'platform="slack"' in line and f'outcome="{outcome}"' in line:
                return float(line.rsplit(" ", 1)[1])
        return 0.0


@pytest.fixture(scope="module")
def slack():
    emulator = SlackEmulator(TOKEN, SECRET)
    people = {"U0ANA": ("ana", "Europe/Berlin"), "U0BO": ("bo", "America/New_York"), "U0CY": ("cy", "Asia/Tokyo"),
              "U0DEE": ("dee", "Europe/London"), "U0EVE": ("eve", "Europe/Paris"), "U0FAY": ("fay", "UTC"),
              "U0GUS": ("gus", "Australia/Sydney"), "U0HAL": ("hal", "Europe/Madrid")}
    for user, (name, tz) in people.items():
        emulator.add_user(user, name, tz=tz)
    emulator.add_user("U0OTHERBOT", "otherbot", is_bot=True)
    emulator.start()
    yield emulator
    emulator.close()


@pytest.fixture(scope="module")
def daemon(slack):
    coach = SlackFlowCoach(slack)
    slack.listener = coach.url
    coach.start()
    yield coach
    code = coach.stop()
    if code not in (0, None):
        print(coach.logs())
    coach.close()


def ask(slack, user, channel, text, timeout=20):
    """`user` says `text`; waits for the bot's next message there and returns it."""
    before = len(slack.bot_messages(channel))
    slack.says(user, channel, text)
    return slack.wait_for_bot_messages(channel, before + 1, timeout)[before]


def buttons(message):
    return [e["value"] for b in message.get("blocks", []) if b["type"] == "actions" for e in b["elements"]]


def test_a_dm_dialog_with_buttons(slack, daemon):
    dm = slack.open_dm("U0ANA")
    first = ask(slack, "U0ANA", dm, "coach feedback")
    assert "how confident" in first["text"].lower(), first["text"]
    second = ask(slack, "U0ANA", dm, "3")
    assert "reinforce something good, or to change something?" in second["text"]
    assert buttons(second) == ["Reinforce something good", "Change something"]
    assert all(b["type"] in ("section", "actions") for b in second["blocks"])
    # A click is the person choosing: the next question comes.
    before = len(slack.bot_messages(dm))
    assert slack.click("U0ANA", dm, second, "Change something") == 200
    situation = slack.wait_for_bot_messages(dm, before + 1)[before]
    assert "Situation" in situation["text"]
    assert "Behaviour" in ask(slack, "U0ANA", dm, "In Monday's planning meeting")["text"]
    assert "Impact" in ask(slack, "U0ANA", dm, "dismissed the estimate from the junior engineer")["text"]
    draft = ask(slack, "U0ANA", dm, "she stopped speaking up for the rest of the meeting")
    assert "In Monday's planning meeting, you dismissed the estimate" in draft["text"]
    assert buttons(draft) == ["yes", "no"]
    # Every message is answered exactly once, and each reply names its id in its metadata.
    messages = slack.bot_messages(dm)
    assert len(messages) == 6
    ids = [m["metadata"]["event_payload"]["reply_id"] for m in messages]
    assert len(set(ids)) == 6
    # The person's Slack time zone reached their profile (nudges follow it).
    wait_until(lambda: "Europe/Berlin" in open(os.path.join(daemon.state, "journal.jsonl")).read(), 5, "time zone journalled")
    assert slack.refused_posts == []


def test_a_mention_in_a_channel_is_answered_there(slack, daemon):
    channel = slack.add_channel(["U0BO", "U0ANA"])
    before = len(slack.bot_messages(channel))
    slack.says("U0BO", channel, "anyone around for lunch?")  # not for the bot
    reply = ask(slack, "U0BO", channel, f"<@{slack.bot_user}> help")
    assert reply["text"], reply
    time.sleep(1.5)
    assert len(slack.bot_messages(channel)) == before + 1, "only the mention was answered, once"
    # A bot's message is never answered, even in a DM.
    dm = slack.open_dm("U0OTHERBOT")
    slack.says("U0OTHERBOT", dm, "coach feedback")
    time.sleep(1.0)
    assert slack.bot_messages(dm) == []


def test_two_people_at_once_get_no_crosstalk(slack, daemon):
    cy, dee = slack.open_dm("U0CY"), slack.open_dm("U0DEE")
    results = {}

    def talk(user, dm, lines):
        results[user] = [ask(slack, user, dm, line)["text"] for line in lines]

    threads = [
        threading.Thread(target=talk, args=("U0CY", cy, ["coach presentation", "2", "The buying committee at Northwind"])),
        threading.Thread(target=talk, args=("U0DEE", dee, ["coach 1:1", "Priya, three weeks ago"])),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert "how confident" in results["U0CY"][0].lower() and "Who will be in the room" in results["U0CY"][1]
    assert "care about most" in results["U0CY"][2] and "Priya" not in "".join(results["U0CY"])
    assert "Who is the 1:1 with" in results["U0DEE"][0] and "Northwind" not in "".join(results["U0DEE"])
    assert len(slack.bot_messages(cy)) == 3 and len(slack.bot_messages(dee)) == 2


def test_kill_9_between_post_and_commit_shows_no_duplicate(slack, daemon):
    dm = slack.open_dm("U0EVE")
    assert "how confident" in ask(slack, "U0EVE", dm, "coach presentation")["text"].lower()
    assert "Who will be in the room" in ask(slack, "U0EVE", dm, "3")["text"]
    # Slack stores the reply but its answer never reaches the daemon: killed in between.
    slack.post_delay = 5
    slack.says("U0EVE", dm, "The CFO and her two finance leads")
    slack.wait_for_bot_messages(dm, 3)
    daemon.kill()
    slack.post_delay = 0
    # Said while the daemon is down: Slack cannot deliver it and retries.
    _, statuses = slack.says("U0EVE", dm, "Approve the budget")
    assert statuses == ["connection_failed"]
    daemon.start()
    messages = slack.wait_for_bot_messages(dm, 4, timeout=30)
    time.sleep(3)  # a duplicate would arrive now
    messages = slack.bot_messages(dm)
    assert len(messages) == 4, [m["text"][:60] for m in messages]
    assert "care about most" in messages[2]["text"] and "What decision" in messages[3]["text"]
    assert "reply already in Slack; not posted again" in daemon.logs()


def test_a_slack_outage_of_20_seconds(slack, daemon):
    dm = slack.open_dm("U0FAY")
    assert "how confident" in ask(slack, "U0FAY", dm, "coach presentation")["text"].lower()
    started = time.time()
    slack.stop()
    wait_until(lambda: daemon.health()[0] == 503, 10, "healthz reporting the outage")
    # Events still arrive (the Events API is up, the Web API is not): journalled, sent later.
    _, statuses = slack.says("U0FAY", dm, "3")
    assert statuses == [200]
    time.sleep(max(0.0, 20 - (time.time() - started)))
    slack.start()
    messages = slack.wait_for_bot_messages(dm, 2, timeout=30)
    assert "Who will be in the room" in messages[1]["text"]
    wait_until(lambda: daemon.health()[0] == 200, 30, "healthz back")
    time.sleep(1)
    assert len(slack.bot_messages(dm)) == 2


def test_a_429_storm_is_waited_out(slack, daemon):
    dm = slack.open_dm("U0GUS")
    slack.limit("chat.postMessage", 3, retry_after=1)
    started = time.monotonic()
    reply = ask(slack, "U0GUS", dm, "coach presentation", timeout=30)
    assert "how confident" in reply["text"].lower()
    posts = [(at, status) for at, method, status in slack.calls if method == "chat.postMessage" and at >= started]
    assert [s for _, s in posts][:4] == [429, 429, 429, 200], posts
    assert posts[3][0] - posts[0][0] >= 2.9, "each Retry-After: 1 was honoured"
    time.sleep(1.5)
    assert len(slack.bot_messages(dm)) == 1
    # Never faster than one message a second in a channel.
    for channel, times in slack.posts.items():
        assert all(b - a >= 0.95 for a, b in zip(times, times[1:])), (channel, times)


def test_hostile_text_never_pings_anyone(slack, daemon):
    dm = slack.open_dm("U0HAL")
    ask(slack, "U0HAL", dm, "coach feedback")
    ask(slack, "U0HAL", dm, "3")
    ask(slack, "U0HAL", dm, "2")
    # As Slack sends them: <!channel> and <@U0ANA> from autocomplete, a typed "<!everyone>" escaped.
    ask(slack, "U0HAL", dm, "<!channel> <!here> in the all-hands &lt;!everyone&gt;")
    ask(slack, "U0HAL", dm, "pinged <@U0ANA> and @here with <!subteam^S0LEADS|@leads>")
    draft = ask(slack, "U0HAL", dm, "everyone got paged, @channel")
    texts = [draft["text"]] + [b["text"]["text"] for b in draft["blocks"] if b["type"] == "section"]
    # Shown as text (the core neutralises what it echoes, the adapter escapes what is left), never acted on.
    assert all("everyone" in t and "leads" in t for t in texts), texts
    assert all("<!" not in t and "<@" not in t for t in texts), texts
    assert slack.pings == [], slack.pings


def test_forged_stale_and_replayed_requests(slack, daemon):
    dm = slack.open_dm("U0ANA")
    before = len(slack.bot_messages(dm))
    bad_before, stale_before, missing_before = (daemon.webhook_count(o) for o in ("bad_signature", "stale_timestamp", "missing_signature"))
    envelope = slack.envelope({"type": "message", "channel": dm, "user": "U0ANA", "text": "help", "ts": slack.next_ts(), "channel_type": "im"})
    body = json.dumps(envelope).encode()
    assert slack.push(body, secret="not-the-secret") == 401
    assert slack.push(body, timestamp=int(time.time()) - 600) == 401
    assert slack.push(body, signature="v0=" + "0" * 64) == 401
    request = urllib.request.Request(daemon.url + "/slack/events", data=body, headers={"Content-Type": "application/json"}, method="POST")
    try:
        urllib.request.urlopen(request, timeout=3)
        status = 200
    except urllib.error.HTTPError as error:
        status = error.code
    assert status == 401
    assert daemon.webhook_count("bad_signature") - bad_before == 2
    assert daemon.webhook_count("stale_timestamp") - stale_before == 1
    assert daemon.webhook_count("missing_signature") - missing_before == 1
    # The URL check is answered with its challenge, once signed.
    check = json.dumps({"token": "x", "challenge": "c-123", "type": "url_verification"}).encode()
    request = urllib.request.Request(daemon.url + "/slack/events", data=check, method="POST", headers={
        "Content-Type": "application/json", "X-Slack-Request-Timestamp": str(int(time.time())),
        "X-Slack-Signature": sign(SECRET, int(time.time()), check)})
    with urllib.request.urlopen(request, timeout=3) as response:
        assert json.loads(response.read()) == {"challenge": "c-123"}
    # A replay within the window and Slack's own retries answer once.
    replay = dict(envelope, event={**envelope["event"], "text": "help"})
    assert slack.retry_exactly(replay, 1) == 200
    assert slack.retry_exactly(replay, 2, "http_error") == 200
    assert slack.push(json.dumps(replay).encode()) == 200
    slack.wait_for_bot_messages(dm, before + 1)
    time.sleep(1.5)
    assert len(slack.bot_messages(dm)) == before + 1


def test_a_threaded_reply_to_a_board_post_answers_it(slack, daemon):
    board = slack.add_channel(["U0ANA", "U0BO", "U0CY"])
    daemon.configure(qa={"board_room": board})
    daemon.signal(signal.SIGHUP)
    time.sleep(1.5)
    dm = slack.open_dm("U0CY")
    slack.says("U0CY", dm, "cancel")
    slack.wait_for_bot_messages(dm, len(slack.bot_messages(dm)) + 1)
    posted = ask(slack, "U0CY", dm, "ask #negotiation what is a good opening anchor?")
    assert posted["text"].startswith("Posted as q1"), posted["text"]
    post = slack.wait_for_bot_messages(board, 1)[0]
    assert post["text"].startswith("Question q1 from cy"), post["text"]
    # Bo answers in the post's thread, without mentioning the bot.
    before = len(slack.bot_messages(dm))
    slack.says("U0BO", board, "Ambitious but defensible: cite a benchmark.", thread_ts=post["ts"])
    notified = slack.wait_for_bot_messages(dm, before + 1)[before]
    assert "answered your question q1" in notified["text"] and "Ambitious but defensible" in notified["text"], notified["text"]
    # The answerer is thanked where they answered (in the board channel: replies carry no thread).
    assert "your answer (a1) is with cy" in slack.wait_for_bot_messages(board, 2)[1]["text"]
    # A reply in someone else's thread is not for the coach.
    slack.says("U0ANA", board, "unrelated chatter", thread_ts=slack.says("U0BO", board, "lunch?")[0])
    time.sleep(1)
    assert len(slack.bot_messages(board)) == 2


def test_a_refused_token_stops_the_daemon_with_status_78(slack):
    coach = SlackFlowCoach(slack)
    coach.env["FLOWCOACH_SLACK_BOT_TOKEN"] = "xoxb-revoked"
    try:
        coach.start(wait=False)
        assert coach.process.wait(timeout=30) == 78
        assert "invalid_auth" in coach.logs() and "xoxb-revoked" not in coach.logs()
    finally:
        coach.close()
    # A signing secret that is not where the configuration says: the same, before anything is served.
    coach = SlackFlowCoach(slack)
    del coach.env["FLOWCOACH_SLACK_SIGNING_SECRET"]
    try:
        coach.start(wait=False)
        assert coach.process.wait(timeout=30) == 78
        assert "no Slack signing secret: looked in environment variable FLOWCOACH_SLACK_SIGNING_SECRET" in coach.logs()
    finally:
        coach.close()
