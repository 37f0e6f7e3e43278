#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeguard.settings")
    # On a developer's machine manage.py is the local demo unless told otherwise; the web
    # server (wsgi.py) and Celery default to DEBUG off, and production sets DEBUG=false.
    os.environ.setdefault("DEBUG", "true")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
