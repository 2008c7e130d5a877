"""partybuild-metrics extract and check on reports' texts: outputs, exit codes, escaping."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest

from partybuild_metrics.claims.entry import check_claims
from partybuild_metrics.claims.model import load_claims
from partybuild_metrics.cli import main

ARTICLES = Path(__file__).parent.parent.parent / "data" / "articles"
ZHUANGHE = ARTICLES / "000_zhuanghe_2020.txt"
DALIAN = ARTICLES / "002_dalian_first_secretaries.txt"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "partybuild_metrics", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_extract_one_file_writes_claims_that_load_and_check(tmp_path: Path) -> None:
    out = tmp_path / "zhuanghe.yaml"
    assert main(["extract", str(ZHUANGHE), "-o", str(out)]) == 0
    claims = load_claims([out])
    assert {c.source.id for c in claims} == {"000_zhuanghe_2020"}
    text = ZHUANGHE.read_text(encoding="utf-8")
    for claim in claims:
        assert claim.offset is not None
        assert text[claim.offset : claim.offset + len(claim.quote)] == claim.quote
    results = check_claims([out])
    row = results[results["published"] == "133/? = 64.8%"].iloc[0]
    assert row["verdict"] == "inconsistent" and row["consistent_modes"] == ["truncate", "floor"]
    written = out.read_text(encoding="utf-8")
    assert "numerator: '133'" in written and "inferred: true" in written


def test_extract_several_files_into_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "claims"
    files = sorted(str(p) for p in ARTICLES.glob("*.txt"))
    assert main(["extract", *files, "-o", f"{folder}/"]) == 0
    written = sorted(p.name for p in folder.glob("*.yaml"))
    assert written == [Path(f).stem + ".yaml" for f in files]
    assert len(load_claims([folder])) >= 30


def test_extract_several_files_refuses_one_yaml(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["extract", str(ZHUANGHE), str(DALIAN), "-o", str(tmp_path / "one.yaml")])
    assert code == 2
    assert "cannot share one file" in capsys.readouterr().err


def test_extract_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(DALIAN)]) == 0
    assert "part: '1678'" in capsys.readouterr().out


def test_dash_output_is_standard_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["extract", str(DALIAN), "-o", "-"]) == 0
    assert "claims:" in capsys.readouterr().out
    assert main(["check", str(DALIAN), "--format", "json", "-o", "-"]) in (0, 1)
    assert json.loads(capsys.readouterr().out)
    assert not (tmp_path / "-").exists()


def test_check_text_reports_each_finding_in_its_sentence() -> None:
    result = run("check", str(ZHUANGHE))
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if "133/? = 64.8%" in line)
    assert "FAIL" in lines[at] and "line 45" in lines[at]
    assert lines[at + 1].strip() == "全市【133】个村实现书记、主任“一肩挑”,占比达【64.8%】"
    assert lines[-1].endswith("failed") and "Traceback" not in result.stderr


def test_check_formats_json_and_junit(tmp_path: Path) -> None:
    result = run("check", str(DALIAN), "--format", "json")
    assert result.returncode == 1
    rows = json.loads(result.stdout)
    (row,) = [r for r in rows if r["published"] == "1678 ≤ 1458"]
    assert row["verdict"] == "inconsistent" and row["line"] == 119
    text = DALIAN.read_text(encoding="utf-8")
    assert text[row["offset"] : row["offset"] + len(row["quote"])] == row["quote"]
    junit = run("check", str(DALIAN), "--format", "junit")
    assert junit.returncode == 1 and "<failure" in junit.stdout


def test_check_html_highlights_every_checked_figure(tmp_path: Path) -> None:
    out = tmp_path / "zhuanghe.html"
    result = run("check", str(ZHUANGHE), "--format", "html", "-o", str(out))
    assert result.returncode == 1, result.stderr
    page = out.read_text(encoding="utf-8")
    marked = re.findall(r'<mark class="(ok|bad|na)" title="([^"]*)">([^<]*)</mark>', page)
    assert ("bad", "64.8%") in {(cls, figure) for cls, _, figure in marked}
    tip = next(title for cls, title, figure in marked if figure == "64.8%")
    assert "133/? = 64.8%" in tip and "truncate" in tip
    assert {cls for cls, _, _ in marked} == {"ok", "bad", "na"}


class _Page(HTMLParser):
    """The article paragraphs' text, and the marks with their titles, as a browser reads them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.marks: list[tuple[str, str, str]] = []
        self._in_p = False
        self._mark: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "p" and found.get("class") == "article":
            self._in_p = True
            self.paragraphs.append("")
        elif tag == "mark" and self._in_p:
            self._mark = [found.get("class") or "", found.get("title") or "", ""]

    def handle_endtag(self, tag: str) -> None:
        if tag == "p":
            self._in_p = False
        elif tag == "mark" and self._mark is not None:
            self.marks.append((self._mark[0], self._mark[1], self._mark[2]))
            self._mark = None

    def handle_data(self, data: str) -> None:
        if self._in_p:
            self.paragraphs[-1] += data
            if self._mark is not None:
                self._mark[2] += data


