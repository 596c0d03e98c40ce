"""A small Mattermost server for the end-to-end tests, written from Mattermost's documented REST
API v4 (https://developers.mattermost.com/api-documentation/) and its outgoing-webhook
documentation, not from a live server. It listens on 127.0.0.1 only and keeps everything in
memory, so a test can play the people (`user_post`), read what the bot posted (`bot_posts`),
fire outgoing webhooks at the daemon (`outgoing_webhook`), take the server down (`stop`,
`start`) and make it answer 429 (`storm`, `rate_limit`).

What it serves, with the bot's bearer token:
  GET  /api/v4/users/me, /api/v4/users/{id}
  GET  /api/v4/users/{id}/channels            (server 6.1+; `legacy_listing` answers 404)
  GET  /api/v4/users/{id}/teams, /api/v4/users/{id}/teams/{team}/channels
  GET  /api/v4/channels/{id}/posts?since=ms   (posts updated after `since`)
  GET  /api/v4/channels/{id}/posts?page=&per_page=   (the latest posts)
  POST /api/v4/posts                          (pending_post_id seen within 30 s returns the post made)
  POST /api/v4/channels/direct
Every answer carries X-Ratelimit-Limit/Remaining/Reset; an exhausted window answers 429 with
Retry-After, like Mattermost's rate limiter.

Run alone for manual tries: `python Tests/E2E/mattermost_emulator.py --port 8065 --token T`.
"""
import argparse
import json
import random
import re
import socket
import string
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ID_ALPHABET = string.ascii_lowercase + string.digits
MAX_POST_RUNES = 16383
PENDING_POST_TTL = 30.0


def new_id():
    return "".join(random.choice(ID_ALPHABET) for _ in range(26))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def mentions(message, usernames=()):
    """The mentions Mattermost would notify for in `message`: words starting with @ after its
    splitting on anything but letters, digits and `:._-@`, and again on `.`, `-`, `:` (the server's
    `getExplicitMentions`); code blocks and spans are left out as the server does."""
    text = re.sub(r"```.*?(```|$)", " ", message, flags=re.S)
    text = re.sub(r"`[^`\n]*`", " ", text)
    words = re.split(r"[^\w:.\-@]", text)
    found = set()
    for word in words:
        for part in [word] + re.split(r"[.\-:]", word):
            part = part.strip(".-:_")
            if part.startswith("@") and len(part) > 1:
                name = part[1:].lower()
                if name in ("channel", "all", "here") or name in usernames:
                    found.add(name)
    return found


