"""Text encodings of CSV files: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK."""

from __future__ import annotations

import codecs
import re
from typing import Final

from partybuild_metrics.errors import InputError

_COMMON: Final = frozenset(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所"
    "民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日"
    "那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想"
    "已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指"
    "几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权"
    "收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集"
    "温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支"
    "般史感劳便团往历市克何除消构府称太准精值号率族维划选标写存候毛亲快效院查江型眼王按格养易置派层片始却专状育厂京识适属圆包"
    "火住调满县局照参红细引听该铁价严村户贫困脱扶镇乡元亿並來個們備傳價億兒內兩別則劃動務勞區卻參員問單嚴國圓圖團報場壓學實寫"
    "將專對導層屬帶幹幾廠廣張強後從應戰戶採據數斷於時書會東條業極構標樣機權歷氣決沒況準溫滿濟無熱爭爲狀現產當發確礦種稱積節約"
    "紅級細組結給統經維線縣總織羣義習聯聲聽脫與華萬處號衆術裏裝覆見規親觀計記設許話該認說調論證識議變貧資質車軍較轉辦農這連進"
    "運過達適選還邊鄉鎮鐵長門開間關隊階際離難電響須領頭題類風養馬驗體鬥麼點黨"
)
"""Some 500 of the most frequent characters of Chinese text, simplified and traditional."""


def decode_csv_bytes(data: bytes, path: str) -> tuple[str, str]:
    """Decode a CSV file's bytes; returns (text, encoding).

    Strict decoding in a fixed order is enough here and never guesses: Chinese text in
    GBK is practically never valid UTF-8, and GB18030 is a superset of GBK and GB2312.
    A file cut off in the middle of a character (a truncated copy) keeps its encoding:
    the broken character is dropped, and its last row is short of fields.

    >>> decode_csv_bytes("村名".encode("gbk"), "a.csv")
    ('村名', 'gb18030')
    >>> decode_csv_bytes(codecs.BOM_UTF8 + "村名".encode(), "a.csv")
    ('村名', 'utf-8-sig')
    >>> decode_csv_bytes("村名".encode()[:-1], "a.csv")
    ('村', 'utf-8')
    >>> decode_csv_bytes("村名".encode("utf-32"), "a.csv")
    ('村名', 'utf-32')
    """
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):  # before UTF-16's BOM
        try:
            return data.decode("utf-32"), "utf-32"
        except UnicodeDecodeError as error:
            raise _not_text(path) from error
    bomless = utf16_without_bom(data)
    if bomless:
        try:
            return data.decode(bomless), bomless
        except UnicodeDecodeError as error:
            raise _not_text(path) from error
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as error:
            if error.end < len(data) - 1 or "truncated" not in error.reason:
                raise _not_text(path) from error
            return data[: error.start].decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8-sig"), "utf-8-sig" if data.startswith(
            codecs.BOM_UTF8
        ) else "utf-8"
    except UnicodeDecodeError as error:
        if error.reason == "unexpected end of data" and error.start >= len(data) - 3:
            return data[: error.start].decode("utf-8-sig"), "utf-8"
        utf8_ends = error.start
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as error:
        line, byte = where_encoding_changes(data, utf8_ends, error.start)
        if byte is None:
            raise _not_text(path, _GBK_THEN_UTF8.format(line)) from error
        raise _not_text(path, f" (it changes encoding on line {line}, byte {byte})") from error
    line = utf8_line(data)
    if line:  # GB18030 reads any bytes: UTF-8 lines in a GBK file would be read garbled
        raise _not_text(path, _GBK_THEN_UTF8.format(line))
    return gb_or_big5(data, text)


_GBK_THEN_UTF8: Final = " (GBK, and on line {} UTF-8: two files pasted into one?)"


def where_encoding_changes(data: bytes, utf8_ends: int, gb_fails: int) -> tuple[int, int | None]:
    r"""Where bytes pasted together from a UTF-8 and a GBK file, and so neither, turn from
    the one to the other, given where their UTF-8 and their GB18030 readings fail: (line,
    None) when a GBK part gives way to UTF-8 lines from that line on; else (line, byte)
    where the UTF-8 part ends, or where the GB18030 reading fails.

    >>> data = "村名\n东山村\n".encode() + "西河村\n".encode("gbk")  # UTF-8 fails at byte 17
    >>> where_encoding_changes(data, 17, 0)
    (3, 18)
    """
    first_utf8 = utf8_line(data)
    if first_utf8 and data[:utf8_ends].count(b"\n") + 1 < first_utf8:
        return first_utf8, None
    at = utf8_ends if utf8_ends > 0 else gb_fails
    return data[:at].count(b"\n") + 1, at + 1


