"""The `parindex` command run in-process through `main(argv)`, as a user would type it."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import Result, Run

from parindex.cli import main


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    """Return a runner of `parindex ARGS…` in a scratch directory: ``run("score", path)``."""
    monkeypatch.chdir(tmp_path)

    def run(*args: str) -> Result:
        capsys.readouterr()
        code = main(list(args))
        out, err = capsys.readouterr()
        return Result(code, out, err)

    return run
