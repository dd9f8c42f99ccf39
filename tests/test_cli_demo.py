"""`newsmon demo --no-serve`: the whole pipeline on the bundled story, offline."""

from __future__ import annotations

import os
from pathlib import Path

from tests.helpers import newsmon_env, run_newsmon


def test_demo_crawls_the_story_and_prints_its_flags(tmp_path: Path) -> None:
    result = run_newsmon(
        "demo", "--no-serve", timeout=300, env=newsmon_env(NEWSMON_DATA_DIR=str(tmp_path))
    )
    assert result.returncode == 0, result.stderr
    assert "flag [north-korean-troops] killed: 300 (earlier: none)" in result.stdout
    assert "flag [north-korean-troops] killed: 2000 (earlier: 300, 600)" in result.stdout
    assert (tmp_path / "demo" / "data" / "newsmon.db").exists()
    assert os.path.exists(tmp_path / "demo" / "newsmon.toml")