class MattermostEmulator:
    def __init__(self, bot_token="bot-token", port=None, bot_username="flowcoach"):
        self.bot_token = bot_token
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.lock = threading.RLock()
        self.users = {}
        self.teams = {new_id(): {"name": "acme"}}
        self.channels = {}
        self.posts = {}
        self.pending = {}
        self.last_millis = 0
        self.bot_id = self.add_user(bot_username, "Flow", "Coach", is_bot=True)
        # Rate limiting: `limit` calls per `window` seconds, like Mattermost's per-token limiter.
        self.limit = 1000
        self.window = 1.0
        self.window_start = time.time()
        self.used = 0
        self.storm_left = 0
        self.storm_retry_after = 1
        self.legacy_listing = False
        self.pending_ttl = PENDING_POST_TTL
        self.drop_create_responses = 0
        self.stats = {"requests": 0, "429": 0, "creates": 0, "deduplicated": 0, "dropped": 0}
        self.request_log = []
        self.server = None
        self.start()

    # ------------------------------------------------------------------ lifecycle
    def start(self):
        emulator = self

        class Handler(MattermostHandler):
            server_emulator = emulator

        self.server = QuietServer(("127.0.0.1", self.port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        """Takes the server off the network (connections refused); the data stays."""
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def close(self):
        self.stop()

    # ------------------------------------------------------------------ the people's side
    def millis(self):
        with self.lock:
            now = max(int(time.time() * 1000), self.last_millis + 1)
            self.last_millis = now
            return now

    def add_user(self, username, first_name="", last_name="", timezone=None, is_bot=False):
        with self.lock:
            user_id = new_id()
            self.users[user_id] = {
                "id": user_id, "username": username, "first_name": first_name, "last_name": last_name, "nickname": "",
                "is_bot": is_bot, "create_at": self.millis(), "update_at": 0, "delete_at": 0, "roles": "system_user",
                "timezone": {"useAutomaticTimezone": "true", "automaticTimezone": timezone or "", "manualTimezone": ""},
            }
            return user_id

    def direct_channel(self, a, b):
        with self.lock:
            name = "__".join(sorted([a, b]))
            for channel in self.channels.values():
                if channel["name"] == name and channel["type"] == "D":
                    return channel["id"]
            return self._add_channel(name, "D", {a, b}, team_id="")

    def add_channel(self, name, members, type="O"):
        with self.lock:
            return self._add_channel(name, type, set(members), team_id=next(iter(self.teams)))

    def _add_channel(self, name, type, members, team_id):
        channel_id = new_id()
        now = self.millis()
        self.channels[channel_id] = {
            "id": channel_id, "create_at": now, "update_at": now, "delete_at": 0, "team_id": team_id, "type": type,
            "display_name": "" if type == "D" else name, "name": name, "header": "", "purpose": "", "last_post_at": 0,
            "total_msg_count": 0, "creator_id": "", "members": members,
        }
        return channel_id

    def user_post(self, user_id, channel_id, message, **props):
        """`user_id` writes `message` in the channel, as the web app would."""
        return self._create(user_id, channel_id, message, props or {})

    def _create(self, user_id, channel_id, message, props, pending_post_id=""):
        with self.lock:
            now = self.millis()
            post = {
                "id": new_id(), "create_at": now, "update_at": now, "edit_at": 0, "delete_at": 0, "is_pinned": False,
                "user_id": user_id, "channel_id": channel_id, "root_id": "", "original_id": "", "message": message, "type": "",
                "props": props, "hashtags": "", "file_ids": [], "pending_post_id": pending_post_id, "metadata": {},
            }
            self.posts[post["id"]] = post
            channel = self.channels[channel_id]
            channel["last_post_at"] = now
            channel["total_msg_count"] += 1
            return dict(post)

    def edit_post(self, post_id, message):
        with self.lock:
            post = self.posts[post_id]
            post["message"] = message
            post["edit_at"] = post["update_at"] = self.millis()

    def bot_posts(self, channel_id):
        """The bot's messages in a channel, oldest first."""
        with self.lock:
            posts = [p for p in self.posts.values() if p["channel_id"] == channel_id and p["user_id"] == self.bot_id]
            return [p["message"] for p in sorted(posts, key=lambda p: (p["create_at"], p["id"]))]

    def all_bot_posts(self):
        with self.lock:
            return [dict(p) for p in self.posts.values() if p["user_id"] == self.bot_id]

    def usernames(self):
        with self.lock:
            return {u["username"].lower() for u in self.users.values()}

    def wait_for_bot_posts(self, channel_id, count, timeout=20):
        deadline = time.time() + timeout
        while time.time() < deadline:
            posts = self.bot_posts(channel_id)
            if len(posts) >= count:
                return posts
            time.sleep(0.05)
        raise TimeoutError(f"{count} bot posts expected in {channel_id}, got {self.bot_posts(channel_id)}")

    def outgoing_webhook(self, callback_url, token, channel_id, user_id, message, trigger_word, as_json=False, post=None):
        """What Mattermost does for an outgoing webhook: the post exists, then its payload is POSTed
        to the callback URL. Returns (status, body). `post` re-sends an existing post's payload."""
        post = post or self.user_post(user_id, channel_id, message)
        channel = self.channels[channel_id]
        payload = {
            "token": token, "team_id": channel["team_id"], "team_domain": "acme", "channel_id": channel_id,
            "channel_name": channel["name"], "timestamp": post["create_at"], "user_id": user_id,
            "user_name": self.users[user_id]["username"], "post_id": post["id"], "text": post["message"],
            "trigger_word": trigger_word, "file_ids": "",
        }
        if as_json:
            body, content_type = json.dumps(payload).encode(), "application/json"
        else:
            body, content_type = urllib.parse.urlencode(payload).encode(), "application/x-www-form-urlencoded"
        request = urllib.request.Request(callback_url, data=body, method="POST", headers={"Content-Type": content_type})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read().decode(), post
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), post

    def slash_command(self, callback_url, token, channel_id, user_id, command, text):
        """What Mattermost does for a custom slash command: no post is made; the command's payload
        is POSTed as a form to its request URL. Returns (status, body)."""
        channel = self.channels[channel_id]
        payload = {
            "token": token, "team_id": channel["team_id"] or next(iter(self.teams)), "team_domain": "acme", "channel_id": channel_id,
            "channel_name": channel["name"], "user_id": user_id, "user_name": self.users[user_id]["username"], "command": command,
            "text": text, "response_url": "http://127.0.0.1:9/hooks/commands/" + new_id(), "trigger_id": new_id() + ":" + new_id(),
        }
        request = urllib.request.Request(callback_url, data=urllib.parse.urlencode(payload).encode(), method="POST",
                                         headers={"Content-Type": "application/x-www-form-urlencoded"})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    # ------------------------------------------------------------------ faults
    def storm(self, count, retry_after=1):
        """The next `count` API calls are answered 429 with Retry-After."""
        with self.lock:
            self.storm_left = count
            self.storm_retry_after = retry_after

    def rate_limit(self, limit, window=1.0):
        with self.lock:
            self.limit, self.window, self.used, self.window_start = limit, window, 0, time.time()

    # ------------------------------------------------------------------ the API
    def admit(self):
        """Counts a call against the window; (status, headers) for a refusal, else (None, headers)."""
        with self.lock:
            self.stats["requests"] += 1
            now = time.time()
            if now - self.window_start >= self.window:
                self.window_start, self.used = now, 0
            reset = max(1, int(self.window - (now - self.window_start) + 0.999))
            if self.storm_left > 0:
                self.storm_left -= 1
                self.stats["429"] += 1
                return 429, {"X-Ratelimit-Limit": str(self.limit), "X-Ratelimit-Remaining": "0",
                             "X-Ratelimit-Reset": str(self.storm_retry_after), "Retry-After": str(self.storm_retry_after)}
            self.used += 1
            remaining = self.limit - self.used
            headers = {"X-Ratelimit-Limit": str(self.limit), "X-Ratelimit-Remaining": str(max(0, remaining)),
                       "X-Ratelimit-Reset": str(reset)}
            if remaining < 0:
                self.stats["429"] += 1
                headers["Retry-After"] = str(reset)
                return 429, headers
            return None, headers

    def handle(self, method, path, query, body):
        """(status, json) for an authenticated call."""
        with self.lock:
            parts = [p for p in path.split("/") if p][2:]  # after /api/v4
            if method == "GET" and parts == ["users", "me"]:
                return 200, self.users[self.bot_id]
            if method == "GET" and len(parts) == 2 and parts[0] == "users":
                user = self.users.get(parts[1])
                return (200, user) if user else error(404, "app.user.missing_account.const", "Unable to find the user.")
            if method == "GET" and len(parts) == 3 and parts[0] == "users" and parts[2] == "channels":
                if self.legacy_listing:
                    return error(404, "api.context.404.app_error", "Sorry, we could not find the page.")
                return self.channels_of(parts[1])
            if method == "GET" and len(parts) == 3 and parts[0] == "users" and parts[2] == "teams":
                return 200, [{"id": team, "name": t["name"]} for team, t in self.teams.items()]
            if method == "GET" and len(parts) == 5 and parts[0] == "users" and parts[2] == "teams" and parts[4] == "channels":
                status, channels = self.channels_of(parts[1])
                return status, [c for c in channels if c["team_id"] in ("", parts[3])] if status == 200 else channels
            if method == "GET" and len(parts) == 3 and parts[0] == "channels" and parts[2] == "posts":
                return self.channel_posts(parts[1], query)
            if method == "POST" and parts == ["posts"]:
                return self.create_post(body)
            if method == "POST" and parts == ["channels", "direct"]:
                if not (isinstance(body, list) and len(body) == 2 and all(u in self.users for u in body)):
                    return error(400, "api.context.invalid_body_param.app_error", "Invalid or missing user_ids in request body.")
                if self.bot_id not in body:
                    return error(403, "api.context.permissions.app_error", "You do not have the appropriate permissions.")
                return 201, public(self.channels[self.direct_channel(*body)])
            return error(404, "api.context.404.app_error", "Sorry, we could not find the page.")

    def channels_of(self, user_id):
        if user_id not in (self.bot_id, "me"):
            return error(403, "api.context.permissions.app_error", "You do not have the appropriate permissions.")
        return 200, [public(c) for c in self.channels.values() if self.bot_id in c["members"]]

    def channel_posts(self, channel_id, query):
        channel = self.channels.get(channel_id)
        if channel is None:
            return error(404, "app.channel.get.existing.app_error", "Unable to find the existing channel.")
        if self.bot_id not in channel["members"]:
            return error(403, "api.context.permissions.app_error", "You do not have the appropriate permissions.")
        posts = [p for p in self.posts.values() if p["channel_id"] == channel_id]
        if "since" in query:
            since = int(query["since"])
            chosen = sorted([p for p in posts if p["update_at"] > since], key=lambda p: -p["create_at"])[:1000]
        else:
            page, per_page = int(query.get("page", 0)), min(200, int(query.get("per_page", 60)))
            live = sorted([p for p in posts if p["delete_at"] == 0], key=lambda p: -p["create_at"])
            chosen = live[page * per_page:(page + 1) * per_page]
        return 200, {"order": [p["id"] for p in chosen], "posts": {p["id"]: p for p in chosen}, "next_post_id": "",
                     "prev_post_id": "", "has_next": False}

    def create_post(self, body):
        if not isinstance(body, dict) or not body.get("channel_id"):
            return error(400, "api.context.invalid_body_param.app_error", "Invalid or missing post in request body.")
        channel = self.channels.get(body["channel_id"])
        if channel is None or self.bot_id not in channel["members"]:
            return error(403, "api.context.permissions.app_error", "You do not have the appropriate permissions.")
        message = body.get("message", "")
        if len(message) > MAX_POST_RUNES:
            return error(400, "model.post.is_valid.msg.app_error", "Invalid Message.")
        pending = body.get("pending_post_id") or ""
        now = time.time()
        if pending and pending in self.pending and self.pending[pending][1] > now:
            self.stats["deduplicated"] += 1
            return 201, dict(self.posts[self.pending[pending][0]])
        props = dict(body.get("props") or {})
        props["from_bot"] = "true"
        post = self._create(self.bot_id, body["channel_id"], message, props, pending)
        if pending and self.pending_ttl > 0:
            self.pending[pending] = (post["id"], now + self.pending_ttl)
        self.stats["creates"] += 1
        if self.drop_create_responses > 0:
            self.drop_create_responses -= 1
            self.stats["dropped"] += 1
            return None, None  # made, but the answer is lost
        return 201, post


def error(status, error_id, message):
    return status, {"id": error_id, "message": message, "detailed_error": "", "request_id": new_id(), "status_code": status}


def public(channel):
    return {k: v for k, v in channel.items() if k != "members"}


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a connection the test cut on purpose


class MattermostHandler(BaseHTTPRequestHandler):
    server_emulator = None
    protocol_version = "HTTP/1.0"

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.serve("GET")

    def do_POST(self):
        self.serve("POST")

    def do_PUT(self):
        self.serve("PUT")

    def serve(self, method):
        emulator = self.server_emulator
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        emulator.request_log.append((method, url.path))
        if self.headers.get("Authorization") != "Bearer " + emulator.bot_token:
            return self.answer(*error(401, "api.context.session_expired.app_error", "Invalid or expired session, please login again."), {})
        refused, headers = emulator.admit()
        if refused:
            return self.answer(*error(429, "api.context.rate_limit.app_error", "Too many requests."), headers)
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            return self.answer(*error(400, "api.context.invalid_body_param.app_error", "Invalid JSON."), headers)
        status, answer = emulator.handle(method, url.path, query, body)
        if status is None:
            self.close_connection = True
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        self.answer(status, answer, headers)

    def answer(self, status, body, headers):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=8065)
    parser.add_argument("--token", default="bot-token")
    args = parser.parse_args()
    server = MattermostEmulator(args.token, args.port)
    ana = server.add_user("ana", "Ana", "Lima", "Europe/Lisbon")
    print(f"Mattermost emulator on {server.url}; bot user id {server.bot_id}; ana {ana}, "
          f"DM channel {server.direct_channel(server.bot_id, ana)}")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.close()
