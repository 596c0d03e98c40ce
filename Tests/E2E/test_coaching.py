"""flowcoach coaching real people through a real Matrix homeserver."""
import asyncio
import os
import re
import signal
import subprocess
import time
import urllib.request
from datetime import datetime, timedelta, timezone

from harness import wait_until
from people import Employee

BOT = "@flowcoach:localhost"


def run(coroutine):
    return asyncio.run(coroutine)


async def fresh_start(person, room):
    """The session's tests share people; one may have left a question open, which would take the
    next message as its answer. Cancel it and forget the replies so far."""
    await person.ask(room, "cancel")
    person.replies[room] = []


def test_a_user_invites_the_bot_and_completes_a_dialog(synapse, flowcoach):
    async def scenario():
        alice = Employee(synapse, "alice", BOT)
        await alice.login()
        room = await alice.open_dm()
        assert "how confident" in await alice.ask(room, "I'm giving feedback to a colleague tomorrow")
        first = await alice.ask(room, "3")
        assert "reinforce something good, or to change something?" in first
        assert "2. Change something" in first
        # Beside the plain body, the HTML version shows the options as a list.
        assert "<li>Change something</li>" in alice.formatted[room][-1], alice.formatted[room][-1]
        assert "Situation" in await alice.ask(room, "2")
        assert "Behaviour" in await alice.ask(room, "In Monday's planning meeting")
        assert "Impact" in await alice.ask(room, "dismissed the estimate from the junior engineer")
        draft = await alice.ask(room, "she stopped speaking up for the rest of the meeting")
        assert '"In Monday\'s planning meeting, you dismissed the estimate' in draft
        assert "(yes / no)" in draft
        assert "close to the moment" in await alice.ask(room, "yes")
        assert "Good luck!" in await alice.ask(room, "4")
        await alice.close()

    run(scenario())
    status, body = flowcoach.health()
    assert status == 200 and body["connected"] is True


def test_two_users_at_once_get_no_crosstalk(synapse, flowcoach):
    async def scenario():
        bob, carol = Employee(synapse, "bob", BOT), Employee(synapse, "carol", BOT)
        await asyncio.gather(bob.login(), carol.login())
        bob_room, carol_room = await asyncio.gather(bob.open_dm(), carol.open_dm())
        replies = await asyncio.gather(bob.ask(bob_room, "coach presentation"), carol.ask(carol_room, "coach 1:1"))
        assert "how confident" in replies[0]
        replies[0] = await bob.ask(bob_room, "2")
        assert "Who will be in the room" in replies[0]
        assert "Who is the 1:1 with" in replies[1]
        replies = await asyncio.gather(
            bob.ask(bob_room, "The buying committee at Northwind"), carol.ask(carol_room, "Priya, three weeks ago"))
        assert "care about most" in replies[0]
        assert "worth their time" in replies[1]
        replies = await asyncio.gather(bob.ask(bob_room, "Price and the support contract"), carol.ask(carol_room, "Her move to the platform team"))
        assert "What decision" in replies[0]
        assert "her move to the platform team" in replies[1] and "Priya" not in replies[0]
        await asyncio.gather(bob.close(), carol.close())

    run(scenario())


def test_a_killed_daemon_answers_everything_exactly_once(synapse, flowcoach):
    async def scenario():
        dave = Employee(synapse, "dave", BOT)
        await dave.login()
        room = await dave.open_dm()
        assert "how confident" in await dave.ask(room, "coach presentation")
        assert "Who will be in the room" in await dave.ask(room, "3")
        assert "care about most" in await dave.ask(room, "The CFO and her two finance leads")
        # Kill the daemon right after sending, then send one more while it is down.
        await dave.send(room, "Approve the budget")
        time.sleep(0.3)
        flowcoach.kill()
        await dave.send(room, "A case study from Contoso")
        flowcoach.start()
        replies = await dave.wait_for_replies(room, 5, timeout=60)
        await dave.collect(3.0)  # anything answered twice would arrive now
        replies = dave.replies[room]
        assert len(replies) == 5, replies
        assert "What decision" in replies[3]
        assert "evidence" in replies[4]
        await dave.close()

    run(scenario())


