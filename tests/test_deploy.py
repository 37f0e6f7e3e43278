"""`manage.py check --deploy` is clean under the environment docker-compose gives the web."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def compose_web_environment():
    env = compose()["services"]["web"]["environment"]
    given = {"EMAIL_URL": "smtp+tls://board:secret@smtp.example.org:587"}
    resolved = {}
    for key, value in env.items():
        # ${NAME:-default} → default; ${NAME:?message} → must come from outside (we give one).
        value = re.sub(r"\$\{[A-Z_]+:-([^}]*)\}", r"\1", str(value))
        value = re.sub(r"\$\{[A-Z_]+:\?[^}]*\}", given.get(key, secrets.token_urlsafe(50)), value)
        resolved[key] = value
    return resolved


def test_compose_restarts_the_app_and_keeps_the_redis_queue_on_a_volume():
    services = compose()["services"]
    for name in ["web", "worker", "beat", "redis", "postgres"]:
        assert services[name]["restart"] == "unless-stopped", name
    redis = services["redis"]
    assert redis["command"][:3] == ["redis-server", "--appendonly", "yes"]
    volume = redis["volumes"][0].split(":")
    assert volume[1] == "/data"  # where the redis image keeps appendonly.aof
    assert volume[0] in compose()["volumes"]  # a named volume, so it outlives the container
    for name in ["web", "worker", "beat"]:
        assert services[name]["depends_on"]["redis"]["condition"] == "service_healthy"


def test_compose_will_not_start_without_a_mail_server():
    for name in ["web", "worker", "beat"]:
        env = compose()["services"][name]["environment"]
        assert env["EMAIL_URL"].startswith("${EMAIL_URL:?"), name  # no default: compose refuses
        assert env["EMAIL_TIMEOUT"] == "${EMAIL_TIMEOUT:-30}"


def test_check_deploy_is_clean_with_the_compose_environment():
    env = {"PATH": os.environ["PATH"], **compose_web_environment()}
    assert env["DEBUG"] == "false"
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_settings_refuse_to_start_without_a_secret_key_when_debug_is_off():
    env = {"PATH": os.environ["PATH"], "DEBUG": "false"}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True,
        text=True, timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_settings_refuse_a_nonsense_boolean():
    env = {"PATH": os.environ["PATH"], "DEBUG": "maybe"}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True,
        text=True, timeout=120,
    )
    assert result.returncode != 0
    assert "DEBUG must be true or false, not 'maybe'" in result.stderr
