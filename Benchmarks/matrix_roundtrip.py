"""CPU, memory and reply round trip per message through a real Synapse, on demand (not part of
CI's pass/fail): flowcoach against a minimal matrix-nio echo bot, each as its own process.

Usage: .venv/bin/python Benchmarks/matrix_roundtrip.py [--users 10] [--messages 40] [--runs 3]
       [--binary .build/release/flowcoach] [--arena-max 2] [--perf FILE] [--one-hop] [--smaps] [--text help]

With the venv's bin first on PATH (`PATH=$PWD/.venv/bin:$PATH`). One Synapse on 127.0.0.1 serves
every run. In each run, `--users` matrix-nio clients each open a DM with the bot under test and
send `--messages` messages one after another (closed loop: the next only once the reply is seen),
all users at once; first to `Benchmarks/echo_bot.py` (matrix-nio, answers "echo <body>"), then to
flowcoach (the release build unless `--binary` says otherwise), each started fresh for the run.
For each it prints the CPU time per message (user + system, from /proc/PID/stat, over the timed
messages only), the peak RSS (VmHWM; flowcoach with MALLOC_ARENA_MAX=2 as its systemd unit
sets it, unless `--arena-max` says otherwise) and the send -> reply-seen round trip p50/p99; then the
medians over the runs and flowcoach / echo. `--perf FILE` records flowcoach's timed messages in
the first run with `perf record -g`. `--one-hop` also times Synapse alone (send -> another
client's /sync sees it) once, for scale. `--smaps` prints flowcoach's largest resident mappings.
"""
import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "Tests", "E2E"))

from harness import REPO, FlowCoach, Synapse  # noqa: E402
from nio import AsyncClient, RoomMessageNotice, RoomMessageText  # noqa: E402

FLOWCOACH = "@flowcoach:localhost"
ECHO = "@echobot:localhost"
PASSWORD = "secret-pw-1"


class Listener:
    """A client whose sync loop timestamps every message it sees from others, per room."""

    def __init__(self, synapse, user):
        self.client = AsyncClient(synapse.url, f"@{user}:localhost")
        self.user = f"@{user}:localhost"
        self.queues = {}
        self.task = None

    async def start(self):
        await self.client.login(PASSWORD, device_name="bench")
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


async def conversation(sender, receiver, room, count, text):
    latencies = []
    for _ in range(count):
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