def test_the_highlighted_page_reads_as_the_article(tmp_path: Path) -> None:
    out = tmp_path / "zhuanghe.html"
    assert main(["check", str(ZHUANGHE), "--format", "html", "-o", str(out)]) == 1
    page = _Page()
    page.feed(out.read_text(encoding="utf-8"))
    lines = [line for line in ZHUANGHE.read_text(encoding="utf-8").split("\n") if line.strip()]
    assert page.paragraphs == lines
    assert ("bad", "64.8%") in {(cls, text) for cls, _, text in page.marks}
    tips = [title for _, title, text in page.marks if text == "55"]
    assert any("share-line17 " in tip and "\n" in tip for tip in tips)  # two claims, two lines


def test_html_from_an_article_with_markup_is_escaped(tmp_path: Path) -> None:
    article = tmp_path / "hostile.txt"
    article.write_text(
        '<script>alert("x")</script>村党组织书记<b onmouseover="x()">大专</b>以上学历147人,占比71.7%。\n'
        '<img src=x onerror=alert(1)>组织1458名流动党员学习。共有1678名流动党员参与"评议"。',
        encoding="utf-8",
    )
    out = tmp_path / "hostile.html"
    assert main(["check", str(article), "--format", "html", "-o", str(out)]) == 1
    page = out.read_text(encoding="utf-8")
    assert "<script>alert" not in page and "<img" not in page and "<b " not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    tags = set(re.findall(r"</?([a-zA-Z0-9]+)", page))
    assert tags <= {
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "h1",
        "h2",
        "p",
        "span",
        "mark",
        "section",
        "table",
        "tr",
        "th",
        "td",
        "a",
    }


