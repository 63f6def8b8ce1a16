"""The few real processes: the installed `parindex` script and the `python -m` doors start."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from cli_helpers import DEMO, ROOT


def _run(*command: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(c) for c in command], capture_output=True, text=True, cwd=ROOT, timeout=120
    )


def test_python_m_parindex_runs_the_demo() -> None:
    done = _run(sys.executable, "-m", "parindex", "demo")
    assert done.returncode == 0, done.stderr
    assert "61,4203/65" in done.stdout


def test_the_console_script_scores_and_reports_a_missing_file() -> None:
    script = Path(sys.executable).with_name("parindex")
    done = _run(script, "score", DEMO, "--format", "json", "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["self"] == {"score": 61.4203, "max": 65}
    missing = _run(script, "score", "does-not-exist.yaml")
    assert missing.returncode == 3
    assert missing.stderr == "parindex: does-not-exist.yaml: file not found\n"


def test_the_indicators_command_runs_standalone(tmp_path: Path) -> None:
    done = _run(sys.executable, "-m", "parindex.cli.indicators", "preview", tmp_path / "none.csv")
    assert done.returncode == 3
    assert done.stderr == f"Lỗi: Tệp {tmp_path / 'none.csv'}: không tìm thấy tệp\n"
