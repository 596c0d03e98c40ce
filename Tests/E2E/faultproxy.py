"""A fault-injecting HTTP/1.1 proxy for the end-to-end tests: it sits between the daemon and
Synapse, both on loopback, and spoils some of the daemon's requests on purpose.

Each request the proxy reads is either passed through or given one fault:

- ``drop``:  forwarded to Synapse (which acts on it), then only part of the answer is sent back
             before the connection is closed (cut in the body, or sometimes in the headers):
             the client cannot tell whether it took effect;
- ``delay``: forwarded, and the answer held back for a moment;
- ``error``: answered ``500`` without reaching Synapse;
- ``limit``: answered ``429`` with ``Retry-After`` and Matrix's ``M_LIMIT_EXCEEDED`` body,
             without reaching Synapse.

Faults come from a schedule first, then at random with the given rates from a seeded generator.
The schedule maps a regular expression to a list of faults: a request whose path matches it
takes the next fault in the list (``"pass"`` for none) until the list runs out. The proxy counts
what it did.

Each client connection is kept alive across requests, as libcurl expects; each request goes to
Synapse on a fresh connection marked ``Connection: close``, and the answer is re-framed with a
``Content-Length`` for the client.
"""
import ipaddress
import json
import random
import re
import socket
import threading
import time
from urllib.parse import urlsplit

KINDS = ("drop", "delay", "error", "limit")


class FaultProxy:
    """Listens on 127.0.0.1 (a free port, see `url`) and forwards to `upstream`, a loopback
    http:// URL, spoiling requests by `schedule` and `rates`; `stop()` ends it."""

    def __init__(self, upstream, seed=0, rates=None, schedule=None, delay_seconds=(0.2, 1.5), retry_after_s=1):
        parts = urlsplit(upstream)
        if parts.scheme != "http" or not ipaddress.ip_address(parts.hostname).is_loopback:
            raise ValueError(f"the fault proxy only forwards to plain http on loopback, not {upstream}")
        self.upstream = (parts.hostname, parts.port)
        self.rates = dict(rates or {})
        unknown = set(self.rates) - set(KINDS)
        if unknown or sum(self.rates.values()) > 1:
            raise ValueError(f"bad rates {self.rates}")
        self.schedule = {re.compile(pattern): list(faults) for pattern, faults in dict(schedule or {}).items()}
        if any(fault not in KINDS + ("pass",) for faults in self.schedule.values() for fault in faults):
            raise ValueError(f"bad schedule {schedule}")
        self.delay_seconds = delay_seconds
        self.retry_after_s = retry_after_s
        self.random = random.Random(seed)
        self.lock = threading.Lock()
        self.counts = {kind: 0 for kind in ("requests", "pass") + KINDS}
        self.log = []  # (request number, method, path without query, fault)
        self.sockets = set()
        self.threads = []
        self.stopping = False
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.acceptor = threading.Thread(target=self._accept, name="faultproxy-accept", daemon=True)
        self.acceptor.start()

    # -- choosing faults ---------------------------------------------------------------------

    def _choose(self, method, target):
        with self.lock:
            number = self.counts["requests"]
            self.counts["requests"] += 1
            path = target.split("?")[0]
            planned = next((faults for pattern, faults in self.schedule.items() if faults and pattern.search(path)), None)
            if planned:
                fault = planned.pop(0)
            else:
                draw, fault = self.random.random(), "pass"
                for kind in KINDS:
                    draw -= self.rates.get(kind, 0)
                    if draw < 0:
                        fault = kind
                        break
            self.counts[fault] += 1
            self.log.append((number, method, path, fault))
            delay = self.random.uniform(*self.delay_seconds) if fault == "delay" else 0
            return fault, delay

    def _cut(self, size, body_size):
        """Where a dropped answer stops: inside the body, or (one time in three, or when there is
        no body) inside the headers, which curl may take for a complete answer with no body."""
        with self.lock:
            in_headers = body_size == 0 or self.random.random() < 1 / 3
            if in_headers:
                return self.random.randrange(1, size - body_size - 2)
            return self.random.randrange(size - body_size, size)

    def injected(self):
        """Faults injected so far, by kind."""
        with self.lock:
            return {kind: self.counts[kind] for kind in KINDS}

    # -- plumbing ----------------------------------------------------------------------------

    def _track(self, sock):
        with self.lock:
            if self.stopping:
                sock.close()
                return False
            self.sockets.add(sock)
            return True

    def _forget(self, sock):
        with self.lock:
            self.sockets.discard(sock)
        sock.close()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return  # the listener was closed: stopping
            if not self._track(client):
                return
            thread = threading.Thread(target=self._serve, args=(client,), name="faultproxy-conn", daemon=True)
            with self.lock:
                self.threads = [t for t in self.threads if t.is_alive()] + [thread]
            thread.start()

    def _serve(self, client):
        reader = client.makefile("rb")
        try:
            while True:
                request = read_message(reader, is_request=True)
                if request is None:
                    return  # the client closed the connection between requests
                start, headers, body = request
                method, target, _ = start.split(" ", 2)
                keep_alive = header(headers, "connection").lower() != "close"
                fault, delay = self._choose(method, target)
                if fault == "error":
                    answer = matrix_error(500, "M_UNKNOWN", "injected fault: internal server error")
                elif fault == "limit":
                    answer = matrix_error(429, "M_LIMIT_EXCEEDED", "injected fault: too many requests",
                                          retry_after_ms=self.retry_after_s * 1000,
                                          extra=[("Retry-After", str(self.retry_after_s))])
                else:
                    answer = self._forward(start, headers, body)
                    if answer is None:
                        return  # Synapse is unreachable or went away: the client sees a closed connection
                    if fault == "delay":
                        time.sleep(delay)
                data = encode(answer, keep_alive)
                if fault == "drop":
                    client.sendall(data[:self._cut(len(data), len(answer[2]))])
                    return
                client.sendall(data)
                if not keep_alive:
                    return
        except (OSError, ValueError):
            return  # a broken client connection, or the proxy is stopping
        finally:
            reader.close()
            self._forget(client)

    def _forward(self, start, headers, body):
        """Sends one request to Synapse on a new connection; returns its answer or None."""
        try:
            upstream = socket.create_connection(self.upstream, timeout=120)
        except OSError:
            return None
        if not self._track(upstream):
            return None
        try:
            kept = [(name, value) for name, value in headers
                    if name.lower() not in ("connection", "keep-alive", "proxy-connection", "transfer-encoding", "content-length")]
            kept.append(("Connection", "close"))
            if body or start.startswith(("POST ", "PUT ")):
                kept.append(("Content-Length", str(len(body))))
            upstream.sendall(head(start, kept) + body)
            with upstream.makefile("rb") as reader:
                method = start.split(" ", 1)[0]
                return read_message(reader, is_request=False, method=method)
        except (OSError, ValueError):
            return None
        finally:
            self._forget(upstream)

    def stop(self):
        """Stops accepting, closes every connection and waits for the threads."""
        with self.lock:
            self.stopping = True
            sockets, threads = list(self.sockets), list(self.threads)
        self.listener.close()
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()
        self.acceptor.join(timeout=5)
        for thread in threads:
            thread.join(timeout=5)


