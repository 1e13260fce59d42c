"""The interview-loop data loads, validates, and draws."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import pytest

from course import loop, plots
from course.datafiles import DataError

matplotlib.use("Agg")


def test_loop_loads_in_order_with_the_rounds():
    data = loop.load_loop()
    assert data.stages[0].name == "Application"
    assert [r.notebook for r in data.rounds] == [
        "01_ml_theory", "02_coding", "03_ml_system_design", "04_behavioral", "05_ml_practical"]
    rates = data.cumulative_pass_rates()
    assert rates == sorted(rates, reverse=True) and 0 < rates[-1] < 0.01
    assert 7 * 8 <= data.total_days <= 7 * 10  # "8-10 weeks from application to acceptance"


@pytest.mark.parametrize(("edit", "field"), [
    (("pass_rate: 0.60", "pass_rate: 60"), "pass_rate"),
    (("days: [8, 1]", "days: [8]"), "days"),
    (("    tip: Know every", "    tipp: Know every"), "tipp"),
])
def test_a_bad_edit_names_file_record_and_field(tmp_path: Path, edit, field):
    bad = tmp_path / "interview_loop.yaml"
    text = loop.LOOP_FILE.read_text()
    assert edit[0] in text
    bad.write_text(text.replace(edit[0], edit[1], 1))
    with pytest.raises(DataError) as info:
        loop.load_loop.__wrapped__(bad)
    message = str(info.value)
    assert "interview_loop.yaml" in message and "stage 2" in message and field in message


def test_broken_yaml_reports_the_line(tmp_path: Path):
    bad = tmp_path / "interview_loop.yaml"
    bad.write_text("stages:\n  - name: [unclosed\n")
    with pytest.raises(DataError, match=r"interview_loop\.yaml: invalid YAML at line \d"):
        loop.load_loop.__wrapped__(bad)


def test_the_loop_figure_draws():
    fig = plots.interview_loop()
    timeline, funnel = fig.axes
    assert len(timeline.patches) == len(loop.load_loop().stages)
    assert funnel.get_xscale() == "log"
