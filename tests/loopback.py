"""Real servers on 127.0.0.1 for the tests: a free port, a page fetched from a dev server, a polled wait,
and a real SMTP server (aiosmtpd) that keeps what it receives."""
from __future__ import annotations

import contextlib
import email
import email.policy
import json
import socket
import time
import urllib.request


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(predicate, seconds: float = 60, what: str = "the server"):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def dev_server_status(base: str) -> dict:
    """What `make serve` says of its last build (khaosan.dev_server): how many builds, and whether it passed."""
    return json.loads(fetch(f"{base}/__khaosan__/status.json"))


class Inbox:
    def __init__(self):
        self.envelopes = []

    @property
    def messages(self):
        return [email.message_from_bytes(e.content, policy=email.policy.default) for e in self.envelopes]

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 OK"


@contextlib.contextmanager
def smtp_server():
    """A real SMTP server on a free loopback port: yields (inbox, port)."""
    from aiosmtpd.controller import Controller

    port = free_port()
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()