_CJK_UTF8: Final = re.compile(rb"[\xe4-\xe9][\x80-\xbf]{2}")


def utf8_line(data: bytes) -> int:
    r"""In bytes that are not UTF-8 as a whole, the first line that is UTF-8 with two Chinese
    characters or more (0 when none is): a GBK line is never such by chance, and GB18030
    would read it as other characters without a word.

    >>> utf8_line("村名,东山村\n".encode("gbk") + "村名,西河村\n".encode())
    2
    """
    for number, line in enumerate(data.split(b"\n"), start=1):
        if len(_CJK_UTF8.findall(line)) < 2:
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            continue
        return number
    return 0


def gb_or_big5(data: bytes, as_gb: str) -> tuple[str, str]:
    """GB18030 decodes any bytes, so text saved in Big5 (Taiwan, Hong Kong) reads as
    rare characters: Big5 is taken when the bytes are valid Big5 and more of its characters
    are common ones. GBK text with a simplified character is rarely valid Big5 at all.

    >>> gb_or_big5("貧困發生率".encode("big5"), "貧困發生率".encode("big5").decode("gb18030"))
    ('貧困發生率', 'big5hkscs')
    >>> gb_or_big5("贫困发生率".encode("gbk"), "贫困发生率")
    ('贫困发生率', 'gb18030')
    """
    if _unlike_gb_text(as_gb) < 0.2:
        # GBK text of common characters is often valid Big5 too ("修缮旧房12栋" reads as
        # "党圪導滇12集"); Big5 read as GB18030 is kana, box drawing and rare characters
        return as_gb, "gb18030"
    try:
        as_big5 = data.decode("big5hkscs")
    except UnicodeDecodeError:
        return as_gb, "gb18030"
    if _common_share(as_big5) > _common_share(as_gb):
        return as_big5, "big5hkscs"
    return as_gb, "gb18030"


def _unlike_gb_text(text: str) -> float:
    """The share of a text's characters beyond ASCII and CJK punctuation that GBK text
    rarely holds: Han characters outside GB2312's common 6,763, kana, symbols.

    >>> _unlike_gb_text("贫困发生率"), _unlike_gb_text("貧困發生率".encode("big5").decode("gb18030"))
    (0.0, 1.0)
    """
    sample = [ch for ch in text[:200_000] if ch >= "\u3040" and not "\uff00" <= ch <= "\uffef"]
    if not sample:
        return 0.0
    unlike = 0
    for ch in set(sample):
        if "\u4e00" <= ch <= "\u9fff":
            try:
                ch.encode("gb2312")
                continue
            except UnicodeEncodeError:
                pass
        unlike += sample.count(ch)
    return unlike / len(sample)


def _common_share(text: str) -> float:
    sample = [ch for ch in text[:200_000] if ch >= "\u3400"]
    return sum(ch in _COMMON for ch in sample) / len(sample) if sample else 0.0


def utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' for UTF-16 text written without a byte-order mark (most
    of its characters are ASCII or CJK, so one byte of each pair is often zero); else None.

    >>> utf16_without_bom("年度,year".encode("utf-16-le")), utf16_without_bom(b"year,2020")
    ('utf-16-le', None)
    """
    sample = data[:4096]
    if len(sample) < 4 or sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    pairs = len(sample) // 2
    if odd > pairs * 0.3 and even < pairs * 0.02:
        return "utf-16-le"
    if even > pairs * 0.3 and odd < pairs * 0.02:
        return "utf-16-be"
    return None


def _not_text(path: str, where: str = "") -> InputError:
    return InputError(
        f"the file is neither UTF-8 nor GB18030/GBK text{where}",
        path=path,
        hint="save it from Excel or WPS as 'CSV UTF-8' or plain 'CSV'",
    )


_SIGNATURES: Final = {
    b"PK\x03\x04": "an Excel workbook (.xlsx) or another zip file",
    b"\xd0\xcf\x11\xe0": "an old Excel workbook (.xls), a password-protected workbook or "
    "another Office file",
    b"%PDF": "a PDF document",
}


def other_format(head: bytes) -> str | None:
    r"""What a file named as text is, by its first bytes, when it is a workbook or a PDF.

    >>> other_format(b"PK\x03\x04\x14\x00"), other_format(b"id,kind")
    ('an Excel workbook (.xlsx) or another zip file', None)
    """
    for signature, what in _SIGNATURES.items():
        if head.startswith(signature):
            return what
    return None
