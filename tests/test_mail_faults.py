"""Mail-server trouble, against a real SMTP server (tests/faults.py's sink): a server that hangs
costs one send EMAIL_TIMEOUT seconds, not a whole sweep; refusals and dropped connections
reach the sender as errors; what the server received is there to check."""

import smtplib
import time

import pytest
from django.conf import settings as django_settings
from django.core.mail import EmailMessage, get_connection

from .faults import SmtpSink


def smtp_send(sink, subject="Became overdue: Audit of strategy meetings"):
    connection = get_connection("django.core.mail.backends.smtp.EmailBackend",
                                host="127.0.0.1", port=sink.port)
    message = EmailMessage(subject, "Please update the action.", "office@board.example.org",
                           ["lead@police.example.org"], connection=connection)
    return message, message.send()


def test_email_timeout_is_thirty_seconds_unless_set():
    assert django_settings.EMAIL_TIMEOUT == 30


def test_a_hung_mail_server_fails_the_send_after_email_timeout(settings):
    settings.EMAIL_TIMEOUT = 1
    with SmtpSink(mode="hang", hang_seconds=10) as sink:
        started = time.monotonic()
        with pytest.raises(smtplib.SMTPServerDisconnected, match="timed out"):
            smtp_send(sink)
        assert time.monotonic() - started < 5
    assert [m.outcome for m in sink.received] == ["hung"]


def test_the_sink_records_what_it_accepts():
    with SmtpSink() as sink:
        _, sent = smtp_send(sink)
    assert sent == 1
    [received] = sink.accepted
    assert received.message_id.startswith("<") and received.message_id.endswith(">")
    assert received.to == ["lead@police.example.org"]
    assert received.subject == "Became overdue: Audit of strategy meetings"
    assert received.body.strip() == "Please update the action."


def test_refused_and_dropped_mail_reach_the_sender_as_errors():
    with SmtpSink(mode="refuse") as sink:
        with pytest.raises(smtplib.SMTPDataError) as refused:
            smtp_send(sink)
        assert refused.value.smtp_code == 451
        sink.mode = "drop"
        with pytest.raises(smtplib.SMTPServerDisconnected):
            smtp_send(sink)
        sink.mode = "accept"
        smtp_send(sink)
    assert [m.outcome for m in sink.received] == ["refused", "dropped", "accepted"]
    assert len(sink.accepted) == 1
