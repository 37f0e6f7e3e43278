"""Settings for a Celery worker started as a separate process by the tests: the test
database, a mail folder the test reads, and a slow mail backend so a test can kill the worker
in the middle of a run. TEST_BROKER_URL points it at a private broker (tests/faults.py's Redis),
or TEST_BROKER_FOLDER at a folder for the demo's file-system broker,
and TEST_EMAIL_URL at an SMTP server (tests/faults.py's sink) instead of the folder.
TEST_TIME_SCALE=60 makes the mail back-off 60 times shorter (a minute's wait is a second), so
a test can see retries through to the end without waiting for them."""

import os

import environ

from safeguard.settings import *  # noqa: F403
from safeguard.settings import DATABASES

DATABASES["default"]["NAME"] = os.environ["TEST_DATABASE_NAME"]
EMAIL_BACKEND = "tests.worker_settings.SlowFolderBackend"
EMAIL_FILE_PATH = os.environ["TEST_MAIL_DIR"]
REMINDER_CLAIM_EXPIRES_SECONDS = 2
CELERY_TASK_ALWAYS_EAGER = False
if os.environ.get("TEST_BROKER_URL"):
    CELERY_BROKER_URL = CELERY_RESULT_BACKEND = os.environ["TEST_BROKER_URL"]
if os.environ.get("TEST_BROKER_FOLDER"):  # the demo's broker: messages as files in a folder
    CELERY_BROKER_URL, CELERY_RESULT_BACKEND = "filesystem://", None
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": os.environ["TEST_BROKER_FOLDER"],
        "data_folder_out": os.environ["TEST_BROKER_FOLDER"],
        "control_folder": os.environ["TEST_BROKER_FOLDER"] + "-control"}
if os.environ.get("TEST_EMAIL_URL"):
    vars().update(environ.Env.email_url_config(os.environ["TEST_EMAIL_URL"]))

from django.core.mail.backends.filebased import EmailBackend  # noqa: E402


class SlowFolderBackend(EmailBackend):
    """Each message takes a quarter of a second to 'send', then lands in its own file."""

    def send_messages(self, email_messages):
        import time

        time.sleep(0.25)
        return super().send_messages(email_messages)


def _scale_retry_delays(**_):
    """The worker's back-off, TEST_TIME_SCALE times shorter (in the main process, whose pool
    processes fork from it, and in each pool process, once)."""
    from boards import mailing

    if not getattr(mailing, "_scaled", False):
        scale = float(os.environ["TEST_TIME_SCALE"])
        mailing.RETRY_DELAYS = tuple(delay / scale for delay in mailing.RETRY_DELAYS)
        mailing.SERVER_RETRY /= scale
        mailing._scaled = True


if os.environ.get("TEST_TIME_SCALE"):
    from celery.signals import worker_init, worker_process_init

    worker_init.connect(_scale_retry_delays, weak=False)
    worker_process_init.connect(_scale_retry_delays, weak=False)
