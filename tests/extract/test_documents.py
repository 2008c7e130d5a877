"""Reading reports: text in every encoding offices save, HTML's visible text, real .docx files."""

from __future__ import annotations

import codecs
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from clerk_files import zip_of_72_mb

from partybuild_metrics.claims.extract import extract_claims, read_document
from partybuild_metrics.errors import InputError

SENTENCE = (
    "全市133个村实现书记、主任“一肩挑”,占比达64.8%。\n村党组织书记大专以上学历147人,占比71.7%。"
)


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("gbk", b""),
        ("gb18030", b""),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-16-le", b""),
    ],
)
def test_text_in_every_encoding(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(prefix + SENTENCE.encode(encoding))
    document = read_document(path)
    assert document.text == SENTENCE
    assert [dict(c.values)["percent"] for c in extract_claims(document.text)] == ["64.8%", "71.7%"]


def test_traditional_text_saved_in_big5(tmp_path: Path) -> None:
    """Big5 decodes as GB18030 too (as rare characters): the reading with common ones wins."""
    text = "貴州省貧困人口從2011年的1149萬人減少到2014年的623萬人,減少農村貧困人口526萬人。"
    path = tmp_path / "report.txt"
    path.write_bytes(text.encode("big5"))
    document = read_document(path)
    assert document.text == text
    (claim,) = extract_claims(document.text)
    assert dict(claim.values)["previous"] == "1149萬"


def test_chinese_only_utf16_without_a_bom(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes("党员总数九千多万，女党员约占三成。".encode("utf-16-le"))
    assert read_document(path).text == "党员总数九千多万，女党员约占三成。"


def test_html_keeps_visible_text_only(tmp_path: Path) -> None:
    page = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>标题 99%</title>"
        "<style>p { color: red } /* 占比88.8% */</style>"
        "<script>var share = '占比77.7%'; document.write('<p>200人,占比50%</p>')</script></head>"
        "<body><p>全市<b>133</b>个村实现书记、主任&ldquo;一肩挑&rdquo;,占比达64.8&#37;。</p>"
        "<div hidden>隐藏的300人,占比60%</div><!-- 注释 400人,占比40% -->"
        "<p>村党组织书记大专以上学历147人,占比71.7%&nbsp;</p></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    document = read_document(path)
    assert (
        document.text
        == "全市133个村实现书记、主任“一肩挑”,占比达64.8%。\n村党组织书记大专以上学历147人,占比71.7%"
    )
    percents = [dict(c.values)["percent"] for c in extract_claims(document.text)]
    assert percents == ["64.8%", "71.7%"]


def test_html_in_gbk_declared_by_its_meta(tmp_path: Path) -> None:
    page = "<html><head><meta http-equiv='Content-Type' content='text/html; charset=gb2312'></head><body><p>女党员2843.1万名,占29.4%</p></body></html>"
    path = tmp_path / "page.htm"
    path.write_bytes(page.encode("gbk"))
    assert read_document(path).text == "女党员2843.1万名,占29.4%"


def test_docx_paragraphs_and_tables(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("庄河市2020年基层党建工作报告", level=1)
    document.add_paragraph("全市133个村实现书记、主任“一肩挑”,占比达64.8%。")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "指标", "数值"
    table.cell(1, 0).text, table.cell(1, 1).text = "村党组织书记大专以上学历147人", "占比71.7%"
    paragraph = document.add_paragraph("组织1458名流动党员开展学习。")
    paragraph.add_run("共有1678名流动党员参与。")
    path = tmp_path / "report.docx"
    document.save(str(path))
    text = read_document(path).text
    assert text.splitlines() == [
        "庄河市2020年基层党建工作报告",
        "全市133个村实现书记、主任“一肩挑”,占比达64.8%。",
        "指标\t数值",
        "村党组织书记大专以上学历147人\t占比71.7%",
        "组织1458名流动党员开展学习。共有1678名流动党员参与。",
    ]
    kinds = sorted(c.kind for c in extract_claims(text))
    assert kinds == ["bound", "share", "share"]


def test_a_docx_that_is_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    path.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(InputError, match=r"not a Word \.docx document"):
        read_document(path)


def test_a_docx_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    path = zip_of_72_mb(tmp_path / "bomb.docx", "word/document.xml")
    with pytest.raises(InputError, match=r"unpacks to .* times its packed size"):
        read_document(path)


def test_a_long_docx_that_packs_as_text_does_is_refused_by_its_size(tmp_path: Path) -> None:
    # python-docx holds twenty times a document's XML in memory: 300 MB took 6.6 GB
    path = zip_of_72_mb(tmp_path / "long.docx", "word/document.xml", packed=False)
    with pytest.raises(InputError, match="bytes of text, more than 67,108,864"):
        read_document(path)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("garbage.txt", bytes(range(256)) * 40, "is not text"),
        ("report.pdf", b"%PDF-1.4", "not a report format"),
        ("report.doc", b"\xd0\xcf\x11\xe0", "save it as .docx"),
        ("noextension", b"abc", "not a report format"),
    ],
)
def test_bad_files_are_refused_with_the_reason(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError, match=message) as caught:
        read_document(path)
    assert name in str(caught.value)


def test_an_empty_file_has_no_claims(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert read_document(path).text == ""
    assert extract_claims("") == []


def _docx_with(tmp_path: Path, name: str, part: str, change: Callable[[bytes], bytes]) -> Path:
    """A real .docx whose ``part`` (empty when it has none) is replaced by ``change`` of it."""
    import zipfile

    plain = tmp_path / "plain.docx"
    document = docx.Document()
    document.add_paragraph("全市133个村实现书记、主任“一肩挑”,占比达64.8%")
    document.add_table(rows=1, cols=2).cell(0, 0).text = "x"
    document.save(plain)
    path = tmp_path / name
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            out.writestr(item, change(data) if item.filename == part else data)
        if part not in source.namelist():
            out.writestr(part, change(b""))
    return path


def test_a_docx_whose_xml_parts_are_too_large_or_whose_cell_spans_billions_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every XML part is parsed when a .docx opens (eight headers of 60 MB took 10 GB), and
    python-docx lays out a cell's gridSpan (2,147,483,647 columns took 10 GB and a minute)."""
    from partybuild_metrics.claims.extract import documents

    monkeypatch.setattr(documents, "MAX_DOCX_XML", 20_000)
    header = _docx_with(
        tmp_path, "h.docx", "word/header9.xml", lambda _: b"<w:hdr/>" + b" " * 50_000
    )
    with pytest.raises(InputError, match="its XML parts unpack to"):
        read_document(header)
    monkeypatch.undo()

    def span(body: bytes) -> bytes:
        return body.replace(b"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="2147483647"/>', 1)

    assert "64.8%" in read_document(_docx_with(tmp_path, "p.docx", "word/x.xml", bytes)).text
    with pytest.raises(InputError, match="spanning 2,147,483,647 columns"):
        read_document(_docx_with(tmp_path, "wide.docx", "word/document.xml", span))


def test_an_html_tag_of_a_hundred_thousand_attributes_is_refused_not_parsed(tmp_path: Path) -> None:
    """lxml takes the square of a tag's attributes: 100,000 of them ran past a minute."""
    path = tmp_path / "r.html"
    attributes = " ".join(f"a{i}=x" for i in range(100_000))
    path.write_text(f"<p {attributes}>全市133个村,占64.8%</p>", encoding="utf-8")
    with pytest.raises(InputError, match="a tag of more than 65,536 characters"):
        read_document(path)


def test_a_few_control_characters_are_text_and_a_nul_is_binary(tmp_path: Path) -> None:
    """An escape sequence pasted into a short report had made it 'binary data'."""
    path = tmp_path / "report.txt"
    path.write_text(
        "\x1b[31m全市205个村中,133个村实现书记、主任一肩挑,占比达64.9%。\n", encoding="utf-8"
    )
    assert "\x1b[31m" in read_document(path).text
    path.write_text("全市205个村中\x00,133个村", encoding="utf-8")
    with pytest.raises(InputError, match="is not text: binary data"):
        read_document(path)
    path.write_bytes(bytes(range(1, 32)) * 40)  # control characters throughout
    with pytest.raises(InputError, match="is not text: binary data"):
        read_document(path)
