"""A small Zulip server for end-to-end tests, built from Zulip's documented REST API
(https://zulip.com/api/): HTTP basic auth with email and API key, event queues
(`POST /register`, long-polled `GET /events` with heartbeats, `BAD_EVENT_QUEUE_ID` for a queue it
no longer has), `POST /messages`, `GET /messages` with anchors and narrows, `GET /users/me`,
`GET /users/{id}`, and the rate-limit headers `X-RateLimit-Limit/Remaining/Reset` with 429
`RATE_LIMIT_HIT` answers. It listens on 127.0.0.1 only and keeps everything in memory.

It is not Zulip: no Markdown rendering, no permissions beyond "who can see a message", no realm
settings. What it adds are levers for tests: people send messages with `send`, queues expire on
demand, a 429 storm starts on demand, a send can stall or drop its answer after the message was
stored, the whole server can go down and come back, and every message the bot sends is checked
with Zulip's own mention patterns (`pings`) and for truncation past 10,000 characters.

Run alone for a look: `python zulip_emulator.py --port 9991` prints the bot's credentials."""
import argparse
import base64
import json
import re
import socket
import threading
import time
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# Zulip's own patterns (zerver/lib/mention.py).
BEFORE_MENTION_ALLOWED_REGEX = r"(?<![^\s\'\"\(\{\[\/<])"
MENTIONS_RE = re.compile(rf"{BEFORE_MENTION_ALLOWED_REGEX}@(?P<silent>_?)(\*\*(?P<match>[^\*]+)\*\*)")
USER_GROUP_MENTIONS_RE = re.compile(rf"{BEFORE_MENTION_ALLOWED_REGEX}@(?P<silent>_?)(\*(?P<match>[^\*]+)\*)")
WILDCARDS = {"all", "everyone", "stream", "channel", "topic"}
MAX_MESSAGE_LENGTH = 10000
RATE_LIMIT = 200  # requests per minute per user: Zulip's default


class QuietServer(ThreadingHTTPServer):
    """Says nothing when a client goes away mid-answer (a killed daemon's long poll)."""

    def handle_error(self, request, client_address):
        pass


