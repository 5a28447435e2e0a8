"""Publishing: the atomic swap of the output folder and recovery after a killed run."""

from __future__ import annotations

from zhili_data.publish import publish


def _folder(path, text):
    path.mkdir()
    (path / "index.html").write_text(text, encoding="utf-8")
    return path


def test_swap_in_replaces_the_folder_and_removes_the_old_one(tmp_path):
    out = _folder(tmp_path / "outputs", "old")
    staging = publish.new_staging(out)
    (staging / "index.html").write_text("new", encoding="utf-8")
    staged_inode = staging.stat().st_ino
    publish.swap_in(staging, out)
    assert (out / "index.html").read_text(encoding="utf-8") == "new"
    assert out.stat().st_ino == staged_inode
    assert not publish.staging_path(out).exists() and not publish.previous_path(out).exists()


def test_swap_without_renameat2_falls_back_to_rename_aside(tmp_path, monkeypatch):
    monkeypatch.setattr(publish, "_exchange", lambda a, b: False)
    out = _folder(tmp_path / "outputs", "old")
    staging = publish.new_staging(out)
    (staging / "index.html").write_text("new", encoding="utf-8")
    publish.swap_in(staging, out)
    assert (out / "index.html").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["outputs"]


def test_recover_puts_back_a_folder_left_aside_by_a_killed_run(tmp_path):
    out = tmp_path / "outputs"
    _folder(publish.previous_path(out), "last good")  # killed between the two renames
    _folder(tmp_path / ".outputs.staging-99999", "half built")  # the killed run's pid
    done = publish.recover(out)
    assert (out / "index.html").read_text(encoding="utf-8") == "last good"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["outputs"]
    assert len(done) == 2


def test_recover_removes_leftovers_and_keeps_the_published_folder(tmp_path):
    out = _folder(tmp_path / "outputs", "published")
    _folder(tmp_path / ".outputs.staging-99999", "half built")
    _folder(tmp_path / ".elsewhere.staging-99999", "another folder's")
    publish.recover(out)
    assert (out / "index.html").read_text(encoding="utf-8") == "published"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".elsewhere.staging-99999", "outputs"]


def test_an_out_name_holding_pattern_characters_is_matched_as_text(tmp_path):
    # `--out 'site/*'` once removed another output's staging folder; `reports[2021]` never found its own.
    for name in ["*", "reports[2021]", "a?", "[!x]*"]:
        parent = tmp_path / f"case{abs(hash(name))}"
        parent.mkdir()
        _folder(parent / ".outputs.staging-4855", "another run's")
        _folder(parent / ".outputs.private-4855", "another run's")
        _folder(parent / ".reports2.staging-4855", "another run's")
        _folder(parent / ".a1.staging-4855", "another run's")
        _folder(parent / f".{name}.staging-99999", "this folder's, left by a killed run")
        _folder(parent / f".{name}.private-99999", "this folder's, left by a killed run")
        _folder(parent / f".{name}.staging-notapid", "not a run's")
        done = publish.recover(parent / name)
        assert sorted(p.name for p in parent.iterdir()) == sorted(
            [
                ".outputs.staging-4855",
                ".outputs.private-4855",
                ".reports2.staging-4855",
                ".a1.staging-4855",
                f".{name}.staging-notapid",
            ]
        ), name
        assert len(done) == 2, (name, done)
