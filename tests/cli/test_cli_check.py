"""``rectikit check``: exit codes, usage errors, output formats and the JSON contract."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from support import cli

from rectikit import __version__

AS_OF = "2023-12-31"
HEADER = "id,project,budget,mode,method,suppliers,docs,vendor,date,exception"

ERRORS = (
    f"{HEADER}\n"
    "P1,办公设备,5万,自行采购,定向采购,,是,甲公司,2023-03-01,\n"  # PRC001 error
    "P2,会议服务,2.5万,自行采购,比价,1,是,乙公司,2023-04-01,\n"  # PRC002 error
    "P3,培训,3万,自行采购,比价,1,是,丙公司,2023-05-01,经批准\n"  # PRC002 info (exception)
)
WARNING_ONLY = (
    f"{HEADER}\n"  # two directed purchases from one vendor within 30 days: PRC005 warning
    "S1,打印纸,1.5万,自行采购,定向采购,,是,甲公司,2023-03-01,\n"
    "S2,硒鼓,1.5万,自行采购,定向采购,,是,甲公司,2023-03-20,\n"
)
INFO_ONLY = (
    f"{HEADER}\n"  # PRC002 lowered to info by an approved exception
    "I1,培训,3万,自行采购,比价,1,是,丙公司,2023-05-01,经批准\n"
)
CLEAN = f"{HEADER}\nC1,办公用品,1万,自行采购,定向采购,,是,甲公司,2023-03-01,\n"


def dataset(tmp_path: Path, text: str, name: str = "procurement.csv") -> Path:
    directory = tmp_path / "data"
    directory.mkdir(exist_ok=True)
    (directory / name).write_text(text, "utf-8")
    return directory


def check_json(path: Path, *options: str) -> tuple[int, dict]:
    code, out, err = cli("check", str(path), "--as-of", AS_OF, "--format", "json", *options)
    assert "Traceback" not in err
    return code, json.loads(out)


def assert_usage_error(result: tuple[int, str, str], *needles: str) -> None:
    code, out, err = result
    assert code == 2
    assert "Traceback" not in err and "Traceback" not in out
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("rectikit: error: ")
    for needle in needles:
        assert needle in lines[0]


# -- version and help ----------------------------------------------------------------------


def test_version() -> None:
    code, out, err = cli("--version")
    assert code == 0 and err == ""
    assert out.strip() == f"rectikit {__version__}"


def test_help_and_no_command() -> None:
    code, out, _ = cli("check", "--help")
    assert code == 0 and "--as-of" in out and "--fail-on" in out
    code, out, _ = cli()
    assert code == 2 and "check" in out


# -- exit codes ------------------------------------------------------------------------------


def test_clean_exit_0(tmp_path: Path) -> None:
    code, out, err = cli("check", str(dataset(tmp_path, CLEAN)), "--as-of", AS_OF)
    assert (code, err) == (0, "")
    assert "共 0 项违规" in out


def test_errors_exit_1(tmp_path: Path) -> None:
    code, _, _ = cli("check", str(dataset(tmp_path, ERRORS)), "--as-of", AS_OF)
    assert code == 1


@pytest.mark.parametrize(
    ("text", "fail_on", "expected"),
    [
        (ERRORS, "error", 1),
        (ERRORS, "never", 0),
        (WARNING_ONLY, "error", 0),
        (WARNING_ONLY, "warning", 1),
        (WARNING_ONLY, "info", 1),
        (WARNING_ONLY, "never", 0),
        (INFO_ONLY, "warning", 0),
        (INFO_ONLY, "info", 1),
        (CLEAN, "info", 0),
    ],
)
def test_fail_on(tmp_path: Path, text: str, fail_on: str, expected: int) -> None:
    code, _, err = cli(
        "check", str(dataset(tmp_path, text)), "--as-of", AS_OF, "--fail-on", fail_on
    )
    assert code == expected, err


def test_data_diagnostics_count_with_their_severity(tmp_path: Path) -> None:
    data = dataset(tmp_path, CLEAN)
    (data / "notes.txt").write_text("not data", "utf-8")  # DAT005 info
    assert cli("check", str(data), "--as-of", AS_OF)[0] == 0
    assert cli("check", str(data), "--as-of", AS_OF, "--fail-on", "info")[0] == 1
    (data / "talks.csv").write_bytes(b"\x81\xff\xfe\x80" * 20)  # DAT001 error
    assert cli("check", str(data), "--as-of", AS_OF)[0] == 1


# -- usage errors ------------------------------------------------------------------------


def test_missing_path(tmp_path: Path) -> None:
    assert_usage_error(cli("check", str(tmp_path / "nope"), "--as-of", AS_OF), "nope")


def test_bad_as_of(tmp_path: Path) -> None:
    data = dataset(tmp_path, CLEAN)
    assert_usage_error(cli("check", str(data), "--as-of", "2023-13-45"), "2023-13-45")
    assert_usage_error(cli("check", str(data), "--as-of", "yesterday"), "yesterday")


def test_bad_since(tmp_path: Path) -> None:
    data = dataset(tmp_path, CLEAN)
    assert_usage_error(cli("check", str(data), "--as-of", AS_OF, "--since", "soon"), "soon")


def test_since_after_as_of(tmp_path: Path) -> None:
    data = dataset(tmp_path, CLEAN)
    assert_usage_error(
        cli("check", str(data), "--as-of", "2023-06-30", "--since", "2023-07-01"), "since"
    )


def test_unknown_format(tmp_path: Path) -> None:
    assert_usage_error(
        cli("check", str(dataset(tmp_path, CLEAN)), "--format", "yaml"), "yaml", "json"
    )


def test_bad_encoding(tmp_path: Path) -> None:
    assert_usage_error(
        cli("check", str(dataset(tmp_path, CLEAN)), "--encoding", "klingon"), "klingon"
    )


def test_unknown_option(tmp_path: Path) -> None:
    assert_usage_error(cli("check", str(dataset(tmp_path, CLEAN)), "--frobnicate"), "--frobnicate")


def test_bad_fail_on_and_lang(tmp_path: Path) -> None:
    data = dataset(tmp_path, CLEAN)
    assert_usage_error(cli("check", str(data), "--fail-on", "sometimes"), "sometimes")
    assert_usage_error(cli("check", str(data), "--lang", "fr"), "fr")


def test_unknown_command() -> None:
    assert_usage_error(cli("lint"), "lint")


def test_unwritable_output(tmp_path: Path) -> None:
    data = dataset(tmp_path, CLEAN)
    assert_usage_error(
        cli("check", str(data), "--as-of", AS_OF, "-o", str(tmp_path / "no" / "dir" / "r.json")),
        "r.json",
    )


def test_bad_encoding_in_config(tmp_path: Path) -> None:
    data = dataset(tmp_path, CLEAN)
    (data / "rectikit.toml").write_text('encoding = "klingon"\n', "utf-8")
    assert_usage_error(cli("check", str(data), "--as-of", AS_OF), "klingon")


# -- output -------------------------------------------------------------------------------


def test_output_file_is_written_atomically(tmp_path: Path) -> None:
    data = dataset(tmp_path, ERRORS)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    report = out_dir / "report.json"
    report.write_text("old", "utf-8")
    code, out, err = cli("check", str(data), "--as-of", AS_OF, "-o", str(report))
    assert code == 1 and out == "" and err == ""
    doc = json.loads(report.read_text("utf-8"))  # json chosen by the .json suffix
    assert doc["summary"]["violations"] == 3
    assert sorted(p.name for p in out_dir.iterdir()) == ["report.json"]  # no temp file left


def test_output_text_file(tmp_path: Path) -> None:
    data = dataset(tmp_path, ERRORS)
    report = tmp_path / "report.txt"
    code, out, _ = cli("check", str(data), "--as-of", AS_OF, "--output", str(report))
    assert code == 1 and out == ""
    assert report.read_text("utf-8").startswith("procurement.csv:2: PRC001")


JSON_DATA = (
    "id,project,budget,mode,method,suppliers,docs,vendor,date\n"
    "B1,会议服务,2.5万,自行采购,比价,1,否,乙公司,2023-04-01\n"  # PRC002 + PRC003 (row 2)
    "B2,办公设备,5万,自行采购,定向采购,,是,甲公司,2023-03-01\n"  # PRC001 (row 3)
    "B3,坏行,很多,自行采购,比价,1,否,乙公司,2023-04-01\n"  # DAT003 (row 4)
)


def test_json_shape(tmp_path: Path) -> None:
    data = dataset(tmp_path, JSON_DATA)
    (data / "talks.csv").write_text("谈话日期,谈话人,谈话对象\n2023-03-01,谢军,张三\n", "utf-8")
    (data / "采购台账.csv").write_text(
        "编号,项目名称,预算金额（元）,组织形式,采购方式,采购日期\nZ1,车辆,40万,自行采购,比价,2023-05-01\n",
        "utf-8",
    )
    code, doc = check_json(data)
    assert code == 1
    # CLI.md's keys first, in its order; the run manifest after them
    assert list(doc) == [
        "tool",
        "version",
        "as_of",
        "since",
        "summary",
        "violations",
        "data_errors",
        "manifest",
    ]
    assert (doc["tool"], doc["version"], doc["as_of"], doc["since"]) == (
        "rectikit",
        __version__,
        AS_OF,
        "2023-01-01",
    )
    summary = doc["summary"]
    assert {"records", "violations", "by_severity", "by_code", "not_run"} <= set(summary)
    assert summary["records"] == 5
    assert summary["violations"] == len(doc["violations"])
    assert summary["by_severity"] == {"error": 4, "warning": 0, "info": 0}
    assert summary["by_code"] == {"PRC001": 1, "PRC002": 1, "PRC003": 1, "PRC004": 1}
    assert summary["not_run"]["ITG001"] and summary["not_run"]["ELC001"]
    assert "PRC001" not in summary["not_run"]
    for violation in doc["violations"]:
        assert list(violation) == [
            "code",
            "name",
            "severity",
            "kind",
            "subject",
            "message",
            "location",
            "citation",
            "details",
        ]
        assert list(violation["location"]) == ["file", "row", "column"]
        assert violation["kind"] == "procurement"
        assert violation["citation"]
        assert all(isinstance(v, str) for v in violation["details"].values())
    prc001 = next(v for v in doc["violations"] if v["code"] == "PRC001")
    assert prc001 == {
        "code": "PRC001",
        "name": "directed-over-limit",
        "severity": "error",
        "kind": "procurement",
        "subject": "B2",
        "message": "定向采购项目预算 50,000.00 元，超过定向采购限额 20,000.00 元",
        "location": {"file": "procurement.csv", "row": 3, "column": "budget"},
        "citation": "《政府采购内部控制规范》（单位修订版）",
        "details": {"budget": "50000", "limit": "20000"},
    }
    (dat003,) = doc["data_errors"]
    assert {"code", "message", "location"} <= set(dat003)
    assert dat003["code"] == "DAT003"
    assert dat003["location"] == {"file": "procurement.csv", "row": 4, "column": "budget"}


def test_violations_sorted_by_file_row_code(tmp_path: Path) -> None:
    data = dataset(tmp_path, JSON_DATA)
    (data / "a.csv").write_text(JSON_DATA.replace("B", "A"), "utf-8")
    (data / "rectikit.toml").write_text('[files]\n"a.csv" = "procurement"\n', "utf-8")
    _, doc = check_json(data)
    keys = [(v["location"]["file"], v["location"]["row"], v["code"]) for v in doc["violations"]]
    assert keys == sorted(keys)
    assert keys[:3] == [("a.csv", 2, "PRC002"), ("a.csv", 2, "PRC003"), ("a.csv", 3, "PRC001")]
    assert keys[-1] == ("procurement.csv", 3, "PRC001")


def test_lang_en(tmp_path: Path) -> None:
    data = dataset(tmp_path, JSON_DATA)
    _, doc = check_json(data, "--lang", "en")
    prc001 = next(v for v in doc["violations"] if v["code"] == "PRC001")
    assert prc001["message"] == (
        "directed purchase with a budget of 50,000.00 yuan exceeds the limit of 20,000.00 yuan"
    )
    (dat003,) = doc["data_errors"]
    assert "not a valid amount" in dat003["message"]
    assert not re.search(r"[\u4e00-\u9fff]", prc001["message"])


def test_text_format_lines(tmp_path: Path) -> None:
    data = dataset(tmp_path, JSON_DATA)
    code, out, _ = cli("check", str(data), "--as-of", AS_OF, "--format", "text")
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("procurement.csv:2: PRC002 ")
    assert lines[1].startswith("procurement.csv:2: PRC003 ")
    assert lines[2].startswith("procurement.csv:3: PRC001 ")
    assert lines[3].startswith("procurement.csv:4: DAT003 ")
    for line in lines[:-1]:
        assert re.match(r"^[^:]+:\d+: [A-Z]{3}\d{3} ", line), line
    assert "共 3 项违规" in lines[-1]


def test_default_format_when_piped_is_text(tmp_path: Path) -> None:
    data = dataset(tmp_path, JSON_DATA)
    code, out, _ = cli("check", str(data), "--as-of", AS_OF)
    assert code == 1
    assert out.splitlines()[0].startswith("procurement.csv:2: PRC002 ")


def test_console_format_to_a_pipe(tmp_path: Path) -> None:
    data = dataset(tmp_path, JSON_DATA)
    code, out, _ = cli("check", str(data), "--as-of", AS_OF, "--format", "console")
    assert code == 1
    assert "\x1b[" not in out  # no colour when not a terminal
    assert "procurement.csv" in out and "PRC001" in out and "检查汇总" in out


def test_since_and_as_of_in_json(tmp_path: Path) -> None:
    data = dataset(tmp_path, CLEAN)
    _, doc = check_json(data, "--since", "2023/7/1")
    assert (doc["as_of"], doc["since"]) == (AS_OF, "2023-07-01")
    code, out, _ = cli("check", str(data), "--as-of", "2023年6月30日", "--format", "json")
    assert json.loads(out)["since"] == "2023-01-01" and code == 0


def test_several_paths_and_file_path(tmp_path: Path) -> None:
    data = dataset(tmp_path, CLEAN)
    (data / "talks.csv").write_text("", "utf-8")
    code, doc = check_json(data / "procurement.csv")
    assert code == 0 and doc["summary"]["records"] == 1
    assert "ITG001" in doc["summary"]["not_run"]


def test_no_plugins_flag(tmp_path: Path) -> None:
    code, doc = check_json(dataset(tmp_path, ERRORS), "--no-plugins")
    assert code == 1 and doc["summary"]["by_code"]["PRC001"] == 1


def test_template_csv_roundtrip_in_check(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    template = data / "procurement.csv"
    assert cli("schema", "procurement", "--template", str(template))[0] == 0
    with template.open("a", encoding="utf-8", newline="") as stream:
        stream.write("T1,办公设备,5万,自行采购,定向采购,,是,甲公司,,,2023-03-01,,\r\n")
    code, doc = check_json(data)
    assert doc["data_errors"] == []
    assert doc["summary"]["by_code"] == {"PRC001": 1}
    assert code == 1


def test_version_loads_no_engine() -> None:
    """`rectikit --version` answers before the engine, readers and reporters load."""
    import subprocess
    import sys

    code = (
        "import sys; from rectikit.cli import main; main(['--version']); "
        "print(sorted(m for m in sys.modules if m.startswith('rectikit')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.startswith("rectikit ")
    assert "rectikit.engine" not in out and "rectikit.readers" not in out


def test_the_example_is_checked_without_openpyxl() -> None:
    """CSV files, a workbook (rectikit's own reader) and a TOML ledger are checked
    without importing openpyxl (a tenth of a second of the bundled example's run)."""
    import subprocess
    import sys

    example = Path(__file__).parents[2] / "examples" / "city-committee"
    assert list(example.glob("*.xlsx")) and (example / "ledger.toml").is_file()
    code = (
        "import io, sys; from rectikit.cli import main; "
        f"main(['check', {str(example)!r}, '--as-of', '2023-12-31'], io.StringIO()); "
        "print('openpyxl' in sys.modules, 'rectikit.ledger.files' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["False", "True"]