class ZulipEmulator:
    def __init__(self, heartbeat=5.0, rate_limit=RATE_LIMIT):
        self.heartbeat = heartbeat
        self.rate_limit = rate_limit
        self.cond = threading.Condition()
        self.users = {}  # id -> {user_id, email, full_name, timezone, is_bot, api_key}
        self.streams = {}  # id -> {stream_id, name, subscribers: set}
        self.messages = []  # stored message dicts, by id ascending
        self.queues = {}  # queue id -> {"user": id, "events": [...], "next": int}
        self.next_user = 8
        self.next_message = 100
        self.server = None
        self.thread = None
        self.port = None
        self.down = False
        self.holding = False  # expired queues are answered only after `release`
        self.storm = 0  # this many requests get a 429
        self.storm_retry_after = 1.0
        self.exhausted = False  # the next answer says the budget is spent
        self.stall = []  # (seconds, drop) for the next sends
        self.not_before = {}  # user id -> time before which a request breaks the rate limit
        self.limited_at = {}  # user id -> when the last answer that set `not_before` went out
        self.violations = []  # requests that came before the wait a 429 or an empty budget asked for
        self.recent = {}  # user id -> request times in the last minute
        self.requests = []  # (time, user id, method, path, status)
        self.pings = []  # (message id, mention text) found in messages from bots
        self.truncated = []  # ids of messages cut at 10,000 characters

    # ---- people, streams and their messages (the test's side, no HTTP) ----

    def add_user(self, full_name, email=None, timezone="", is_bot=False):
        with self.cond:
            self.next_user += 1
            uid = self.next_user
            self.users[uid] = {"user_id": uid, "email": email or f"user{uid}@zulip.test", "full_name": full_name,
                               "timezone": timezone, "is_bot": is_bot, "api_key": uuid.uuid4().hex}
            return uid

    def add_stream(self, name, subscribers):
        with self.cond:
            sid = len(self.streams) + 7
            self.streams[sid] = {"stream_id": sid, "name": name, "subscribers": set(subscribers)}
            return sid

    def send(self, sender, content, to=None, stream=None, topic=None):
        """`sender` posts `content`: a direct message `to` a list of user ids, or to `stream`/`topic`."""
        with self.cond:
            return self._store(sender, content, "stream" if stream else "private", to or [], stream, topic)

    def conversation(self, user, with_user):
        """The messages of the direct conversation between two people, oldest first."""
        with self.cond:
            return [m for m in self.messages if m["type"] == "private"
                    and {r["id"] for r in m["display_recipient"]} == {user, with_user}]

    def topic_messages(self, stream, topic):
        with self.cond:
            return [m for m in self.messages if m["type"] == "stream" and m["stream_id"] == stream and m["subject"] == topic]

    # ---- levers ----

    def expire_queues(self, hold=False):
        """Forgets every event queue, as Zulip does after ten idle minutes or a restart. With
        `hold`, polls wait (and get their error) only after `release`, so messages sent meanwhile
        reach no queue."""
        with self.cond:
            self.queues.clear()
            self.holding = hold
            self.cond.notify_all()

    def release(self):
        with self.cond:
            self.holding = False
            self.cond.notify_all()

    def rate_limit_storm(self, count, retry_after=1.0, exhaust_first=True):
        """The next answer says the budget is spent (X-RateLimit-Remaining: 0), then `count`
        requests are refused with 429."""
        with self.cond:
            self.storm = count
            self.storm_retry_after = retry_after
            self.exhausted = exhaust_first

    def stall_sends(self, seconds, drop=False, count=1):
        """The next `count` sends store the message, then wait `seconds` before answering; with
        `drop`, they close the connection instead of answering."""
        with self.cond:
            self.stall += [(seconds, drop)] * count

    def start(self, port=0):
        self.down = False
        self.server = QuietServer(("127.0.0.1", port or self.port or 0), self._handler())
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
        self.thread.start()
        return self.url

    def stop(self):
        """Goes down at once: open long polls lose their connection, new ones are refused."""
        with self.cond:
            self.down = True
            self.cond.notify_all()
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    # ---- the model ----

    def _visible(self, uid, message):
        if message["type"] == "private":
            return uid in {r["id"] for r in message["display_recipient"]}
        return uid in self.streams[message["stream_id"]]["subscribers"]

    def _flags(self, uid, message):
        flags = ["read"] if message["sender_id"] == uid else []
        user = self.users[uid]
        for match in MENTIONS_RE.finditer(message["content"]):
            if match.group("silent"):
                continue
            name = match.group("match")
            if name in WILDCARDS:
                if message["type"] == "stream" and "wildcard_mentioned" not in flags:
                    flags.append("wildcard_mentioned")
            elif name.lower() == user["full_name"].lower() or name.endswith(f"|{uid}"):
                if "mentioned" not in flags:
                    flags.append("mentioned")
        return flags

    def _store(self, sender, content, kind, to, stream, topic, queue_id=None, local_id=None):
        content = content.rstrip()
        if len(content) > MAX_MESSAGE_LENGTH:
            content = content[:MAX_MESSAGE_LENGTH - 20] + "\n[message truncated]"
            self.truncated.append(self.next_message + 1)
        self.next_message += 1
        user = self.users[sender]
        message = {"id": self.next_message, "sender_id": sender, "sender_email": user["email"], "sender_full_name": user["full_name"],
                   "type": kind, "content": content, "content_type": "text/x-markdown", "timestamp": int(time.time()),
                   "client": "flowcoach-test", "is_me_message": False, "reactions": [], "submessages": []}
        if kind == "private":
            people = sorted(set(to) | {sender})
            message["display_recipient"] = [{"id": p, "email": self.users[p]["email"], "full_name": self.users[p]["full_name"],
                                             "is_mirror_dummy": False} for p in people]
            message["subject"] = ""
        else:
            message.update(display_recipient=self.streams[stream]["name"], stream_id=stream, subject=topic)
        self.messages.append(message)
        if user["is_bot"]:
            for regex in (MENTIONS_RE, USER_GROUP_MENTIONS_RE):
                for match in regex.finditer(content):
                    self.pings.append((message["id"], match.group(0)))
        for qid, queue in self.queues.items():
            if self._visible(queue["user"], message):
                event = {"type": "message", "id": queue["next"], "message": dict(message), "flags": self._flags(queue["user"], message)}
                if qid == queue_id and local_id:
                    event["local_message_id"] = local_id
                queue["next"] += 1
                queue["events"].append(event)
        self.cond.notify_all()
        return message["id"]

    def _handler(self):
        emulator = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                emulator._serve(self, "GET")

            def do_POST(self):
                emulator._serve(self, "POST")

            def do_DELETE(self):
                emulator._serve(self, "DELETE")

        return Handler

    # ---- HTTP ----

    def _answer(self, handler, status, body, uid=None, extra=None, limited_for=None):
        """Answers with the rate-limit headers Zulip puts on every answer; `limited_for` is a 429's wait."""
        data = json.dumps(body).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        now = time.time()
        with self.cond:
            recent = [t for t in self.recent.get(uid, []) if t > now - 60]
            remaining = max(0, self.rate_limit - len(recent))
            reset = (recent[0] + 60) if recent else now
            if limited_for is not None:
                remaining, reset = 0, now + limited_for
            elif self.exhausted and uid is not None:
                self.exhausted = False
                remaining, reset = 0, now + 1.0
            if remaining == 0 and uid is not None:
                self.limited_at[uid] = now
                self.not_before[uid] = max(self.not_before.get(uid, 0), reset)
        handler.send_header("X-RateLimit-Limit", str(self.rate_limit))
        handler.send_header("X-RateLimit-Remaining", str(remaining))
        handler.send_header("X-RateLimit-Reset", f"{reset:.3f}")
        for name, value in (extra or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(data)

    def _error(self, handler, status, msg, code="BAD_REQUEST", uid=None, **fields):
        self._answer(handler, status, dict(result="error", msg=msg, code=code, **fields), uid)

    def _success(self, handler, uid, **fields):
        self._answer(handler, 200, dict(result="success", msg="", **fields), uid)

    def _serve(self, handler, method):
        url = urllib.parse.urlsplit(handler.path)
        params = dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True))
        length = int(handler.headers.get("Content-Length") or 0)
        if length:
            params.update(urllib.parse.parse_qsl(handler.rfile.read(length).decode(), keep_blank_values=True))
        uid = self._authenticate(handler.headers.get("Authorization", ""))
        if not url.path.startswith("/api/v1/"):
            return self._error(handler, 404, "Not found", "NOT_FOUND")
        if uid is None:
            return self._error(handler, 401, "Invalid API key", "UNAUTHORIZED")
        path = url.path[len("/api/v1"):]
        now = time.time()
        with self.cond:
            # A request sent before the limiting answer arrived is in flight, not a violation; on a
            # loaded machine (CI builds beside it) one can take a few hundred milliseconds to arrive.
            if self.limited_at.get(uid, now) + 0.3 < now < self.not_before.get(uid, 0) - 0.1:
                self.violations.append((round(now, 3), method, path, round(self.not_before[uid] - now, 3)))
            self.recent[uid] = [t for t in self.recent.get(uid, []) if t > now - 60] + [now]
            if self.storm > 0:
                self.storm -= 1
                self.requests.append((now, uid, method, path, 429))
                data = dict(result="error", msg="API usage exceeded rate limit", code="RATE_LIMIT_HIT",
                            **{"retry-after": self.storm_retry_after})
                return self._answer(handler, 429, data, uid, {"Retry-After": str(self.storm_retry_after)}, self.storm_retry_after)
            self.requests.append((now, uid, method, path, 200))
        route = {("GET", "/users/me"): self._me, ("POST", "/register"): self._register, ("GET", "/events"): self._events,
                 ("DELETE", "/events"): self._delete_queue, ("POST", "/messages"): self._send_message,
                 ("GET", "/messages"): self._get_messages}.get((method, path))
        if route:
            return route(handler, uid, params)
        match = re.fullmatch(r"/users/(\d+)", path)
        if method == "GET" and match:
            return self._user(handler, uid, int(match.group(1)))
        self._error(handler, 404, f"Unknown endpoint {method} {path}", "NOT_FOUND", uid)

    def _authenticate(self, header):
        if not header.startswith("Basic "):
            return None
        try:
            email, key = base64.b64decode(header[6:]).decode().split(":", 1)
        except Exception:
            return None
        with self.cond:
            for uid, user in self.users.items():
                if user["email"] == email and user["api_key"] == key:
                    return uid
        return None

    def _public(self, user):
        return {k: user[k] for k in ("user_id", "email", "full_name", "timezone", "is_bot")} | {"is_active": True, "role": 400}

    def _me(self, handler, uid, params):
        user = self.users[uid]
        self._success(handler, uid, **{k: user[k] for k in ("user_id", "email", "full_name", "is_bot")})

    def _user(self, handler, uid, target):
        if target not in self.users:
            return self._error(handler, 400, "No such user", "BAD_REQUEST", uid)
        self._success(handler, uid, user=self._public(self.users[target]))

    def _register(self, handler, uid, params):
        types = json.loads(params.get("event_types", "null") or "null")
        with self.cond:
            qid = f"{int(time.time())}:{uuid.uuid4().hex[:8]}"
            self.queues[qid] = {"user": uid, "events": [], "next": 0, "types": types}
            visible = [m["id"] for m in self.messages if self._visible(uid, m)]
        self._success(handler, uid, queue_id=qid, last_event_id=-1, max_message_id=max(visible, default=-1),
                      event_queue_longpoll_timeout_seconds=int(self.heartbeat + 10), zulip_feature_level=300)

    def _delete_queue(self, handler, uid, params):
        with self.cond:
            self.queues.pop(params.get("queue_id"), None)
        self._success(handler, uid)

    def _events(self, handler, uid, params):
        qid = params.get("queue_id", "")
        last = int(params.get("last_event_id", "-1"))
        deadline = time.time() + self.heartbeat
        with self.cond:
            while True:
                if self.down:
                    return self._drop(handler)
                if self.holding:
                    self.cond.wait(0.2)
                    continue
                queue = self.queues.get(qid)
                if queue is None or queue["user"] != uid:
                    break
                queue["events"] = [e for e in queue["events"] if e["id"] > last]
                if queue["events"]:
                    events = list(queue["events"])
                    break
                remaining = deadline - time.time()
                if remaining <= 0:
                    queue["events"].append({"type": "heartbeat", "id": queue["next"]})
                    queue["next"] += 1
                    events = list(queue["events"])
                    break
                self.cond.wait(remaining)
        if queue is None or queue["user"] != uid:
            return self._error(handler, 400, f"Bad event queue ID: {qid}", "BAD_EVENT_QUEUE_ID", uid, queue_id=qid)
        self._success(handler, uid, events=events, queue_id=qid)

    def _send_message(self, handler, uid, params):
        kind, to, content = params.get("type", ""), params.get("to", ""), params.get("content", "")
        if not content.strip():
            return self._error(handler, 400, "Message must not be empty", "BAD_REQUEST", uid)
        with self.cond:
            if kind in ("private", "direct"):
                try:
                    people = json.loads(to)
                except ValueError:
                    return self._error(handler, 400, "Invalid recipients", "BAD_REQUEST", uid)
                people = [p if isinstance(p, int) else next((i for i, u in self.users.items() if u["email"] == p), -1) for p in people]
                if not people or any(p not in self.users for p in people):
                    return self._error(handler, 400, f"Invalid user ID {people}", "BAD_REQUEST", uid)
                mid = self._store(uid, content, "private", people, None, None, params.get("queue_id"), params.get("local_id"))
            elif kind in ("stream", "channel"):
                stream = int(to) if to.isdigit() else next((s for s, v in self.streams.items() if v["name"] == to), None)
                if stream not in self.streams:
                    return self._error(handler, 400, f"Channel '{to}' does not exist", "STREAM_DOES_NOT_EXIST", uid, stream=to)
                if not params.get("topic"):
                    return self._error(handler, 400, "Missing topic", "BAD_REQUEST", uid)
                mid = self._store(uid, content, "stream", [], stream, params["topic"][:60], params.get("queue_id"), params.get("local_id"))
            else:
                return self._error(handler, 400, "Invalid message type", "BAD_REQUEST", uid)
            stall = self.stall.pop(0) if self.stall else None
        if stall:
            seconds, drop = stall
            time.sleep(seconds)
            if drop:
                return self._drop(handler)
        try:
            self._success(handler, uid, id=mid, automatic_new_visibility_policy=None)
        except OSError:
            pass  # the client went away while the answer was stalled

    def _get_messages(self, handler, uid, params):
        try:
            narrow = json.loads(params.get("narrow", "[]") or "[]")
            before, after = int(params.get("num_before", "0")), int(params.get("num_after", "0"))
        except ValueError:
            return self._error(handler, 400, "Invalid narrow", "BAD_NARROW", uid)
        include_anchor = params.get("include_anchor", "true") != "false"
        with self.cond:
            try:
                found = [m for m in self.messages if self._visible(uid, m) and all(self._matches(uid, m, term) for term in narrow)]
            except KeyError as error:
                return self._error(handler, 400, f"Invalid narrow operator: {error}", "BAD_NARROW", uid)
            anchor = params.get("anchor", "newest")
            if anchor == "newest":
                chosen = found[-before:] if before else []
                newest = True
            elif anchor == "oldest":
                chosen = found[:after]
                newest = len(found) <= after
            else:
                point = int(anchor)
                older = [m for m in found if m["id"] < point]
                newer = [m for m in found if m["id"] > point]
                at = [m for m in found if m["id"] == point and include_anchor]
                chosen = (older[-before:] if before else []) + at + newer[:after]
                newest = len(newer) <= after
            messages = [dict(m, flags=self._flags(uid, m)) for m in chosen]
        self._success(handler, uid, messages=messages, anchor=anchor, found_newest=newest, found_oldest=False,
                      found_anchor=False, history_limited=False)

    def _matches(self, uid, message, term):
        if isinstance(term, list):
            term = {"operator": term[0], "operand": term[1]}
        op, operand, negated = term["operator"], term["operand"], term.get("negated", False)
        if op in ("dm", "pm-with"):
            ids = [o if isinstance(o, int) else next((i for i, u in self.users.items() if u["email"] == o), -1)
                   for o in (operand if isinstance(operand, list) else str(operand).split(","))]
            result = message["type"] == "private" and {r["id"] for r in message["display_recipient"]} - {uid} == set(ids) - {uid}
        elif op in ("stream", "channel"):
            result = message["type"] == "stream" and (message["stream_id"] == operand or message["display_recipient"] == operand)
        elif op == "topic":
            result = message.get("subject", "").lower() == str(operand).lower()
        elif op == "sender":
            result = message["sender_id"] == operand or message["sender_email"] == operand
        elif op == "is" and operand in ("dm", "private"):
            result = message["type"] == "private"
        elif op == "is" and operand == "mentioned":
            result = "mentioned" in self._flags(uid, message)
        else:
            raise KeyError(op)
        return result != negated

    def _drop(self, handler):
        """Closes the connection without an answer, as a crashed server would."""
        handler.close_connection = True
        try:
            handler.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=9991)
    args = parser.parse_args()
    zulip = ZulipEmulator()
    bot = zulip.add_user("Coach", "coach-bot@zulip.test", is_bot=True)
    ana = zulip.add_user("Ana Silva", "ana@zulip.test", timezone="Europe/Berlin")
    zulip.add_stream("team", {bot, ana})
    zulip.start(args.port)
    print(f"Zulip emulator on {zulip.url}; bot coach-bot@zulip.test, API key {zulip.users[bot]['api_key']}; "
          f"Ana is zulip:{ana} (API key {zulip.users[ana]['api_key']})")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        zulip.stop()


if __name__ == "__main__":
    main()
