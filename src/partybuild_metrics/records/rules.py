"""Rule codes and the words a clerk reads when a row breaks one (Chinese and English).

Templates take ``column`` (the header as written in the file), ``value`` and
``detail`` (what the rule expects).
"""

from __future__ import annotations

from typing import Final

RULES: Final[dict[str, tuple[str, str]]] = {
    "missing_column": (
        "缺少必填列“{column}”,整个文件未接收。可用的表头:{detail}",
        "required column '{column}' is missing, so no row of this file was accepted. "
        "Accepted headers: {detail}",
    ),
    "empty_file": ("文件或工作表没有数据行", "the file or sheet has no data rows"),
    "missing_value": ("“{column}”为空,此项必填", "'{column}' is empty; it is required"),
    "bad_code": (
        "“{column}”的值“{value}”不是{detail}位数字的统计用区划代码。若Excel把代码变成了数字"
        "(如科学计数法)或丢了位数,请把该列设为文本后重新填写",
        "'{column}' value '{value}' is not a {detail}-digit statistical division code. If Excel "
        "turned the code into a number (scientific notation) or it lost digits, format the column "
        "as text and enter it again",
    ),
    "bad_boolean": (
        "“{column}”的值“{value}”无法识别为是/否(可填:是/否、√/×、1/0、Y/N)",
        "'{column}' value '{value}' is not a yes/no (use 是/否, √/×, 1/0, Y/N, TRUE/FALSE)",
    ),
    "bad_date": (
        "“{column}”的值“{value}”无法识别为日期(可填:1968.05、1968-05、1968年5月、196805 或Excel日期)",
        "'{column}' value '{value}' is not a date (use 1968.05, 1968-05, 1968年5月, 196805 or an "
        "Excel date)",
    ),
    "bad_integer": (
        "“{column}”的值“{value}”不是整数",
        "'{column}' value '{value}' is not a whole number",
    ),
    "bad_number": ("“{column}”的值“{value}”不是数字", "'{column}' value '{value}' is not a number"),
    "unknown_education": (
        "“{column}”的值“{value}”不是可识别的学历(可填:{detail})",
        "'{column}' value '{value}' is not a known education level (use: {detail})",
    ),
    "unknown_sex": (
        "“{column}”的值“{value}”应为男或女",
        "'{column}' value '{value}' should be 男 or 女",
    ),
    "unknown_post": (
        "“{column}”的值“{value}”中没有可识别的职务(如:党支部书记、村委会主任、委员)",
        "'{column}' value '{value}' names no known post (e.g. 党支部书记, 村委会主任, 委员)",
    ),
    "unknown_political_status": (
        "“{column}”的值“{value}”不是可识别的政治面貌(如:中共党员、中共预备党员、群众)",
        "'{column}' value '{value}' is not a known political status (e.g. 中共党员, 群众)",
    ),
    "unknown_level": (
        "“{column}”的值“{value}”不是可识别的级别(省、市、县、乡镇、村)",
        "'{column}' value '{value}' is not a known level (省, 市, 县, 乡镇, 村)",
    ),
    "too_small": (
        "“{column}”的值{value}小于允许的最小值{detail}",
        "'{column}' value {value} is below the smallest allowed value {detail}",
    ),
    "too_large": (
        "“{column}”的值{value}大于允许的最大值{detail}",
        "'{column}' value {value} is above the largest allowed value {detail}",
    ),
    "duplicate": (
        "{detail}重复出现:所有重复行均被隔离,请核实后只保留一行",
        "{detail} occurs more than once: every copy is quarantined; keep only the right one",
    ),
    "birth_date_in_future": (
        "“{column}”的值{value}晚于今天",
        "'{column}' value {value} is in the future",
    ),
    "date_in_future": (
        "“{column}”的值{value}晚于今天",
        "'{column}' value {value} is in the future",
    ),
    "exit_before_registration": (
        "脱贫年度{value}早于识别年度{detail}",
        "exit year {value} is before the registration year {detail}",
    ),
    "end_before_start": (
        "结束日期{value}早于开始日期{detail}",
        "end date {value} is before the start date {detail}",
    ),
    "delisted_not_low_income": (
        "标为已销号,但不是低收入村",
        "marked as delisted but not as a low-income village",
    ),
    "rectified_not_weak_lax": (
        "标为整顿完成,但未标为软弱涣散村",
        "marked as rectified but not as weak and lax",
    ),
    "level_mismatch": (
        "级别“{value}”与代码长度不符({detail})",
        "level '{value}' does not fit the code's length ({detail})",
    ),
    "unknown_village": (
        "“{column}”{value}在{detail}的村基本情况中不存在(或该村行已被隔离)",
        "'{column}' {value} is not a village in {detail} (or that village's row was quarantined)",
    ),
    "unknown_division": (
        "代码{value}的上级区划{detail}不在区划表中",
        "code {value}: its higher division {detail} is not in the divisions table",
    ),
    "two_secretaries": (
        "村{value}在{detail}年有多名村党组织书记:全部隔离,请核实职务",
        "village {value} has more than one secretary in {detail}: all are quarantined; check 职务",
    ),
    "two_directors": (
        "村{value}在{detail}年有多名村委会主任:全部隔离,请核实职务",
        "village {value} has more than one director in {detail}: all are quarantined; check 职务",
    ),
    "unknown_first_secretary": (
        "“{column}”{value}不在驻村第一书记表中",
        "'{column}' {value} is not in the first secretaries table",
    ),
}


def message(rule: str, *, column: str, value: str, detail: str = "") -> tuple[str, str]:
    """The Chinese and English messages for one broken rule.

    >>> message("missing_value", column="村名", value="")[1]
    "'村名' is empty; it is required"
    """
    zh, en = RULES[rule]
    values = {"column": column, "value": value, "detail": detail}
    return zh.format(**values), en.format(**values)
