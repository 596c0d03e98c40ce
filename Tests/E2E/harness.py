"""Starts and stops the real pieces the end-to-end tests drive: a Synapse homeserver on
127.0.0.1 in a temporary directory, and the flowcoach daemon. Everything started is stopped."""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

import yaml

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_json(method, url, body=None, token=None, timeout=10):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read() or b"{}")


def wait_until(check, timeout, what):
    deadline = time.time() + timeout
    last = None
    while time.time() < deadline:
        try:
            if check():
                return
        except Exception as error:  # not up yet
            last = error
        time.sleep(0.2)
    raise TimeoutError(f"{what} not ready after {timeout}s (last error: {last})")


class Synapse:
    """A throwaway homeserver named `localhost`, listening on 127.0.0.1 only."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="flowcoach-synapse-")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.config = os.path.join(self.dir, "homeserver.yaml")
        self.process = None
        subprocess.run(
            [sys.executable, "-m", "synapse.app.homeserver", "--server-name", "localhost", "--config-path", self.config,
             "--data-directory", self.dir, "--generate-config", "--report-stats=no"],
            check=True, capture_output=True, cwd=self.dir)
        with open(self.config) as f:
            config = yaml.safe_load(f)
        config["listeners"] = [{
            "port": self.port, "bind_addresses": ["127.0.0.1"], "type": "http", "tls": False,
            "x_forwarded": False, "resources": [{"names": ["client"], "compress": False}]}]
        config["database"] = {"name": "sqlite3", "args": {"database": os.path.join(self.dir, "homeserver.db")}}
        unlimited = {"per_second": 1000, "burst_count": 1000}
        for key in ("rc_message", "rc_registration", "rc_joins", "rc_invites", "rc_3pid_validation"):
            config[key] = unlimited
        config["rc_login"] = {"address": unlimited, "account": unlimited, "failed_attempts": unlimited}
        config["rc_joins"] = {"local": unlimited, "remote": unlimited}
        config["rc_invites"] = {"per_room": unlimited, "per_user": unlimited, "per_issuer": unlimited}
        config["enable_registration"] = False
        config["trusted_key_servers"] = []
        config["suppress_key_server_warning"] = True
        config["presence"] = {"enabled": False}
        config["url_preview_enabled"] = False
        with open(self.config, "w") as f:
            yaml.safe_dump(config, f)
        self.start()

    def start(self):
        self.log = open(os.path.join(self.dir, "synapse.out"), "ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "synapse.app.homeserver", "-c", self.config],
            stdout=self.log, stderr=subprocess.STDOUT, cwd=self.dir)
        wait_until(lambda: http_json("GET", self.url + "/_matrix/client/versions"), 60, "Synapse")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def register(self, user, password="secret-pw-1", admin=False):
        subprocess.run(
            ["register_new_matrix_user" if shutil.which("register_new_matrix_user") else
             os.path.join(os.path.dirname(sys.executable), "register_new_matrix_user"),
             "-c", self.config, "-u", user, "-p", password, "--admin" if admin else "--no-admin", self.url],
            check=True, capture_output=True)
        return f"@{user}:localhost"

    def login(self, user, password="secret-pw-1"):
        answer = http_json("POST", self.url + "/_matrix/client/v3/login", {
            "type": "m.login.password", "identifier": {"type": "m.id.user", "user": user}, "password": password,
            "device_id": "FLOWCOACH"})
        return answer["access_token"]

    def close(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


class FlowCoach:
    """The daemon under test, with its own content root and state directory."""

    BINARY = os.environ.get("FLOWCOACH_BINARY", os.path.join(REPO, ".build", "debug", "flowcoach"))

    def __init__(self, synapse, bot_user, token, homeserver=None):
        """`homeserver` overrides the URL the daemon talks to (e.g. a fault proxy in front of `synapse`)."""
        self.root = tempfile.mkdtemp(prefix="flowcoach-root-")
        shutil.copytree(os.path.join(REPO, "Prompts"), os.path.join(self.root, "Prompts"))
        os.makedirs(os.path.join(self.root, "Config"))
        self.state = os.path.join(self.root, "state")
        self.health_port = free_port()
        config = {
            "version": 1, "platform": "matrix", "state_dir": self.state, "time_zone": "UTC",
            "matrix": {"homeserver": homeserver or synapse.url, "user_id": bot_user, "access_token_env": "FLOWCOACH_MATRIX_TOKEN",
                       "sync_timeout_ms": 10000},
            "listener": {"host": "127.0.0.1", "port": self.health_port},
        }
        self.config = config
        self.configure()
        self.env = dict(os.environ, FLOWCOACH_MATRIX_TOKEN=token)
        self.process = None
        self.log_path = os.path.join(self.root, "flowcoach.log")

    def configure(self, **sections):
        """(Re)writes Config/flowcoach.yaml with `sections` added; SIGHUP makes the daemon take it."""
        self.config.update(sections)
        with open(os.path.join(self.root, "Config", "flowcoach.yaml"), "w") as f:
            yaml.safe_dump(self.config, f)

    def start(self, wait=True):
        self.log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [self.BINARY, "run", "--root", self.root, "--log-level", self.env.get("LOG_LEVEL", "debug")],
            stdout=self.log, stderr=subprocess.STDOUT, env=self.env)
        if wait:
            self.wait_healthy()

    def health(self):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.health_port}/healthz", timeout=2) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"{}")

    def wait_healthy(self, timeout=60):
        wait_until(lambda: self.health()[0] == 200, timeout, "flowcoach /healthz")

    def signal(self, sig):
        self.process.send_signal(sig)

    def kill(self):
        self.process.kill()
        self.process.wait()

    def stop(self, timeout=20):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                return self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                return None
        return self.process.returncode if self.process else None

    def logs(self):
        with open(self.log_path, errors="replace") as f:
            return f.read()

    def close(self):
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)
