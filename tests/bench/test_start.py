"""The whole-process benchmark's table and environment (the timing itself is bench.start's work)."""

from __future__ import annotations

from pathlib import Path

from bench.start import environment, table


def test_the_table_gives_each_command_its_median_and_its_excess_over_the_first() -> None:
    times = {"baseline": [0.030, 0.028, 0.050], "fast": [0.150, 0.140, 0.300], "slow": [0.240, 0.260, 0.250]}
    assert table(times, 3).splitlines() == [
        "whole process, median of 3 interleaved runs (bytecode cached); target: at most +200 ms over the first",
        "  baseline                                       30 ms (min   28, max   50)",
        "  fast                                          150 ms (min  140, max  300)  +120 ms  PASS",
        "  slow                                          250 ms (min  240, max  260)  +220 ms  FAIL"]


def test_bytecode_is_written_to_the_working_folder_even_where_the_environment_forbids_it(
        monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    env = environment(tmp_path)
    assert "PYTHONDONTWRITEBYTECODE" not in env
    assert env["PYTHONPYCACHEPREFIX"] == str(tmp_path / "bytecode")
