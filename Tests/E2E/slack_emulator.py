"""A small Slack, built from Slack's documented API, for the end-to-end tests: a Web API on
127.0.0.1 (auth.test, users.info, conversations.open, conversations.history,
conversations.replies, chat.postMessage) and the Events API side, which signs events the way
Slack does (v0 HMAC-SHA256 over `v0:<timestamp>:<body>`) and pushes them to the daemon's
listener, retrying like Slack (X-Slack-Retry-Num, X-Slack-Retry-Reason) when the answer is not
a 2xx within three seconds.

It is not Slack: it was written from the documentation (method pages, "Verifying requests from
Slack", "Rate limits", "Formatting text for app surfaces", Block Kit's limits, the Events API's
retry rules), and it checks what those pages say Slack checks: the token, the channel, block
limits (a section's text at most 3,000 characters, a button's at most 75, at most 50 blocks),
and it records every mention a posted message would trigger, by the documented rules."""
import hashlib
import hmac
import json
import re
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# Control sequences that notify people (documented in "Formatting text for app surfaces").
MENTION = re.compile(r"<(@[UW][A-Z0-9]+|!here|!channel|!everyone|!subteam\^[A-Z0-9]+)(\|[^>]*)?>")
# What Slack parses as mentions when asked to link names, or in a mrkdwn text object that is not verbatim.
BARE_MENTION = re.compile(r"(?<![\w&])@(here|channel|everyone)\b")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sign(secret, timestamp, body):
    digest = hmac.new(secret.encode(), b"v0:" + str(timestamp).encode() + b":" + body, hashlib.sha256).hexdigest()
    return "v0=" + digest


