"""A minimal matrix-nio echo bot, run as its own process by matrix_roundtrip.py so its CPU time and
peak memory can be read from /proc exactly like flowcoach's.

Usage: echo_bot.py HOMESERVER_URL USER_ID PASSWORD

It joins every room it is invited to and answers each text message from someone else with an
`m.notice` "echo <body>". Messages from before its first sync are not answered. It prints
"ready" on stdout once it is listening, and runs until terminated.
"""
import asyncio
import signal
import sys

from nio import AsyncClient, InviteMemberEvent, MatrixRoom, RoomMessageText


async def main(url, user, password):
    client = AsyncClient(url, user)
    await client.login(password, device_name="echo")

    async def on_invite(room: MatrixRoom, event: InviteMemberEvent):
        if event.state_key == user and event.membership == "invite":
            await client.join(room.room_id)

    async def on_message(room: MatrixRoom, event: RoomMessageText):
        if event.sender != user:
            await client.room_send(room.room_id, "m.room.message", {"msgtype": "m.notice", "body": "echo " + event.body})

    await client.sync(timeout=0)  # skip history
    client.add_event_callback(on_invite, InviteMemberEvent)
    client.add_event_callback(on_message, RoomMessageText)
    print("ready", flush=True)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    syncing = asyncio.create_task(client.sync_forever(timeout=30000))
    await stop.wait()
    syncing.cancel()
    await client.close()


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:4]))