def test_check_a_docx_report(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("全市564个集体经济空壳村中,已有555个“破零”,其中达到5万元的村占到77.6%。")
    path = tmp_path / "report.docx"
    document.save(str(path))
    result = run("check", str(path))
    assert result.returncode == 1, (
        result.stdout + result.stderr
    )  # 77.6% of 555 fits truncation only
    assert "555/564" in result.stdout and "?/555 = 77.6%" in result.stdout


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("garbage.txt", bytes(range(256)) * 64, "is not text"),
        ("report.pdf", b"%PDF-1.4 ...", "is neither a report's text nor a claims file"),
        ("broken.docx", b"PK\x03\x04broken", "is not a Word .docx document"),
        ("broken.html", b"<div>" * 3000, "nests elements too deep"),
    ],
)
def test_check_bad_input_exits_2_with_one_clear_line(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    result = run("check", str(path))
    assert result.returncode == 2
    assert message in result.stderr and str(path) in result.stderr
    assert "Traceback" not in result.stderr


def test_check_an_empty_report_exits_0_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    result = run("check", str(path))
    assert result.returncode == 0
    assert "no checkable claims found" in result.stdout


def test_check_text_and_claims_files_together() -> None:
    claims = Path(__file__).parent.parent.parent / "data" / "claims" / "004_huanren_lingyuan.yaml"
    result = run("check", str(claims), str(DALIAN))
    assert result.returncode == 1
    assert "huanren-lingyuan" in result.stdout and "1678" in result.stdout


def test_extract_bad_input_exits_2_and_still_writes_the_good_ones(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.txt"
    garbage.write_bytes(bytes(range(256)) * 64)
    folder = tmp_path / "out"
    result = run("extract", str(garbage), str(DALIAN), "-o", f"{folder}/")
    assert result.returncode == 2
    assert "garbage.txt: is not text" in result.stderr and "Traceback" not in result.stderr
    assert (folder / "002_dalian_first_secretaries.yaml").exists()
    unknown = run("extract", str(tmp_path / "report.pdf"))
    assert unknown.returncode == 2 and "not a report format" in unknown.stderr


def test_check_and_extract_a_folder_of_reports(tmp_path: Path) -> None:
    """A folder gives its reports in name order, and its claims files beside them."""
    folder = tmp_path / "yearbook"
    folder.mkdir()
    (folder / "a.txt").write_text(ZHUANGHE.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "b.txt").write_bytes(DALIAN.read_text(encoding="utf-8").encode("gbk"))
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")  # not a report: left out
    result = run("check", str(folder))
    assert result.returncode == 1, result.stderr
    summaries = [line for line in result.stdout.splitlines() if "claim(s) found" in line]
    assert [line.split(":")[0] for line in summaries] == [
        str(folder / "a.txt"),
        str(folder / "b.txt"),
    ]
    claims = Path(__file__).parent.parent.parent / "data" / "claims" / "004_huanren_lingyuan.yaml"
    (folder / "c.yaml").write_bytes(claims.read_bytes())
    assert "huanren-lingyuan" in run("check", str(folder)).stdout
    out = tmp_path / "claims"
    result = run("extract", str(folder), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["a.yaml", "b.yaml"]


def test_a_folder_with_no_report_is_refused_by_name(tmp_path: Path) -> None:
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4")
    for command in ("check", "extract"):
        result = run(command, str(tmp_path))
        assert result.returncode == 2
        assert str(tmp_path) in result.stderr and "holds no reports" in result.stderr
        assert "Traceback" not in result.stderr


def test_checking_a_report_loads_no_validation_engine_or_plotting() -> None:
    """A fact-checker runs check once per article: its start-up is most of its time."""
    code = (
        "import sys, contextlib, io\n"
        "from partybuild_metrics.cli import main\n"
        f"with contextlib.redirect_stdout(io.StringIO()): main(['check', {str(ZHUANGHE)!r}])\n"
        "print(sorted(m for m in ('pandera', 'ibis', 'matplotlib') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_extract_gives_reports_of_one_name_files_of_their_own(tmp_path: Path) -> None:
    for folder, article in (("a", ZHUANGHE), ("b", DALIAN)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "r.txt").write_bytes(article.read_bytes())
    out = tmp_path / "out"
    result = run(
        "extract", str(tmp_path / "a" / "r.txt"), str(tmp_path / "b" / "r.txt"), "-o", f"{out}/"
    )
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["r-2.yaml", "r.yaml"]
    assert (out / "r.yaml").read_text(encoding="utf-8") != (out / "r-2.yaml").read_text(
        encoding="utf-8"
    )


def test_an_html_report_declaring_a_codec_that_is_no_text_encoding_is_read(tmp_path: Path) -> None:
    path = tmp_path / "r.html"
    path.write_text('<meta charset="punycode"><p>全市133个村,占比达64.8%</p>', encoding="utf-8")
    result = run("check", str(path))
    assert result.returncode in (0, 1) and "Traceback" not in result.stderr


def test_extract_names_each_report_apart_whatever_names_come_before(tmp_path: Path) -> None:
    """r.txt, r-3.txt, a/r.txt, b/r.txt: the third is r-2.yaml, the fourth r-4.yaml (the
    count of files written once named r-3.yaml again, and looked for a free name forever)."""
    inputs = [
        tmp_path / "r.txt",
        tmp_path / "r-3.txt",
        tmp_path / "a" / "r.txt",
        tmp_path / "b" / "r.txt",
    ]
    for path in inputs:
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(DALIAN.read_bytes())
    out = tmp_path / "out"
    result = run("extract", *map(str, inputs), "-o", f"{out}/")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["r-2.yaml", "r-3.yaml", "r-4.yaml", "r.yaml"]
