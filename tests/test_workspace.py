"""`make lab` works in a copy of release/ that a course update never overwrites."""

from __future__ import annotations

from pathlib import Path

from course.workspace import main, sync_workspace


def _release(tmp_path: Path) -> Path:
    release = tmp_path / "release"
    (release / "00_start_here").mkdir(parents=True)
    (release / "00_start_here" / "00_start_here.ipynb").write_text("start v1")
    (release / "02_coding").mkdir()
    (release / "02_coding" / "02_coding.ipynb").write_text("coding v1")
    (release / "02_coding" / ".ipynb_checkpoints").mkdir()
    (release / "02_coding" / ".ipynb_checkpoints" / "x.ipynb").write_text("junk")
    return release


def test_first_run_copies_everything_but_checkpoints(tmp_path: Path):
    release, work = _release(tmp_path), tmp_path / "my-work"
    added = sync_workspace(release, work)
    assert sorted(map(str, added)) == ["00_start_here/00_start_here.ipynb", "02_coding/02_coding.ipynb"]
    assert (work / "02_coding" / "02_coding.ipynb").read_text() == "coding v1"
    assert not (work / "02_coding" / ".ipynb_checkpoints").exists()


def test_update_adds_new_notebooks_and_keeps_the_learners_answers(tmp_path: Path):
    release, work = _release(tmp_path), tmp_path / "my-work"
    sync_workspace(release, work)
    (work / "02_coding" / "02_coding.ipynb").write_text("my answers")
    (release / "02_coding" / "02_coding.ipynb").write_text("coding v2")
    (release / "03_ml_system_design").mkdir()
    (release / "03_ml_system_design" / "03_ml_system_design.ipynb").write_text("design v1")
    added = sync_workspace(release, work)
    assert [str(p) for p in added] == ["03_ml_system_design/03_ml_system_design.ipynb"]
    assert (work / "02_coding" / "02_coding.ipynb").read_text() == "my answers"
    assert not list(work.rglob("*.tmp")), "temporary files left behind"


def test_cli_reports_and_fails_clearly_without_release(tmp_path: Path, capsys):
    release, work = _release(tmp_path), tmp_path / "my-work"
    assert main([str(release), str(work)]) == 0
    assert "Created your working copy" in capsys.readouterr().out
    assert main([str(release), str(work)]) == 0
    assert "up to date" in capsys.readouterr().out
    try:
        sync_workspace(tmp_path / "missing", work)
    except FileNotFoundError as exc:
        assert "make release" in str(exc)
    else:
        raise AssertionError("a missing release folder must raise FileNotFoundError")
