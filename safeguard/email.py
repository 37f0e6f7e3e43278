"""Local email: every message is kept whole as a file under var/mail/ and said on the console
in one line, so the demo's console stays readable."""

import sys

from django.core.mail.backends.filebased import EmailBackend as FileBackend


class ConsoleAndFolderBackend(FileBackend):
    def send_messages(self, email_messages):
        sent = super().send_messages(email_messages)
        # The console itself, not a Celery worker's logger (which would prefix every line).
        console = sys.__stdout__
        for message in email_messages:
            console.write(f"mail to {', '.join(message.to)}: {message.subject} "
                          f"(whole in {self._fname})\n")
        console.flush()
        return sent
