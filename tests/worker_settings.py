"""Settings for a Celery worker started as a separate process by the tests: the test
database, a mail folder the test reads, and a slow mail backend so a test can kill the worker
in the middle of a run."""

import os

from safeguard.settings import *  # noqa: F403
from safeguard.settings import DATABASES

DATABASES["default"]["NAME"] = os.environ["TEST_DATABASE_NAME"]
EMAIL_BACKEND = "tests.worker_settings.SlowFolderBackend"
EMAIL_FILE_PATH = os.environ["TEST_MAIL_DIR"]
REMINDER_CLAIM_EXPIRES_SECONDS = 2
CELERY_TASK_ALWAYS_EAGER = False

from django.core.mail.backends.filebased import EmailBackend  # noqa: E402


class SlowFolderBackend(EmailBackend):
    """Each message takes a quarter of a second to 'send', then lands in its own file."""

    def send_messages(self, email_messages):
        import time

        time.sleep(0.25)
        return super().send_messages(email_messages)