# -- HTTP/1.1 messages: (start line, [(name, value)], body bytes) ---------------------------------

def header(headers, name, default=""):
    for key, value in headers:
        if key.lower() == name:
            return value
    return default


def read_message(reader, is_request, method="GET"):
    """Reads one request or response; None at a clean end of stream before it starts."""
    start = reader.readline(65536)
    while start in (b"\r\n", b"\n"):  # tolerate stray blank lines between messages
        start = reader.readline(65536)
    if not start:
        return None
    headers = []
    while True:
        line = reader.readline(65536)
        if not line:
            raise ValueError("connection closed inside the headers")
        if line in (b"\r\n", b"\n"):
            break
        name, _, value = line.decode("latin-1").partition(":")
        headers.append((name.strip(), value.strip()))
    start = start.decode("latin-1").rstrip("\r\n")
    status = 0 if is_request else int(start.split(" ", 2)[1])
    if not is_request and (method == "HEAD" or status in (204, 304) or 100 <= status < 200):
        return start, headers, b""
    if "chunked" in header(headers, "transfer-encoding").lower():
        return start, headers, read_chunked(reader)
    length = header(headers, "content-length")
    if length:
        body = reader.read(int(length))
        if len(body) != int(length):
            raise ValueError("connection closed inside the body")
        return start, headers, body
    return start, headers, b"" if is_request else reader.read()


def read_chunked(reader):
    body = b""
    while True:
        size = int(reader.readline(65536).split(b";")[0].strip() or b"0", 16)
        if size == 0:
            while reader.readline(65536) not in (b"\r\n", b"\n", b""):
                pass  # trailers
            return body
        chunk = reader.read(size)
        if len(chunk) != size:
            raise ValueError("connection closed inside a chunk")
        body += chunk
        reader.readline(65536)


def head(start, headers):
    return (start + "\r\n" + "".join(f"{name}: {value}\r\n" for name, value in headers) + "\r\n").encode("latin-1")


def encode(answer, keep_alive):
    """A response re-framed for the client: de-chunked, with a Content-Length."""
    start, headers, body = answer
    kept = [(name, value) for name, value in headers
            if name.lower() not in ("connection", "keep-alive", "transfer-encoding", "content-length")]
    kept += [("Content-Length", str(len(body))), ("Connection", "keep-alive" if keep_alive else "close")]
    return head(start, kept) + body


def matrix_error(status, errcode, message, retry_after_ms=None, extra=()):
    content = {"errcode": errcode, "error": message}
    if retry_after_ms is not None:
        content["retry_after_ms"] = retry_after_ms
    reason = {429: "Too Many Requests", 500: "Internal Server Error"}[status]
    headers = [("Content-Type", "application/json"), *extra]
    return f"HTTP/1.1 {status} {reason}", headers, json.dumps(content).encode()
