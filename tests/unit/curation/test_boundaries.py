"""The write path stands on its own: curation, the dataset and the importers import nothing
from the read path (readers learn of commits from the data version and events.data_changed)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]


def test_the_write_path_imports_nothing_from_the_read_path():
    code = (
        "import sys, server.curation, server.dataset, server.importers; "
        "print(sorted(m for m in sys.modules if m.startswith('server.read')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
