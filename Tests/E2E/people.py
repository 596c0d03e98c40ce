"""Employees played by matrix-nio clients."""
import asyncio
import time

from nio import AsyncClient, InviteMemberEvent, RoomCreateResponse, RoomMessageNotice, RoomMessageText


class Employee:
    def __init__(self, synapse, user, bot_user):
        self.synapse = synapse
        self.user = user
        self.bot = bot_user
        self.client = AsyncClient(synapse.url, f"@{user}:localhost")
        self.replies = {}  # room id -> list of bot reply bodies, in order
        self.bot_events = {}  # room id -> list of (event id, body) of the bot's messages
        self.formatted = {}  # room id -> list of the bot's HTML versions (None for a message without one)
        self.last_bot_event = None

    async def login(self):
        response = await self.client.login("secret-pw-1", device_name=self.user)
        assert getattr(response, "access_token", None), response
        first = await self.client.sync(timeout=0)
        self.next_batch = first.next_batch

    async def open_dm(self):
        """Creates a direct chat and invites the bot; waits until the bot has joined."""
        response = await self.client.room_create(is_direct=True, invite=[self.bot])
        assert isinstance(response, RoomCreateResponse), response
        room = response.room_id
        deadline = time.time() + 30
        while time.time() < deadline:
            members = await self.client.joined_members(room)
            if any(m.user_id == self.bot for m in getattr(members, "members", [])):
                self.replies.setdefault(room, [])
                return room
            await asyncio.sleep(0.3)
        raise AssertionError("the bot did not join the DM")

    async def send(self, room, text):
        response = await self.client.room_send(room, "m.room.message", {"msgtype": "m.text", "body": text})
        return response.event_id

    async def create_group(self, invite):
        """Creates a group room (not a DM) with the bot and `invite`; returns its id."""
        response = await self.client.room_create(invite=[self.bot] + invite)
        assert isinstance(response, RoomCreateResponse), response
        return response.room_id

    async def join(self, room):
        await self.client.join(room)

    async def reply_in_thread(self, room, root_event_id, text):
        content = {"msgtype": "m.text", "body": text, "m.relates_to": {"rel_type": "m.thread", "event_id": root_event_id}}
        response = await self.client.room_send(room, "m.room.message", content)
        return response.event_id

    async def wait_for_bot_event(self, room, starts_with, timeout=30):
        """Waits for a bot message in `room` that starts with `starts_with`; returns (event id, body)."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            for event in self.bot_events.get(room, []):
                if event[1].startswith(starts_with):
                    return event
            await self.collect(1.0)
        raise AssertionError(f"{self.user}: no bot message starting {starts_with!r} in {room}: {self.bot_events.get(room)}")

    async def react(self, room, event_id, key):
        before = len(self.replies.get(room, []))
        await self.client.room_send(room, "m.reaction", {"m.relates_to": {"rel_type": "m.annotation", "event_id": event_id, "key": key}})
        return (await self.wait_for_replies(room, before + 1))[before]

    async def collect(self, seconds=1.0):
        """Reads new messages for a while, recording the bot's replies per room."""
        response = await self.client.sync(timeout=int(seconds * 1000), since=self.next_batch)
        if not hasattr(response, "next_batch"):
            return
        self.next_batch = response.next_batch
        for room_id, room in response.rooms.join.items():
            for event in room.timeline.events:
                if isinstance(event, (RoomMessageNotice, RoomMessageText)) and event.sender == self.bot:
                    self.replies.setdefault(room_id, []).append(event.body)
                    self.bot_events.setdefault(room_id, []).append((event.event_id, event.body))
                    html = event.formatted_body if event.format == "org.matrix.custom.html" else None
                    self.formatted.setdefault(room_id, []).append(html)
                    self.last_bot_event = event.event_id

    async def wait_for_replies(self, room, count, timeout=30):
        """Waits until the bot has sent `count` replies in `room` since the start; returns them."""
        deadline = time.time() + timeout
        while len(self.replies.get(room, [])) < count and time.time() < deadline:
            await self.collect(1.0)
        replies = self.replies.get(room, [])
        assert len(replies) >= count, f"{self.user}: expected {count} replies, got {replies}"
        return replies

    async def ask(self, room, text, timeout=30):
        """Sends `text` and returns the bot's next reply."""
        before = len(self.replies.get(room, []))
        await self.send(room, text)
        replies = await self.wait_for_replies(room, before + 1, timeout)
        return replies[before]

    async def close(self):
        await self.client.close()