async def closed_loop(synapse, users, bot, args, pid, perf=None):
    """Every user opens a DM with `bot`, warms up with one message, then sends `args.messages`;
    returns (latencies, CPU seconds of `pid` over the timed messages)."""
    listeners = [Listener(synapse, u) for u in users]
    await asyncio.gather(*(l.start() for l in listeners))
    try:
        rooms = await asyncio.gather(*(make_dm(l, bot, None) for l in listeners))
        await asyncio.gather(*(conversation(l, l, room, 1, args.text) for l, room in zip(listeners, rooms)))
        await asyncio.sleep(1)  # anything beyond one reply to the warm-up (a welcome) is dropped
        for l, room in zip(listeners, rooms):
            while not l.queue(room).empty():
                l.queue(room).get_nowait()
        recorder = None
        if perf:
            recorder = subprocess.Popen(["perf", "record", "-g", "-o", perf, "-p", str(pid)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            await asyncio.sleep(0.5)
        cpu_before = proc_cpu_seconds(pid)
        results = await asyncio.gather(*(conversation(l, l, room, args.messages, args.text) for l, room in zip(listeners, rooms)))
        cpu = proc_cpu_seconds(pid) - cpu_before
        if recorder:
            recorder.send_signal(2)
            recorder.wait(timeout=60)
        return [v for vs in results for v in vs], cpu
    finally:
        await asyncio.gather(*(l.stop() for l in listeners))


def smaps_top(pid, count=14):
    """The mappings holding most of `pid`'s resident memory now (KiB, by file or kind)."""
    sizes, name = {}, None
    with open(f"/proc/{pid}/smaps") as f:
        for line in f:
            head = line.split()
            if not line[0].isupper() or (":" not in head[0]):
                name = head[5] if len(head) > 5 else "[anon]"
            elif head[0] == "Rss:":
                sizes[name] = sizes.get(name, 0) + int(head[1])
    with open(f"/proc/{pid}/status") as f:
        threads = next(line.split()[1] for line in f if line.startswith("Threads:"))
    print(f"  flowcoach resident now, {threads} threads (top mappings, KiB):")
    for key, kib in sorted(sizes.items(), key=lambda item: -item[1])[:count]:
        print(f"    {kib:8d}  {key}")


def summary(name, latencies, cpu, peak_kib):
    ms = [v * 1000 for v in latencies]
    return {"name": name, "n": len(ms), "cpu_ms": cpu / len(ms) * 1000, "rss_mib": peak_kib / 1024,
            "p50": percentile(ms, 50), "p99": percentile(ms, 99)}


def show(row):
    print(f"  {row['name']:<10} n={row['n']:5d}  CPU {row['cpu_ms']:6.3f} ms/message  peak RSS {row['rss_mib']:6.1f} MiB  "
          f"round trip p50 {row['p50']:7.2f} ms  p99 {row['p99']:7.2f} ms", flush=True)


async def run_echo(synapse, users, args):
    process = subprocess.Popen([sys.executable, os.path.join(HERE, "echo_bot.py"), synapse.url, ECHO, PASSWORD],
                               stdout=subprocess.PIPE, text=True)
    try:
        line = await asyncio.get_running_loop().run_in_executor(None, process.stdout.readline)
        if line.strip() != "ready":
            raise RuntimeError("echo bot did not start")
        latencies, cpu = await closed_loop(synapse, users, ECHO, args, process.pid)
        return summary("echo bot", latencies, cpu, proc_peak_kib(process.pid))
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


async def run_flowcoach(synapse, users, args, perf):
    daemon = FlowCoach(synapse, FLOWCOACH, synapse.login("flowcoach"))
    daemon.env["LOG_LEVEL"] = "warning"
    if args.arena_max:
        daemon.env["MALLOC_ARENA_MAX"] = args.arena_max  # as systemd/flowcoach.service sets it
    daemon.start()
    try:
        latencies, cpu = await closed_loop(synapse, users, FLOWCOACH, args, daemon.process.pid, perf)
        if args.smaps:
            smaps_top(daemon.process.pid)
        return summary("flowcoach", latencies, cpu, proc_peak_kib(daemon.process.pid))
    finally:
        daemon.close()


async def one_hop(synapse, args):
    senders = [Listener(synapse, f"user{i}") for i in range(args.users)]
    receivers = [Listener(synapse, f"peer{i}") for i in range(args.users)]
    await asyncio.gather(*(c.start() for c in senders + receivers))
    rooms = await asyncio.gather(*(make_dm(s, r.user, r) for s, r in zip(senders, receivers)))
    results = await asyncio.gather(*(conversation(s, r, room, args.messages, args.text) for s, r, room in zip(senders, receivers, rooms)))
    ms = [v * 1000 for vs in results for v in vs]
    print(f"Synapse alone, one hop (send -> seen): p50 {percentile(ms, 50):.2f} ms  p99 {percentile(ms, 99):.2f} ms", flush=True)
    await asyncio.gather(*(c.stop() for c in senders + receivers))


async def main(args):
    FlowCoach.BINARY = os.path.abspath(args.binary)
    if not os.path.exists(FlowCoach.BINARY):
        sys.exit(f"{FlowCoach.BINARY} is missing: swift build -c release --product flowcoach")
    print(f"flowcoach binary: {FlowCoach.BINARY}; {args.users} users x {args.messages} messages ({args.text!r}), "
          f"closed loop, {args.runs} run(s); load average {os.getloadavg()[0]:.2f}", flush=True)
    synapse = Synapse()
    try:
        users = [f"user{i}" for i in range(args.users)]
        for u in ["flowcoach", "echobot"] + users + ([f"peer{i}" for i in range(args.users)] if args.one_hop else []):
            synapse.register(u)
        if args.one_hop:
            await one_hop(synapse, args)
        rows = {"echo bot": [], "flowcoach": []}
        for run in range(args.runs):
            print(f"run {run + 1}:", flush=True)
            echo = await run_echo(synapse, users, args)
            show(echo)
            coach = await run_flowcoach(synapse, users, args, args.perf if run == 0 else None)
            show(coach)
            rows["echo bot"].append(echo)
            rows["flowcoach"].append(coach)
        print(f"median of {args.runs} run(s):")
        medians = {}
        for name, values in rows.items():
            medians[name] = {"name": name, "n": values[0]["n"], **{key: statistics.median(v[key] for v in values)
                                                                  for key in ("cpu_ms", "rss_mib", "p50", "p99")}}
            show(medians[name])
        fc, echo = medians["flowcoach"], medians["echo bot"]
        print(f"  flowcoach / echo bot: CPU {fc['cpu_ms'] / echo['cpu_ms']:.2f}x  peak RSS {fc['rss_mib'] / echo['rss_mib']:.2f}x  "
              f"p50 {fc['p50'] / echo['p50']:.2f}x  p99 {fc['p99'] / echo['p99']:.2f}x")
    finally:
        synapse.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--messages", type=int, default=40)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--text", default="help")
    parser.add_argument("--binary", default=os.path.join(REPO, ".build", "release", "flowcoach"))
    parser.add_argument("--perf", help="perf record flowcoach's timed messages (first run) into this file")
    parser.add_argument("--one-hop", action="store_true")
    parser.add_argument("--arena-max", default="2", help="MALLOC_ARENA_MAX for flowcoach, as the systemd unit sets it ('' for glibc's default)")
    parser.add_argument("--smaps", action="store_true", help="print flowcoach's largest resident mappings after each run")
    asyncio.run(main(parser.parse_args()))
