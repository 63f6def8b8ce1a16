"""The command refuses impossible inputs with the same sentence as the web (exit code 3)."""

from __future__ import annotations

import pytest
from cli_helpers import DEMO, Run

IMPOSSIBLE = '"3.4.3": {on_time: 301893, total: 201893}'


def impossible_demo(tmp_path):
    text = DEMO.read_text(encoding="utf-8")
    bad = tmp_path / "impossible.yaml"
    bad.write_text(
        text.replace('"3.4.3": {on_time: 201628, total: 201893}', IMPOSSIBLE, 1), encoding="utf-8"
    )
    return bad


@pytest.mark.parametrize("command", ["score", "gaps", "check"])
def test_scoring_commands_refuse_more_on_time_than_received(command, tmp_path, run: Run):
    result = run(command, str(impossible_demo(tmp_path)))
    assert result.returncode == 3
    assert result.stdout == ""
    assert result.stderr == (
        "parindex: impossible.yaml 3.4.3: Số hồ sơ giải quyết đúng hạn (301.893) không được "
        "lớn hơn Tổng số hồ sơ đã giải quyết (201.893)\n"
    )


def test_the_refusal_is_in_english_with_lang_en(tmp_path, run: Run):
    result = run("score", str(impossible_demo(tmp_path)), "--lang", "en")
    assert result.returncode == 3
    assert (
        "impossible.yaml 3.4.3: Dossiers resolved on time (301,893) cannot be greater than "
        "Dossiers resolved (201,893)"
    ) in result.stderr


def test_whatif_refuses_an_impossible_change(run: Run):
    result = run("whatif", str(DEMO), "--set", "3.4.3.on_time=301893")
    assert result.returncode == 3
    assert "3.4.3: Số hồ sơ giải quyết đúng hạn (301.893) không được lớn hơn" in result.stderr