def test_the_daemon_rides_out_a_homeserver_outage(synapse, flowcoach):
    async def scenario():
        erin = Employee(synapse, "erin", BOT)
        await erin.login()
        room = await erin.open_dm()
        assert "how confident" in await erin.ask(room, "coach presentation")
        assert "Who will be in the room" in await erin.ask(room, "3")
        await erin.close()
        synapse.stop()
        time.sleep(20)
        assert flowcoach.health()[0] == 503, "healthz reports the lost connection"
        synapse.start()
        erin = Employee(synapse, "erin", BOT)
        await erin.login()
        erin.replies[room] = []
        await erin.send(room, "The head of procurement")
        replies = await erin.wait_for_replies(room, 1, timeout=60)
        assert "care about most" in replies[0]
        await erin.close()

    run(scenario())
    flowcoach.wait_healthy()


def test_a_broken_prompt_and_sighup_keep_the_old_content(synapse, flowcoach):
    async def scenario():
        alice = Employee(synapse, "alice", BOT)
        await alice.login()
        room = await alice.open_dm()
        dialog = os.path.join(flowcoach.root, "Prompts", "dialogs", "one-on-one.yaml")
        with open(dialog) as f:
            original = f.read()
        with open(dialog, "w") as f:
            f.write(original.replace("triggers:", "tirggers:"))
        flowcoach.signal(signal.SIGHUP)
        time.sleep(1)
        assert "Who is the 1:1 with" in await alice.ask(room, "coach 1:1")
        assert "one-on-one.yaml:5:1: unknown key `tirggers`" in flowcoach.logs()
        assert "reload refused" in flowcoach.logs()
        # A valid edit is taken on the next reload, asked for with `flowcoach reload`.
        with open(dialog, "w") as f:
            f.write(original.replace("Who is the 1:1 with", "Which teammate is the 1:1 with"))
        subprocess.run([flowcoach.BINARY, "reload", "--state", flowcoach.state], check=True, capture_output=True)
        time.sleep(1)
        await alice.ask(room, "cancel")
        assert "Which teammate is the 1:1 with" in await alice.ask(room, "coach 1:1")
        await alice.close()

    run(scenario())


def test_a_backlog_larger_than_one_timeline_is_answered_in_full(synapse, flowcoach):
    """60 messages while the bot is down: /sync hands back a `limited` timeline of 50 and the
    adapter reads the other 10 from /messages."""
    async def scenario():
        carol = Employee(synapse, "carol", BOT)
        await carol.login()
        room = await carol.open_dm()
        await fresh_start(carol, room)
        assert "There's more; say" in await carol.ask(room, "help")
        assert flowcoach.stop() == 0
        for i in range(60):
            await carol.send(room, f"help {i}" if i % 2 else "help")
        flowcoach.start()
        await carol.wait_for_replies(room, 61, timeout=90)
        await carol.collect(3.0)
        assert len(carol.replies[room]) == 61, len(carol.replies[room])
        await carol.close()

    run(scenario())
    assert "filled a timeline gap" in flowcoach.logs(), "the backlog really came through a limited timeline"


QUICK_DIALOG = """
id: quick-check
title: Quick check
skill: testing
summary: A dialog whose follow-up comes seconds later.
triggers:
  commands: [coach quick]
steps:
  - id: what
    ask: What are you about to try?
    save: what
  - id: done
    say: Good luck with {{what}}.
follow_up:
  after: 3s
  say: "Time to look back on {{what}}."
  dialog: reflection
"""


def test_a_follow_up_arrives_on_time_and_its_answer_goes_to_the_reflection(synapse, flowcoach):
    async def scenario():
        bob = Employee(synapse, "bob", BOT)
        await bob.login()
        room = await bob.open_dm()
        await fresh_start(bob, room)
        with open(os.path.join(flowcoach.root, "Prompts", "dialogs", "quick-check.yaml"), "w") as f:
            f.write(QUICK_DIALOG)
        flowcoach.signal(signal.SIGHUP)
        time.sleep(1)
        assert "What are you about to try?" in await bob.ask(room, "coach quick")
        assert "Good luck with the new standup format." in await bob.ask(room, "the new standup format")
        sent = time.time()
        replies = await bob.wait_for_replies(room, 3, timeout=15)
        assert time.time() - sent >= 2, "not before it was due"
        assert "Time to look back on the new standup format." in replies[2]
        assert "Did you get to use what we prepared?" in replies[2]
        assert "What happened?" in await bob.ask(room, "yes")
        await bob.close()

    run(scenario())


