"""Real parts to break on purpose, for tests of what survives a fault.

- `RedisServer`: a private redis-server on a free port, which a test can kill and start again
  on the same port (by default it keeps nothing on disk, so a restart also loses the queue).
- `Worker`: a real Celery worker process (`celery -A safeguard worker`) on the test database
  and a given broker, with the production pool unless told otherwise; its log is kept.
- `SmtpSink`: an SMTP server (aiosmtpd) that accepts, refuses, hangs or drops, and records
  every message that reached it.
- `nap`: a task that sleeps, then leaves a file behind, so a test can see it ran to the end.

    with RedisServer(tmp_path) as redis_server, Worker(redis_server.url, tmp_path) as worker:
        send(redis_server.url, "tests.faults.nap", 5, str(tmp_path / "done"), queue=worker.queue)
        redis_server.restart()
"""

import asyncio
import email
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from email import policy
from pathlib import Path

from aiosmtpd.controller import Controller
from celery import Celery, shared_task

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(condition, seconds=30, step=0.1):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False


@shared_task(name="tests.faults.nap")
def nap(seconds, done_path):
    """Sleep, then write a file: the file is there only if the task ran to its end."""
    time.sleep(seconds)
    Path(done_path).write_text(str(os.getpid()))


def send(broker_url, task_name, *args, queue, transport_options=None):
    """Queue a task by name on the given broker (not the test settings' broker)."""
    app = Celery("faults", broker=broker_url, set_as_current=False)
    app.conf.broker_transport_options = transport_options or {}
    try:
        return app.send_task(task_name, args=args, queue=queue)
    finally:
        app.close()


class RedisServer:
    """redis-server on 127.0.0.1:<free port>, its files in `folder`."""

    def __init__(self, folder, appendonly=False):
        self.folder = Path(folder) / "redis"
        self.folder.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.appendonly = appendonly
        self.process = None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "yes" if self.appendonly else "no",
             "--dir", str(self.folder)],
            stdout=open(self.folder / "redis.log", "ab"), stderr=subprocess.STDOUT,  # noqa: SIM115
        )
        if not wait_for(self.answers, 10):
            raise RuntimeError(f"redis-server did not start on port {self.port}")

    def answers(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self, sig=signal.SIGKILL):
        """SIGKILL is a crash; SIGTERM is `docker restart` (Redis shuts down cleanly)."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)  # in case it was frozen
            self.process.send_signal(sig)
            self.process.wait(10)

    def freeze(self):
        """Redis stops answering but keeps its connections open: a hung broker."""
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self):
        self.process.send_signal(signal.SIGCONT)

    def restart(self, down_for=1.0, sig=signal.SIGKILL):
        self.stop(sig)
        time.sleep(down_for)
        self.start()

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()


class Worker:
    """`celery -A safeguard worker` with tests.worker_settings: the test database, the given
    broker (TEST_BROKER_URL) and mail either to an SMTP server (email_url) or to a folder.
    Defaults are production's: prefork pool, heartbeat, mingle and gossip on."""

    def __init__(self, broker_url, folder, pool="prefork", concurrency=2, email_url=None,
                 extra_args=(), env=None):
        from django.db import connection

        self.folder = Path(folder)
        self.queue = f"faults-{uuid.uuid4().hex[:12]}"
        self.log_path = self.folder / f"worker-{self.queue}.log"
        self.env = {
            **os.environ, "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
            "TEST_DATABASE_NAME": connection.settings_dict["NAME"],
            "TEST_BROKER_URL": broker_url, "TEST_MAIL_DIR": str(self.folder / "mail"),
            "CELERY_TASK_ALWAYS_EAGER": "false", **(env or {}),
        }
        if email_url:
            self.env["TEST_EMAIL_URL"] = email_url
        self.args = [sys.executable, "-m", "celery", "-A", "safeguard", "worker",
                     f"--pool={pool}", f"--concurrency={concurrency}", "-Q", self.queue,
                     "-I", "tests.faults", "--loglevel=INFO", *extra_args]
        self.process = None

    def start(self):
        (self.folder / "mail").mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            self.args, cwd=ROOT, env=self.env, stdin=subprocess.DEVNULL,
            stdout=open(self.log_path, "ab"), stderr=subprocess.STDOUT,  # noqa: SIM115
            start_new_session=True,  # its own process group, so kill() takes the pool too
        )
        if not wait_for(lambda: "ready." in self.log() or not self.alive(), 60):
            raise RuntimeError(f"the worker did not start:\n{self.log()}")
        if not self.alive():
            raise RuntimeError(f"the worker died on start:\n{self.log()}")

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def log(self):
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def kill(self):
        """The worker dies at once, pool processes and all (kill -9, an OOM kill)."""
        if self.alive():
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self, sig=signal.SIGTERM):
        """A warm shutdown (running tasks finish), as `docker stop` does."""
        if self.alive():
            self.process.send_signal(sig)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()


@dataclass
class Received:
    message_id: str
    to: list
    subject: str
    body: str
    outcome: str  # accepted, refused, hung or dropped
    at: float = field(default_factory=time.monotonic)  # when it reached DATA


class _Handler:
    def __init__(self, sink):
        self.sink = sink

    async def handle_DATA(self, server, session, envelope):
        sink = self.sink
        message = email.message_from_bytes(envelope.original_content, policy=policy.default)
        body = message.get_body(("plain",))
        mode = next((sink.modes_for[r] for r in envelope.rcpt_tos if r in sink.modes_for),
                    sink.mode)
        sink.received.append(Received(
            message_id=str(message["Message-ID"]), to=list(envelope.rcpt_tos),
            subject=str(message["Subject"]), body=body.get_content() if body else "",
            outcome={"accept": "accepted", "refuse": "refused", "hang": "hung",
                     "drop": "dropped"}[mode]))
        if mode == "refuse":
            return sink.refusal
        if mode == "hang":
            await asyncio.sleep(sink.hang_seconds)
            return "451 4.4.2 Timed out"  # nobody should still be listening
        if mode == "drop":
            server.transport.abort()
            return "421 4.4.2 Connection dropped"
        if sink.accept_seconds:  # a real server takes a moment; the message is taken already
            await asyncio.sleep(sink.accept_seconds)
        return "250 Message accepted for delivery"


class SmtpSink:
    """An SMTP server on 127.0.0.1:<free port>. Set `mode` at any time:
    accept (250), refuse (`refusal`, 451 by default), hang (`hang_seconds` before answering)
    or drop (close the connection after the message); `modes_for` sets it per recipient;
    `accept_seconds` is how long it takes to answer 250 to a message it has taken.
    `received` has every message that reached DATA, with its outcome; `accepted` only those
    taken for delivery."""

    def __init__(self, mode="accept", refusal="451 4.3.0 Try again later", hang_seconds=60,
                 accept_seconds=0.0):
        self.mode = mode
        self.accept_seconds = accept_seconds
        self.refusal = refusal
        self.hang_seconds = hang_seconds
        self.modes_for = {}  # address → mode, for one recipient's trouble among many
        self.received = []
        self.port = free_port()
        self.controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)

    @property
    def url(self):
        return f"smtp://127.0.0.1:{self.port}"

    @property
    def accepted(self):
        return [m for m in self.received if m.outcome == "accepted"]

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()
