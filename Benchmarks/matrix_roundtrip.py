"""Reply round trip through a real Synapse, on demand (not part of CI's pass/fail).

Usage: .venv/bin/python Benchmarks/matrix_roundtrip.py [--users 10] [--messages 100]

Measures, with 10 matrix-nio users each sending 100 messages one after another (all users at once):
  1. flowcoach: send -> the user's /sync sees flowcoach's reply;
  2. Synapse alone, one hop: send -> another client's /sync sees the message;
  3. Synapse with a trivial matrix-nio echo bot, two hops (the same path a reply takes);
and flowcoach's CPU time and peak memory (from /proc) per 1,000 messages.
"""
import argparse
import asyncio
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "Tests", "E2E"))

from harness import FlowCoach, Synapse  # noqa: E402
from nio import AsyncClient, RoomMessageNotice, RoomMessageText  # noqa: E402

BOT = "@flowcoach:localhost"


class Listener:
    """A client whose sync loop timestamps every message it sees, per room."""

    def __init__(self, synapse, user):
        self.client = AsyncClient(synapse.url, f"@{user}:localhost")
        self.user = f"@{user}:localhost"
        self.queues = {}
        self.task = None

    async def start(self):
        await self.client.login("secret-pw-1", device_name="bench")
        first = await self.client.sync(timeout=0)
        self.since = first.next_batch
        self.task = asyncio.create_task(self.loop())

    def queue(self, room):
        return self.queues.setdefault(room, asyncio.Queue())

    async def loop(self):
        while True:
            response = await self.client.sync(timeout=30000, since=self.since)
            seen = time.perf_counter()
            if not hasattr(response, "next_batch"):
                continue
            self.since = response.next_batch
            for room_id, room in response.rooms.join.items():
                for event in room.timeline.events:
                    if isinstance(event, (RoomMessageText, RoomMessageNotice)) and event.sender != self.user:
                        self.queue(room_id).put_nowait((seen, event))

    async def stop(self):
        if self.task:
            self.task.cancel()
        await self.client.close()


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def report(name, latencies):
    ms = [v * 1000 for v in latencies]
    print(f"{name:<42} n={len(ms):5d}  p50={percentile(ms, 50):7.2f} ms  p99={percentile(ms, 99):7.2f} ms  mean={statistics.mean(ms):7.2f} ms")


async def conversation(sender, receiver, room, count, text):
    latencies = []
    for i in range(count):
        sent = time.perf_counter()
        await sender.client.room_send(room, "m.room.message", {"msgtype": "m.text", "body": text})
        seen, _ = await asyncio.wait_for(receiver.queue(room).get(), timeout=60)
        latencies.append(seen - sent)
    return latencies


async def make_dm(owner, other_user, other_listener):
    response = await owner.client.room_create(is_direct=True, invite=[other_user])
    if other_listener is not None:
        await other_listener.client.join(response.room_id)
    deadline = time.time() + 30
    while time.time() < deadline:
        members = await owner.client.joined_members(response.room_id)
        if any(m.user_id == other_user for m in getattr(members, "members", [])):
            return response.room_id
        await asyncio.sleep(0.2)
    raise RuntimeError("no join")


def proc_cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def proc_peak_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


async def bench_flowcoach(synapse, users, count):
    listeners = [Listener(synapse, u) for u in users]
    await asyncio.gather(*(l.start() for l in listeners))
    rooms = await asyncio.gather(*(make_dm(l, BOT, None) for l in listeners))
    for listener, room in zip(listeners, rooms):  # warm up: one dialog-free turn each
        await conversation(listener, listener, room, 1, "help")
    return listeners, rooms


async def main(args):
    synapse = Synapse()
    try:
        synapse.register("flowcoach")
        users = [f"user{i}" for i in range(args.users)]
        partners = [f"peer{i}" for i in range(args.users)]
        for u in users + partners:
            synapse.register(u)

        # 2 and 3 first, so flowcoach's numbers are not taken on a warmer server.
        senders = [Listener(synapse, u) for u in users]
        receivers = [Listener(synapse, p) for p in partners]
        await asyncio.gather(*(c.start() for c in senders + receivers))
        rooms = await asyncio.gather(*(make_dm(s, r.user, r) for s, r in zip(senders, receivers)))
        one_hop = await asyncio.gather(*(conversation(s, r, room, args.messages, "help") for s, r, room in zip(senders, receivers, rooms)))
        report("Synapse alone, one hop (send -> seen)", [v for vs in one_hop for v in vs])

        async def echo(receiver, room):
            while True:
                _, event = await receiver.queue(room).get()
                await receiver.client.room_send(room, "m.room.message", {"msgtype": "m.notice", "body": "echo " + event.body})

        echoers = [asyncio.create_task(echo(r, room)) for r, room in zip(receivers, rooms)]
        two_hop = await asyncio.gather(*(conversation(s, s, room, args.messages, "help") for s, room in zip(senders, rooms)))
        report("Synapse + nio echo bot, two hops", [v for vs in two_hop for v in vs])
        for task in echoers:
            task.cancel()
        await asyncio.gather(*(c.stop() for c in senders + receivers))

        token = synapse.login("flowcoach")
        daemon = FlowCoach(synapse, BOT, token)
        daemon.env["LOG_LEVEL"] = "warning"
        daemon.start()
        try:
            listeners, rooms = await bench_flowcoach(synapse, users, args.messages)
            pid = daemon.process.pid
            cpu_before = proc_cpu_seconds(pid)
            results = await asyncio.gather(*(conversation(l, l, room, args.messages, "help") for l, room in zip(listeners, rooms)))
            cpu = proc_cpu_seconds(pid) - cpu_before
            latencies = [v for vs in results for v in vs]
            report("flowcoach reply round trip", latencies)
            per_thousand = cpu / len(latencies) * 1000
            print(f"flowcoach CPU: {cpu:.3f} s for {len(latencies)} messages = {per_thousand:.3f} s per 1,000 "
                  f"({per_thousand:.3f} ms per message); peak RSS {proc_peak_kib(pid) / 1024:.1f} MiB")
            await asyncio.gather(*(l.stop() for l in listeners))
        finally:
            daemon.close()
    finally:
        synapse.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--messages", type=int, default=100)
    asyncio.run(main(parser.parse_args()))