def test_search_show_and_a_thumbs_up_reaction_rate_a_job_aid(synapse, flowcoach):
    async def scenario():
        carol = Employee(synapse, "carol", BOT)
        await carol.login()
        room = await carol.open_dm()
        found = await carol.ask(room, "search delegation levels")
        assert 'show delegation-levels' in found
        shown = await carol.ask(room, "show delegation-levels")
        assert shown.startswith("The four levels of delegation")
        assert "Say \"helpful\" or \"not helpful\"" in shown
        assert "Thanks, noted." in await carol.react(room, carol.last_bot_event, "👍")
        await carol.close()

    run(scenario())
    state = open(os.path.join(flowcoach.state, "journal.jsonl")).read()
    assert '"helpful":true' in state and "delegation-levels" in state


def test_a_peer_question_reaches_the_expert_and_the_answer_is_found_later(synapse, flowcoach):
    async def scenario():
        asker, expert, bystander = (Employee(synapse, name, BOT) for name in ("alice", "bob", "carol"))
        await asyncio.gather(asker.login(), expert.login(), bystander.login())
        asker_room, expert_room, bystander_room = await asyncio.gather(asker.open_dm(), expert.open_dm(), bystander.open_dm())
        for person, room in ((asker, asker_room), (expert, expert_room), (bystander, bystander_room)):
            await fresh_start(person, room)
        assert "Your expertise: negotiation" in await expert.ask(expert_room, "expertise add negotiation")
        posted = await asker.ask(asker_room, "ask How do I negotiate with a supplier who won't move on price?")
        assert posted.startswith("Posted as q1 (#negotiation). I've asked 1 colleague"), posted
        routed = (await expert.wait_for_replies(expert_room, 2))[1]
        assert "asks (q1): How do I negotiate with a supplier" in routed
        assert "is with alice" in await expert.ask(expert_room, "answer q1 Trade volume or term length for price, never concede for free.")
        notified = (await asker.wait_for_replies(asker_room, 2))[1]
        assert "answered your question q1 (a1)" in notified
        assert "Accepted a1 for q1" in await asker.ask(asker_room, "accept a1")
        found = await bystander.ask(bystander_room, "search supplier price negotiation")
        assert "Answered by colleagues" in found and "q1:" in found
        assert "Trade volume or term length" in await bystander.ask(bystander_room, "show q1")
        assert not any("asks (q1)" in reply for reply in bystander.replies[bystander_room]), "the bystander was never asked"

        # A board room: new questions are posted there and a threaded reply answers them.
        board = await asker.create_group([expert.client.user_id, bystander.client.user_id])
        await asyncio.gather(expert.join(board), bystander.join(board))
        flowcoach.configure(qa={"board_room": board})
        flowcoach.signal(signal.SIGHUP)
        time.sleep(1)
        asked = await bystander.ask(bystander_room, "ask #negotiation @room what is a good opening anchor?")
        assert asked.startswith("Posted as q2 (#negotiation") and "I've asked 1 colleague who knows" in asked, asked
        root, text = await expert.wait_for_bot_event(board, "Question q2 from carol")
        assert "＠room what is a good opening anchor?" in text, "relayed text is inert"
        await expert.reply_in_thread(board, root, "Ambitious but defensible: cite a benchmark.")
        await bystander.wait_for_bot_event(bystander_room, "bob answered your question q2 (a2): Ambitious but defensible")
        await asyncio.gather(asker.close(), expert.close(), bystander.close())

    run(scenario())


