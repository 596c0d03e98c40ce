"""A message that takes the daemon down is retried once after a restart, then skipped for good:
its sender gets one apology and everyone else keeps being answered."""
import asyncio
import time
import urllib.request

from harness import FlowCoach
from people import Employee

BOT = "@flowcoach:localhost"
TRIGGER = "xyzzy-poison"


def wait_for_exit(daemon, timeout=60):
    deadline = time.time() + timeout
    while daemon.process.poll() is None and time.time() < deadline:
        time.sleep(0.2)
    assert daemon.process.poll() is not None, "the poison message did not stop the daemon"
    return daemon.process.returncode


def test_a_poison_message_is_skipped_after_one_retry(synapse):
    synapse.register("poisoner")
    synapse.register("bystander")
    daemon = FlowCoach(synapse, BOT, synapse.login("flowcoach"))
    # Debug builds stop the process on a message containing this (compiled out of release builds).
    daemon.env["FLOWCOACH_TEST_CRASH_ON"] = TRIGGER
    try:
        daemon.start()

        async def scenario():
            poisoner, bystander = Employee(synapse, "poisoner", BOT), Employee(synapse, "bystander", BOT)
            await asyncio.gather(poisoner.login(), bystander.login())
            room, other_room = await asyncio.gather(poisoner.open_dm(), bystander.open_dm())
            assert "Here's what I can do" in await poisoner.ask(room, "help")

            await poisoner.send(room, f"please read this {TRIGGER} message")
            assert wait_for_exit(daemon) != 0
            # Like systemd's Restart=: the message comes back with the next /sync and stops it again.
            daemon.start(wait=False)
            assert wait_for_exit(daemon) != 0
            daemon.start()  # the third start skips it and stays up

            replies = await poisoner.wait_for_replies(room, 2, timeout=60)
            assert "set it aside" in replies[1], replies
            assert "Here's what I can do" in await bystander.ask(other_room, "help")
            assert "Here's what I found" in await poisoner.ask(room, "search feedback")
            await poisoner.collect(3.0)
            assert sum("set it aside" in reply for reply in poisoner.replies[room]) == 1, poisoner.replies[room]
            await asyncio.gather(poisoner.close(), bystander.close())

        asyncio.run(scenario())
        assert daemon.health()[0] == 200
        logs = daemon.logs()
        skipped = [line for line in logs.splitlines() if "skipped a message that stopped the process twice" in line]
        assert len(skipped) == 1 and "$" in skipped[0], skipped  # logged with its event id ...
        assert TRIGGER not in skipped[0]  # ... never with its text
        with urllib.request.urlopen(f"http://127.0.0.1:{daemon.health_port}/metrics", timeout=5) as response:
            metrics = response.read().decode()
        assert 'flowcoach_errors_total{kind="poison_event"} 1' in metrics, metrics
    finally:
        daemon.close()