class SlackEmulator:
    def __init__(self, token, signing_secret, bot_user="U0FLOWBOT", bot_id="B0FLOWBOT", team="T0EMULATE",
                 retry_delays=(1.0, 3.0, 6.0)):
        self.token = token
        self.signing_secret = signing_secret
        self.bot_user = bot_user
        self.bot_id = bot_id
        self.team = team
        self.retry_delays = retry_delays
        self.lock = threading.RLock()
        self.users = {}  # id -> users.info "user" object
        self.channels = {}  # id -> {"type": "im" | "channel", "members": [...], "messages": [oldest ... newest]}
        self.dms = {}  # member id -> D channel id
        self.last_ts = 0.0
        self.rate_limited = {}  # method -> [how many more calls get 429, Retry-After seconds]
        self.calls = []  # (monotonic time, method, status)
        self.posts = {}  # channel -> [monotonic time of each accepted chat.postMessage]
        self.pings = []  # (channel, mention) for every mention a posted message carries
        self.refused_posts = []  # (error, request) for chat.postMessage calls Slack would refuse
        self.deliveries = []  # (event id, retry number, status or error)
        self.post_delay = 0.0  # seconds chat.postMessage holds its answer after storing the message
        self.listener = None  # the daemon's listener, e.g. http://127.0.0.1:8090
        self.port = free_port()
        self.server = None
        self.thread = None
        self.connections = set()
        self.retry_threads = []

    # -- the Web API server ---------------------------------------------------------------

    @property
    def api_base(self):
        return f"http://127.0.0.1:{self.port}/api"

    def start(self):
        emulator = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def setup(self):
                super().setup()
                with emulator.lock:
                    emulator.connections.add(self.connection)

            def finish(self):
                with emulator.lock:
                    emulator.connections.discard(self.connection)
                try:
                    super().finish()
                except OSError:
                    pass

            def do_GET(self):
                self.answer()

            def do_POST(self):
                self.answer()

            def answer(self):
                parsed = urllib.parse.urlsplit(self.path)
                params = {k: v[-1] for k, v in urllib.parse.parse_qs(parsed.query).items()}
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                if raw:
                    if (self.headers.get("Content-Type") or "").startswith("application/json"):
                        try:
                            params.update(json.loads(raw))
                        except ValueError:
                            return self.send_json(200, {"ok": False, "error": "invalid_json"})
                    else:
                        params.update({k: v[-1] for k, v in urllib.parse.parse_qs(raw.decode()).items()})
                method = parsed.path.rsplit("/", 1)[-1]
                status, body, headers, delay = emulator.call(method, params, self.headers.get("Authorization"))
                if delay:
                    time.sleep(delay)
                self.send_json(status, body, headers)

            def send_json(self, status, body, headers=None):
                data = json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json; charset=utf-8")
                    self.send_header("Content-Length", str(len(data)))
                    for name, value in (headers or {}).items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        """Takes the Web API off the network (an outage); the state stays for `start()`."""
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server = None
        # Kept-alive connections go down too, as they would with the server.
        with self.lock:
            connections, self.connections = list(self.connections), set()
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def close(self):
        self.stop()
        for thread in self.retry_threads:
            thread.join(timeout=30)

    def limit(self, method, times, retry_after=1):
        """The next `times` calls of `method` are answered 429 with `Retry-After: retry_after`."""
        with self.lock:
            self.rate_limited[method] = [times, retry_after]

    def call(self, method, params, authorization):
        """One Web API call: (status, body, headers, seconds to hold the answer)."""
        with self.lock:
            if authorization != f"Bearer {self.token}":
                self.calls.append((time.monotonic(), method, "invalid_auth"))
                return 200, {"ok": False, "error": "not_authed" if not authorization else "invalid_auth"}, {}, 0
            limited = self.rate_limited.get(method)
            if limited and limited[0] > 0:
                limited[0] -= 1
                self.calls.append((time.monotonic(), method, 429))
                return 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(limited[1])}, 0
            handler = getattr(self, "api_" + method.replace(".", "_"), None)
            if handler is None:
                return 200, {"ok": False, "error": "unknown_method"}, {}, 0
            body = handler(params)
            self.calls.append((time.monotonic(), method, 200 if body.get("ok") else body.get("error")))
            delay = self.post_delay if method == "chat.postMessage" and body.get("ok") else 0
            return 200, body, {}, delay

    def api_auth_test(self, params):
        return {"ok": True, "url": "https://emulated.slack.com/", "team": "Emulated", "user": "flowcoach", "team_id": self.team,
                "user_id": self.bot_user, "bot_id": self.bot_id}

    def api_users_info(self, params):
        user = self.users.get(params.get("user"))
        return {"ok": True, "user": user} if user else {"ok": False, "error": "user_not_found"}

    def api_conversations_open(self, params):
        users = params.get("users", "")
        if users not in self.users:
            return {"ok": False, "error": "user_not_found"}
        return {"ok": True, "channel": {"id": self.open_dm(users)}}

    def api_conversations_history(self, params):
        channel = self.channels.get(params.get("channel"))
        if channel is None:
            return {"ok": False, "error": "channel_not_found"}
        limit = min(int(params.get("limit") or 100), 999)
        metadata = str(params.get("include_all_metadata", "")).lower() in ("1", "true")
        roots = [m for m in channel["messages"] if m.get("thread_ts") in (None, m["ts"])]
        return {"ok": True, "has_more": len(roots) > limit,
                "messages": [self.shown(m, metadata) for m in reversed(roots)][:limit]}

    def api_conversations_replies(self, params):
        channel = self.channels.get(params.get("channel"))
        if channel is None:
            return {"ok": False, "error": "channel_not_found"}
        ts = params.get("ts")
        thread = [m for m in channel["messages"] if m["ts"] == ts or m.get("thread_ts") == ts]
        if not thread:
            return {"ok": False, "error": "thread_not_found"}
        limit = int(params.get("limit") or 1000)
        return {"ok": True, "has_more": False, "messages": [self.shown(m, False) for m in thread][:max(limit, 1)]}

    def api_chat_postMessage(self, params):
        channel_id = params.get("channel", "")
        if channel_id in self.users:
            channel_id = self.open_dm(channel_id)
        channel = self.channels.get(channel_id)
        if channel is None:
            return {"ok": False, "error": "channel_not_found"}
        text = params.get("text") or ""
        blocks = params.get("blocks")
        if isinstance(blocks, str):
            blocks = json.loads(blocks)
        if not text and not blocks:
            return {"ok": False, "error": "no_text"}
        problem = self.check_blocks(blocks or [])
        if problem:
            self.refused_posts.append((problem, params))
            return {"ok": False, "error": "invalid_blocks", "errors": [problem]}
        if len(text) > 40000:
            text = text[:40000]  # documented: longer text is truncated
        message = {"type": "message", "user": self.bot_user, "bot_id": self.bot_id, "text": text, "ts": self.next_ts(),
                   "team": self.team}
        if blocks:
            message["blocks"] = blocks
        if params.get("metadata"):
            metadata = params["metadata"]
            message["metadata"] = json.loads(metadata) if isinstance(metadata, str) else metadata
        if params.get("thread_ts"):
            message["thread_ts"] = params["thread_ts"]
        channel["messages"].append(message)
        self.posts.setdefault(channel_id, []).append(time.monotonic())
        link_names = str(params.get("link_names", "")).lower() in ("1", "true")
        for mention in self.mentions(text, link_names, blocks or []):
            self.pings.append((channel_id, mention))
        return {"ok": True, "channel": channel_id, "ts": message["ts"], "message": self.shown(message, False)}

    @staticmethod
    def check_blocks(blocks):
        if len(blocks) > 50:
            return "more than 50 blocks"
        for block in blocks:
            if block.get("type") == "section":
                text = block.get("text", {})
                if text.get("type") not in ("mrkdwn", "plain_text") or not text.get("text"):
                    return "a section without text"
                if len(text["text"]) > 3000:
                    return "a section's text is longer than 3000 characters"
            elif block.get("type") == "actions":
                elements = block.get("elements", [])
                if not 1 <= len(elements) <= 25:
                    return "an actions block needs 1 to 25 elements"
                for element in elements:
                    label = element.get("text", {})
                    if element.get("type") != "button" or label.get("type") != "plain_text" or not 1 <= len(label.get("text", "")) <= 75:
                        return "a button's text must be plain_text of 1 to 75 characters"
                    if len(element.get("value", "")) > 2000 or len(element.get("action_id", "")) > 255:
                        return "a button's value or action_id is too long"
            else:
                return "unexpected block type " + str(block.get("type"))
        return None

    @staticmethod
    def mentions(text, link_names, blocks):
        """Every notification a message would send: control sequences anywhere in text or mrkdwn;
        bare @here/@channel/@everyone where Slack parses names (link_names, or mrkdwn that is not verbatim)."""
        found = [m.group(1) for m in MENTION.finditer(text)]
        if link_names:
            found += ["@" + m.group(1) for m in BARE_MENTION.finditer(text)]
        for block in blocks:
            body = block.get("text", {}) if block.get("type") == "section" else {}
            if body.get("type") == "mrkdwn":
                found += [m.group(1) for m in MENTION.finditer(body.get("text", ""))]
                if not body.get("verbatim"):
                    found += ["@" + m.group(1) for m in BARE_MENTION.finditer(body.get("text", ""))]
        return found

    def shown(self, message, with_metadata):
        shown = {k: v for k, v in message.items() if k != "metadata" or with_metadata}
        return shown

    def next_ts(self):
        with self.lock:
            now = max(time.time(), self.last_ts + 0.000001)
            self.last_ts = now
            return f"{now:.6f}"

    # -- the workspace ----------------------------------------------------------------------

    def add_user(self, user_id, name, real_name=None, tz="Europe/London", display_name=None, is_bot=False):
        with self.lock:
            self.users[user_id] = {
                "id": user_id, "team_id": self.team, "name": name, "deleted": False, "real_name": real_name or name.title(),
                "tz": tz, "tz_label": tz, "tz_offset": 0, "is_bot": is_bot,
                "profile": {"display_name": display_name if display_name is not None else name, "real_name": real_name or name.title()},
            }

    def open_dm(self, user):
        with self.lock:
            if user not in self.dms:
                channel = "D" + uuid.uuid4().hex[:10].upper()
                self.dms[user] = channel
                self.channels[channel] = {"type": "im", "members": [user, self.bot_user], "messages": []}
            return self.dms[user]

    def add_channel(self, members):
        with self.lock:
            channel = "C" + uuid.uuid4().hex[:10].upper()
            self.channels[channel] = {"type": "channel", "members": list(members) + [self.bot_user], "messages": []}
            return channel

    def bot_messages(self, channel):
        with self.lock:
            return [m for m in self.channels[channel]["messages"] if m.get("bot_id") == self.bot_id]

    def wait_for_bot_messages(self, channel, count, timeout=30):
        """Waits until the bot has posted at least `count` messages in `channel`; returns them all."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            messages = self.bot_messages(channel)
            if len(messages) >= count:
                return messages
            time.sleep(0.05)
        raise AssertionError(f"{len(self.bot_messages(channel))} bot messages in {channel} after {timeout}s, wanted {count}: "
                             + repr([m["text"][:80] for m in self.bot_messages(channel)]))

    # -- the Events API side ----------------------------------------------------------------

    def says(self, user, channel, text, thread_ts=None):
        """`user` posts `text` in `channel` (a DM, or a channel where it counts only with a
        mention or in the bot's thread): stored in the history, then pushed as Slack would push
        it. Returns the message's ts and the delivery statuses of the first attempt of each event."""
        with self.lock:
            ts = self.next_ts()
            info = self.channels[channel]
            message = {"type": "message", "user": user, "text": text, "ts": ts, "team": self.team, "client_msg_id": str(uuid.uuid4())}
            if thread_ts:
                message["thread_ts"] = thread_ts
            info["messages"].append(message)
            kind = info["type"]
        events = []
        event = dict(message, event_ts=ts, channel=channel, channel_type=kind)
        events.append(event)  # message.im / message.channels
        if f"<@{self.bot_user}>" in text and kind != "im":
            mention = {"type": "app_mention", "user": user, "text": text, "ts": ts, "channel": channel, "event_ts": ts, "team": self.team}
            if thread_ts:
                mention["thread_ts"] = thread_ts
            events.append(mention)
        return ts, [self.deliver(self.envelope(e)) for e in events]

    def envelope(self, event):
        return {"token": "unused-verification-token", "team_id": self.team, "api_app_id": "A0FLOWCOACH", "event": event,
                "type": "event_callback", "event_id": "Ev" + uuid.uuid4().hex[:12].upper(), "event_time": int(time.time()),
                "authorizations": [{"team_id": self.team, "user_id": self.bot_user, "is_bot": True}]}

    def click(self, user, channel, message, value):
        """`user` clicks the button whose value is `value` under the bot's `message`."""
        buttons = [e for b in message.get("blocks", []) if b.get("type") == "actions" for e in b["elements"]]
        button = next(b for b in buttons if b["value"] == value)
        payload = {
            "type": "block_actions", "team": {"id": self.team}, "user": {"id": user, "username": self.users[user]["name"], "team_id": self.team},
            "api_app_id": "A0FLOWCOACH", "token": "unused-verification-token", "trigger_id": f"{time.time():.0f}.{uuid.uuid4().int % 10**12}.x",
            "container": {"type": "message", "message_ts": message["ts"], "channel_id": channel, "is_ephemeral": False},
            "channel": {"id": channel, "name": "directmessage" if channel.startswith("D") else "general"},
            "message": {k: v for k, v in message.items() if k != "metadata"},
            "response_url": "https://hooks.slack.com/actions/T0/1/x",
            "actions": [{"action_id": button["action_id"], "block_id": "flowcoach_choices", "text": button["text"], "value": value,
                         "type": "button", "action_ts": f"{time.time():.6f}"}],
        }
        body = urllib.parse.urlencode({"payload": json.dumps(payload)}).encode()
        return self.push(body, path="/slack/interactive", content_type="application/x-www-form-urlencoded")

    def push(self, body, path="/slack/events", retry=None, timestamp=None, secret=None, signature=None,
             content_type="application/json", timeout=3.0):
        """One signed POST to the listener; returns the HTTP status, or the reason it failed
        ("http_timeout", "connection_failed") as Slack names it."""
        timestamp = str(int(time.time()) if timestamp is None else timestamp)
        headers = {"Content-Type": content_type, "X-Slack-Request-Timestamp": timestamp,
                   "X-Slack-Signature": signature or sign(secret or self.signing_secret, timestamp, body),
                   "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)"}
        if retry:
            headers["X-Slack-Retry-Num"] = str(retry[0])
            headers["X-Slack-Retry-Reason"] = retry[1]
        request = urllib.request.Request(self.listener + path, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                response.read()
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except (TimeoutError, socket.timeout):
            return "http_timeout"
        except (urllib.error.URLError, ConnectionError) as error:
            if isinstance(getattr(error, "reason", None), (TimeoutError, socket.timeout)):
                return "http_timeout"
            return "connection_failed"

    def deliver(self, envelope):
        """Pushes an event; when the answer is not a 2xx in three seconds, Slack retries
        (documented: at once, after a minute, after five; here after `retry_delays`)."""
        body = json.dumps(envelope).encode()
        status = self.push(body)
        self.deliveries.append((envelope["event_id"], 0, status))
        if not (isinstance(status, int) and 200 <= status < 300):
            thread = threading.Thread(target=self.retry, args=(envelope["event_id"], body, status), daemon=True)
            self.retry_threads.append(thread)
            thread.start()
        return status

    def retry(self, event_id, body, status):
        for number, delay in enumerate(self.retry_delays, start=1):
            time.sleep(delay)
            reason = status if isinstance(status, str) else "http_error"
            status = self.push(body, retry=(number, reason))
            self.deliveries.append((event_id, number, status))
            if isinstance(status, int) and 200 <= status < 300:
                return

    def retry_exactly(self, envelope, number=1, reason="http_timeout"):
        """Sends an event again as Slack's retry `number` (as after a slow first answer)."""
        return self.push(json.dumps(envelope).encode(), retry=(number, reason))