def test_a_nudge_scheduled_a_minute_ahead_arrives_and_its_reply_is_recorded(synapse, flowcoach):
    """A one-off check-in at the next whole minute plus one: it arrives through Synapse on time,
    the "yes" and what happened are routed back to it and land in the journal."""
    due = datetime.now(timezone.utc).replace(second=0, microsecond=0) + timedelta(minutes=2)
    with open(os.path.join(flowcoach.root, "Config", "nudges.yaml"), "w") as f:
        f.write(f"""version: 1
delivery:
  weekends: []
nudges:
  - id: e2e-check-in
    schedule: "{due:%Y-%m-%d %H:%M}"
    audience: {{users: ["@erin:localhost"]}}
    check_in:
      skill: giving-feedback
      question: Did you give anyone SBI feedback today, {{{{user}}}}?
""")
    flowcoach.signal(signal.SIGHUP)
    time.sleep(1)

    async def scenario():
        erin = Employee(synapse, "erin", BOT)
        await erin.login()
        room = await erin.open_dm()
        await fresh_start(erin, room)
        await erin.ask(room, "hello")
        before = len(erin.replies[room])
        replies = await erin.wait_for_replies(room, before + 1, timeout=200)
        arrived = datetime.now(timezone.utc)
        assert "Did you give anyone SBI feedback today, erin?" in replies[before]
        assert due <= arrived < due + timedelta(seconds=30), (due, arrived)
        assert "What happened?" in await erin.ask(room, "yes")
        assert "1 time you've applied giving-feedback" in await erin.ask(room, "Told Sam his demo opening was crisp.")
        await erin.close()

    run(scenario())
    journal = open(os.path.join(flowcoach.state, "journal.jsonl")).read()
    assert '"applied":true' in journal and "Told Sam his demo opening was crisp." in journal


