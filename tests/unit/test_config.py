"""Settings: the secret key is shared by every worker of a host when none is configured."""

from __future__ import annotations

import os
import stat
from concurrent.futures import ProcessPoolExecutor

from server import config


def test_secret_key_is_made_once_and_kept_private(tmp_path):
    first = config._instance_secret_key(str(tmp_path))
    assert len(first) == 64
    assert config._instance_secret_key(str(tmp_path)) == first
    assert stat.S_IMODE(os.stat(tmp_path / "secret_key").st_mode) == 0o600


def test_workers_starting_together_agree_on_the_key(tmp_path):
    with ProcessPoolExecutor(max_workers=4) as pool:
        keys = set(pool.map(config._instance_secret_key, [str(tmp_path)] * 8))
    assert len(keys) == 1


def test_environment_key_wins(tmp_path):
    settings = config.from_environment({"MASTHEAD_SECRET_KEY": "from-env"}, str(tmp_path))
    assert settings["SECRET_KEY"] == "from-env"
    assert not (tmp_path / "secret_key").exists()


def test_deadlines_are_settings_with_defaults_under_gunicorns_timeout(tmp_path):
    defaults = config.from_environment({}, str(tmp_path))
    assert defaults["DB_CONNECT_TIMEOUT"] == 3 and defaults["DB_STATEMENT_TIMEOUT"] == 5
    assert defaults["DB_POOL_TIMEOUT"] == 2 and defaults["SQLITE_BUSY_TIMEOUT"] == 5
    assert defaults["DB_CHECK_TIMEOUT"] == 1
    assert 0 < defaults["REQUEST_DEADLINE"] < 30  # gunicorn.conf.py's default timeout
    env = {"MASTHEAD_REQUEST_DEADLINE": "4.5", "MASTHEAD_DB_STATEMENT_TIMEOUT": "0.25"}
    settings = config.from_environment(env, str(tmp_path))
    assert settings["REQUEST_DEADLINE"] == 4.5 and settings["DB_STATEMENT_TIMEOUT"] == 0.25


def test_gunicorn_refuses_a_request_deadline_not_under_its_timeout(monkeypatch):
    import runpy

    import pytest

    conf = str(config.REPO_DIR / "gunicorn.conf.py")
    monkeypatch.setenv("MASTHEAD_TIMEOUT", "10")
    monkeypatch.setenv("MASTHEAD_REQUEST_DEADLINE", "10")
    with pytest.raises(SystemExit, match="MASTHEAD_REQUEST_DEADLINE"):
        runpy.run_path(conf)
    monkeypatch.setenv("MASTHEAD_REQUEST_DEADLINE", "9")
    assert runpy.run_path(conf)["timeout"] == 10


def test_read_caches_are_small_with_the_read_store_unless_set(tmp_path, monkeypatch):
    for key in ("LOOKUP_CACHE_SIZE", "RESPONSE_CACHE_BYTES", "READ_RECORD_CACHE_SIZE"):
        monkeypatch.delenv(f"MASTHEAD_{key}", raising=False)
    monkeypatch.delenv("MASTHEAD_READ_STORE_DIR", raising=False)
    alone = config.load(None, str(tmp_path))
    store = config.load({"READ_STORE_DIR": str(tmp_path / "store")}, str(tmp_path))
    for key, (big, small) in config.CACHE_DEFAULTS.items():
        assert alone[key] == big and store[key] == small < big
    # Set by the environment or the app's config: kept, with or without the store.
    monkeypatch.setenv("MASTHEAD_LOOKUP_CACHE_SIZE", "123")
    monkeypatch.setenv("MASTHEAD_READ_STORE_DIR", str(tmp_path / "store"))
    settings = config.load({"READ_RECORD_CACHE_SIZE": 7}, str(tmp_path))
    assert settings["LOOKUP_CACHE_SIZE"] == 123 and settings["READ_RECORD_CACHE_SIZE"] == 7
    assert settings["RESPONSE_CACHE_BYTES"] == config.CACHE_DEFAULTS["RESPONSE_CACHE_BYTES"][1]
