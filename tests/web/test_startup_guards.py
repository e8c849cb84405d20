"""The app refuses to start in debug mode or with a guessable secret key unless
MASTHEAD_DEVELOPMENT=1 says so; the key kept in instance/secret_key (what ./scripts/run
uses on a fresh machine) counts as real (issue #13)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from server import MIN_SECRET_KEY_LENGTH, UnsafeSettings, config, create_app

REPO = Path(__file__).resolve().parents[2]
REAL_KEY = "k" * MIN_SECRET_KEY_LENGTH


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    for name in ("FLASK_DEBUG", "MASTHEAD_DEVELOPMENT", "MASTHEAD_SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    return {"DATABASE_URL": f"sqlite:///{tmp_path / 'm.sqlite3'}", "SECRET_KEY": REAL_KEY}


def test_debug_mode_is_refused_without_the_development_setting(settings, monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    with pytest.raises(UnsafeSettings, match="debug mode"):
        create_app(settings)
    assert create_app({**settings, "DEVELOPMENT": True}).debug


def test_the_development_setting_comes_from_the_environment(settings, monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    monkeypatch.setenv("MASTHEAD_DEVELOPMENT", "1")
    assert create_app(settings).debug


@pytest.mark.parametrize("key", ["", "dev", "x" * (MIN_SECRET_KEY_LENGTH - 1)])
def test_a_short_secret_key_is_refused(settings, key):
    with pytest.raises(UnsafeSettings, match="secret key"):
        create_app({**settings, "SECRET_KEY": key})
    assert create_app({**settings, "SECRET_KEY": key, "DEVELOPMENT": True})


def test_the_instance_secret_key_counts_as_real(settings, tmp_path):
    key = config.from_environment({}, str(tmp_path / "instance"))["SECRET_KEY"]
    assert len(key) >= MIN_SECRET_KEY_LENGTH
    assert create_app({**settings, "SECRET_KEY": key}).secret_key == key


def test_a_flask_command_with_debug_on_stops_with_the_reason(tmp_path):
    env = {
        **os.environ,
        "FLASK_DEBUG": "1",
        "MASTHEAD_SECRET_KEY": REAL_KEY,
        "MASTHEAD_DATABASE_URL": f"sqlite:///{tmp_path / 'm.sqlite3'}",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    env.pop("MASTHEAD_DEVELOPMENT", None)
    cmd = [sys.executable, "-m", "flask", "--app", "server", "db-check"]
    run = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode != 0 and "MASTHEAD_DEVELOPMENT=1" in run.stderr
