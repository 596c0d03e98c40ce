"""The manager loop through a real homeserver: a person shares, applies a skill, their manager
sees the moment in `my team` and recognises them, and the person receives it from the coach.
A colleague who does not share, and someone on another team, never show up individually."""
import asyncio
import signal

from harness import wait_until
from people import Employee

BOT = "@flowcoach:localhost"


def run(coroutine):
    return asyncio.run(coroutine)


def test_a_manager_sees_a_shared_moment_recognises_it_and_nothing_else(synapse, flowcoach):
    flowcoach.configure(managers={
        "@alice:localhost": "@carol:localhost",
        "@dave:localhost": "@carol:localhost",
        "@erin:localhost": "@frank:localhost",
    })
    flowcoach.signal(signal.SIGHUP)
    wait_until(lambda: "content reloaded" in flowcoach.logs(), 15, "the reload with managers")

    async def scenario():
        alice, dave, erin, carol = (Employee(synapse, name, BOT) for name in ("alice", "dave", "erin", "carol"))
        await asyncio.gather(alice.login(), dave.login(), erin.login(), carol.login())
        # The homeserver is shared by the session's tests: an earlier one renames carol. Names are the platform's.
        await asyncio.gather(*(person.client.set_displayname(person.user) for person in (alice, dave, erin, carol)))
        rooms = await asyncio.gather(alice.open_dm(), dave.open_dm(), erin.open_dm(), carol.open_dm())
        alice_room, dave_room, erin_room, carol_room = rooms
        await carol.ask(carol_room, "hello")  # the coach learns a name from the person's own messages

        assert "You share nothing individually with carol" in await alice.ask(alice_room, "my sharing")
        assert "From now on carol can see" in await alice.ask(alice_room, "share with my manager")
        assert "applied delegation" in await alice.ask(alice_room, "applied delegation: handed the Q3 report to Bob with a clear brief")
        assert "impact 4/5" in await alice.ask(alice_room, "4")

        # Dave doesn't share; Erin shares, but with her own manager, Frank.
        await dave.ask(dave_room, "applied delegation: DAVE-PRIVATE moved the vendor call to Sam")
        await dave.ask(dave_room, "3")
        assert "From now on frank can see" in await erin.ask(erin_room, "share with my manager")
        await erin.ask(erin_room, "applied delegation: ERIN-PRIVATE gave the pitch deck to Kim")

        team = await carol.ask(carol_room, "my team")
        assert "Your team over the last 7 days (2 people)" in team, team
        assert '1. alice applied delegation once this week: "handed the Q3 report to Bob with a clear brief"' in team, team
        assert "Team figures appear only when each is drawn from at least 5 people" in team, team
        assert "nothing individual" not in team.lower()
        for private in ("DAVE-PRIVATE", "vendor call", "ERIN-PRIVATE", "dave", "erin"):
            assert private not in team, (private, team)
        assert "Nothing individual to show for dave" in await carol.ask(carol_room, "my team dave")
        assert 'No one called "erin" reports to you' in await carol.ask(carol_room, "my team erin")
        assert 'No one called "erin" reports to you' in await carol.ask(carol_room, "recognise erin nice pitch")

        before = len(alice.replies[alice_room])
        assert "Sent to alice, from you." in await carol.ask(carol_room, "recognise 1 Great delegation this week!")
        received = (await alice.wait_for_replies(alice_room, before + 1))[before]
        assert received == 'carol noticed your work and asked me to pass this on: "Great delegation this week!"', received

        # Stopping takes effect at once.
        assert "carol no longer sees anything about you individually" in await alice.ask(alice_room, "stop sharing")
        after = await carol.ask(carol_room, "my team")
        assert "handed the Q3 report" not in after and "1. alice" not in after, after

        await erin.collect(1.0)
        assert not any("noticed your work" in reply for reply in erin.replies.get(erin_room, [])), "nothing reached Erin"
        await asyncio.gather(alice.close(), dave.close(), erin.close(), carol.close())

    run(scenario())
