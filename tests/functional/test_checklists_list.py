"""`xiaoneng checklists list`: bundled checklists plus the data folder's, as a table or JSON."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import run_cli

from xiaoneng.checklists import load_catalogue
from xiaoneng.paths import bundled_checklists_dir

FIXTURES = Path(__file__).parents[1] / "fixtures" / "checklists"


def office_data(tmp_path: Path) -> Path:
    """A data folder that was never initialised, holding only its own checklists/."""
    data = tmp_path / "data"
    (data / "checklists").mkdir(parents=True)
    for name in ("study.toml", "check.toml", "letter.toml"):
        shutil.copy(FIXTURES / name, data / "checklists" / name)
    return data


def test_list_json(tmp_path):
    result = run_cli("checklists", "list", "--json", data=office_data(tmp_path))
    assert result.returncode == 0, result.stderr
    listed = {entry["id"]: entry for entry in json.loads(result.stdout)}
    bundled = load_catalogue([bundled_checklists_dir()]).items
    assert set(listed) == set(bundled) | {"test-study", "test-check", "test-letter"}
    assert listed["test-study"] == {
        "id": "test-study",
        "kind": "study",
        "title": "测试学习模块",
        "version": "1",
        "source": {
            "name": "中华人民共和国安全生产法",
            "issuer": "全国人民代表大会常务委员会",
            "revised": "2021-06-10",
            "effective": "2021-09-01",
            "revision": "2021年修正",
        },
        "file": str(tmp_path / "data" / "checklists" / "study.toml"),
        "counts": {"sections": 2, "questions": 2},
    }
    assert listed["test-check"]["counts"] == {"groups": 2, "items": 3}
    assert listed["test-letter"]["counts"] == {"clauses": 3}


def test_list_table_and_broken_file_warning(tmp_path):
    data = office_data(tmp_path)
    (data / "checklists" / "broken.toml").write_text('id = "x"\n', encoding="utf-8")
    result = run_cli("checklists", "list", data=data)
    assert result.returncode == 0
    assert (
        "test-check" in result.stdout and "检查表" in result.stdout and "2组 3项" in result.stdout
    )
    assert "1 个文件因有问题未加载" in result.stderr
    assert list(data.iterdir()) == [data / "checklists"]  # listing never initialises data


def test_list_without_data_folder(tmp_path):
    result = run_cli("checklists", "list", "--json", data=tmp_path / "nowhere")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == len(load_catalogue([bundled_checklists_dir()]).items)
    assert not (tmp_path / "nowhere").exists()
