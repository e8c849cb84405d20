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
