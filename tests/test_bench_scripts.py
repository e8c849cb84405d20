"""The benchmark scripts stay in step with the server: each one imports, and the equality
check of the fast read path against the SQL path passes on a small generated dataset
(the benchmarks themselves run on their own, never in the tests)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"


@pytest.mark.parametrize("name", ["app", "gen", "run", "verify", "fetcher_dates"])
def test_bench_script_imports(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(BENCH))
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # dataclasses look their module up
    spec.loader.exec_module(module)


def test_verify_passes_on_a_generated_dataset() -> None:
    result = subprocess.run(
        [sys.executable, str(BENCH / "verify.py"), "small", "--sample", "40"],
        cwd=BENCH.parent,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "compared: OK" in result.stdout