def test_impact_is_captured_reported_and_erased_on_request(synapse, flowcoach):
    """alice records an application and sees her progress; carol, renamed "dave", is refused admin
    commands; dave (an admin by id) gets stats in a DM but not in a group room, and a report; alice
    exports and then erases her data, which leaves the state files; /metrics and `flowcoach report`."""
    flowcoach.configure(admins=["@dave:localhost"])
    flowcoach.signal(signal.SIGHUP)
    time.sleep(1)

    async def scenario():
        alice, carol, dave = (Employee(synapse, name, BOT) for name in ("alice", "carol", "dave"))
        await asyncio.gather(alice.login(), carol.login(), dave.login())
        a_room, c_room, d_room = await asyncio.gather(alice.open_dm(), carol.open_dm(), dave.open_dm())
        for person, room in ((alice, a_room), (carol, c_room), (dave, d_room)):
            await fresh_start(person, room)
        noted = await alice.ask(a_room, "applied delegation: handed the Zanzibar forecast to Bob")
        assert "1 time you've applied delegation" in noted and "How much did it help" in noted, noted
        assert "impact 4/5 (time)" in await alice.ask(a_room, "4 time 2")
        assert "Applied delegation: 1 time, 1 this week, average impact 4.0/5." in await alice.ask(a_room, "my progress")
        await carol.client.set_displayname("dave")
        assert "only for the admins" in await carol.ask(c_room, "admin stats")
        assert "1 time you've applied giving-feedback" in await carol.ask(c_room, "applied giving feedback: praised Dan's release notes")
        assert "skipped" in await carol.ask(c_room, "skip")
        # The homeserver is shared by the session's tests, so the bot may know people from earlier ones.
        assert re.match(r"People: \d+ known, \d+ active this week", await dave.ask(d_room, "admin stats"))
        group = await dave.create_group([alice.client.user_id])
        await alice.join(group)
        deadline = time.time() + 30
        while time.time() < deadline:
            members = await dave.client.joined_members(group)
            if len(getattr(members, "members", [])) == 3:
                break
            await asyncio.sleep(0.3)
        assert "only work in a direct message" in await dave.ask(group, f"{BOT} admin stats")
        # A barrier named in a shared room is noted (and shows in the report below, without a name).
        assert "noted under time" in await dave.ask(group, f"{BOT} barrier too many meetings to prepare the feedback")
        assert "flowcoach impact report" in await dave.ask(d_room, "admin report")
        assert "Reloading Prompts/ and Config/" in await dave.ask(d_room, "admin reload")
        assert "Zanzibar forecast" in await alice.ask(a_room, "my data")
        assert 'Say "yes" to erase' in await alice.ask(a_room, "forget me")
        assert "erased everything" in await alice.ask(a_room, "yes")
        await asyncio.gather(alice.close(), carol.close(), dave.close())

    run(scenario())
    wait_until(lambda: flowcoach.logs().count("content reloaded") >= 2, 10, "the reload an admin asked for")
    stored = "".join(open(os.path.join(flowcoach.state, name)).read() for name in ("snapshot.json", "journal.jsonl"))
    assert "@alice:localhost" not in stored and "Zanzibar" not in stored
    assert '"actor":"@carol:localhost"' in stored and '"allowed":false' in stored, "the refused attempt is audited"
    with urllib.request.urlopen(f"http://127.0.0.1:{flowcoach.health_port}/metrics", timeout=5) as response:
        metrics = response.read().decode()
    assert re.search(r"^flowcoach_messages_in_total (\d+)", metrics, re.M), metrics
    assert int(re.search(r"^flowcoach_messages_in_total (\d+)", metrics, re.M).group(1)) >= 12
    assert "flowcoach_reply_latency_seconds_bucket" in metrics and "flowcoach_journal_fsync_seconds_count" in metrics
    report = os.path.join(flowcoach.root, "report.html")
    done = subprocess.run([flowcoach.BINARY, "report", "--root", flowcoach.root, "--format", "html", "--min-group", "1", "--out", report],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    html = open(report).read()
    assert html.startswith("<!DOCTYPE html>") and "<svg" in html and "<polyline" in html and "<script" not in html
    assert "too many meetings to prepare the feedback" in html and "@dave" not in html, "the barrier, without its author"
    # Her delegation application left with her: no delegation row or chart line (a knowledge item's
    # title may still name delegation).
    assert "giving-feedback" in html and "Skill delegation" not in html and "delegation (" not in html, "alice's application left with her"


MOMENT_DIALOG = """
id: quick-moment
title: A quick moment
skill: testing
summary: A dialog whose moment is minutes away.
triggers:
  keywords: [zorblax]
capture:
  when: when
moment:
  remind_before: 1m
  debrief_after: 1m
steps:
  - id: opening
    ask: What will you open with?
    save: opening
  - id: done
    say: "Open with {{clause(opening)}}."
follow_up:
  after: 1d
  say: "Time to look back on the zorblax moment."
  dialog: reflection
"""


def test_a_captured_moment_gets_its_plan_before_and_a_debrief_after(synapse, flowcoach):
    """The opening names the moment ("in 3 minutes"): the coach offers the plan again before it and
    a debrief after it; both arrive through Synapse on time, and the debrief's answer goes to the
    reflection dialog."""
    with open(os.path.join(flowcoach.root, "Prompts", "dialogs", "quick-moment.yaml"), "w") as f:
        f.write(MOMENT_DIALOG)
    with open(os.path.join(flowcoach.root, "Config", "nudges.yaml"), "w") as f:
        f.write("version: 1\ndelivery:\n  weekends: []\n")
    flowcoach.signal(signal.SIGHUP)
    time.sleep(1)

    async def scenario():
        frank = Employee(synapse, "frank", BOT)
        await frank.login()
        room = await frank.open_dm()
        await fresh_start(frank, room)
        assert "What will you open with?" in await frank.ask(room, "the zorblax moment is in 3 minutes")
        offer = await frank.ask(room, "a question about their goals")
        assert "Open with a question about their goals." in offer
        assert "Shall I send you this plan again later today" in offer, offer
        assert "Your plan comes back" in await frank.ask(room, "yes")
        before = len(frank.replies[room])
        replies = await frank.wait_for_replies(room, before + 2, timeout=300)
        assert "It's nearly time" in replies[before] and "Open with a question about their goals." in replies[before], replies[before]
        assert "Time to look back on the zorblax moment." in replies[before + 1]
        assert "Did you get to use what we prepared?" in replies[before + 1]
        assert "What happened?" in await frank.ask(room, "yes")
        await frank.close()

    run(scenario())


def test_sigterm_stops_cleanly_with_a_snapshot(synapse, flowcoach):
    started = time.time()
    assert flowcoach.stop() == 0
    assert time.time() - started < 15
    assert os.path.exists(os.path.join(flowcoach.state, "snapshot.json"))
