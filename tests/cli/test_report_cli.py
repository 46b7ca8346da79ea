"""``python -m metrics report``: the board pack written to a file; bad input named, exit code 2."""

import shutil
import subprocess

import pytest

from cli.metrics import main


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed: scripts/install-system.sh")
def test_report_writes_the_pack_in_chinese_for_a_region(demo_url, tmp_path, capsys):
    output = tmp_path / "pack.pdf"
    code = main(["report", "--database-url", demo_url, "--period", "2026-09", "--lang", "zh", "--region", "East",
                 "--output", str(output)])
    assert code == 0, capsys.readouterr().err
    assert f"Wrote {output}" in capsys.readouterr().out
    cover = subprocess.run(["pdftotext", "-l", "1", str(output), "-"], capture_output=True, text=True,
                           check=True).stdout
    assert "董事会报告" in cover and "2026-09" in cover and "区域：East" in cover


@pytest.mark.parametrize(("args", "message"), [
    (["--region", "Atlantis"], "Invalid input: region Atlantis is not in the data"),
    (["--period", "2001-01"], "Invalid input: no orders fall in 2001-01"),
    (["--period", "someday"], "Invalid input:"),
])
def test_bad_input_is_named(demo_url, tmp_path, capsys, args, message):
    assert main(["report", "--database-url", demo_url, "--output", str(tmp_path / "x.pdf"), *args]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_no_store_is_said(tmp_path, capsys):
    assert main(["report", "--database-url", f"sqlite:///{tmp_path / 'none.db'}"]) == 2
    assert "python -m data refresh" in capsys.readouterr().err
