"""Rule codes and the words a clerk reads when a row breaks one (Chinese and English).

Templates take ``column`` (the header as written in the file), ``value`` and
``detail`` (what the rule expects). A detail that is a reason key of :data:`REASONS`,
with its arguments after ``|``, is put in words in each language.
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
        "“{column}”的值“{value}”无法识别为日期{detail}(可填:1968.05、1968-05、1968年5月、196805、"
        "1968-05-12 或Excel日期)",
        "'{column}' value '{value}' is not a date{detail} (use 1968.05, 1968-05, 1968年5月, 196805, "
        "1968-05-12 or an Excel date)",
    ),
    "unsaved_formula": (
        "“{column}”是公式{value},但工作簿没有保存它的计算结果(由程序生成、未在Excel中打开保存):"
        "请在Excel或WPS中打开并保存后再读",
        "'{column}' holds the formula {value} but the workbook stores no result for it (a "
        "program wrote it and no spreadsheet has saved it since): open it in Excel or WPS, "
        "save, and read it again",
    ),
    "compound_cell": (
        "“{column}”的值{value}是列表或记录,不是一个值",
        "'{column}' holds a list or record ({value}), not one value",
    ),
    "summary_row": (
        "本行是“{value}”行,不是一条记录,未接收:指标由明细行计算",
        "this is a '{value}' (subtotal or total) row, not a record: it is left out, and "
        "indicators are computed from the rows it sums",
    ),
    "excel_error": (
        "“{column}”是Excel错误值{value}:单元格里是出错的公式,不是数据。请在Excel中改正公式或填入实际值",
        "Excel error {value} in '{column}': the cell holds a failed formula, not a value; "
        "correct the formula in Excel or type the value",
    ),
    "ragged_row": (
        "本行有{detail}:可能是某个值里有未加引号的逗号或换行。请在Excel中打开并另存为CSV",
        "the row has {detail}: a value may hold an unquoted comma or line break; open the file "
        "in Excel and save it as CSV again",
    ),
    "conflicting_columns": (
        "“{column}”在表头中出现多次,本行各列的值不一致({value}):请删去多余的列",
        "'{column}' appears more than once in the header and this row's values differ "
        "({value}); delete the extra column",
    ),
    "columns_disagree": (
        "“{column}”与“{detail}”两列都填了,本行两者不一致({value}):请核对哪一列是对的,"
        "或删去其中一列",
        "'{column}' and '{detail}' are both given and this row's values disagree ({value}): "
        "check which is right, or delete one of the columns",
    ),
    "bad_id_number": (
        "“{column}”的值“{value}”不是有效的公民身份号码:{detail}",
        "'{column}' value '{value}' is not a valid resident ID number: {detail}",
    ),
    "id_number_conflict": (
        "“{column}”的值“{value}”与身份证号{detail}不符,请核对两者",
        "'{column}' value '{value}' does not match ID number {detail}; check both",
    ),
    "bad_person_id": (
        "“{column}”的值“{value}”是被Excel转成科学计数法的数字,末尾几位已丢失,可能与他人的编号相同。"
        "请把该列设为文本后重新填写",
        "'{column}' value '{value}' is a number Excel turned into scientific notation; its last "
        "digits are lost and it may equal someone else's. Format the column as text and enter it "
        "again",
    ),
    "bad_integer": (
        "“{column}”的值“{value}”不是整数{detail}",
        "'{column}' value '{value}' is not a whole number{detail}",
    ),
    "bad_number": (
        "“{column}”的值“{value}”不是数字{detail}",
        "'{column}' value '{value}' is not a number{detail}",
    ),
    "unknown_education": (
        "“{column}”的值“{value}”不是可识别的学历(可填:{detail})",
        "'{column}' value '{value}' is not a known education level (use: {detail})",
    ),
    "unknown_sex": (
        "“{column}”的值“{value}”应为男或女",
        "'{column}' value '{value}' should be 男 or 女",
    ),
    "unknown_post": (
        "“{column}”的值“{value}”中没有可识别的现任职务(如:党支部书记、村委会主任、委员);"
        "否定、原任或拟任的职务(如非一肩挑、原书记、主任(拟))不算担任该职务,请只填现任职务",
        "'{column}' value '{value}' names no known post held now (e.g. 党支部书记, 村委会主任, "
        "委员); a negated, former or proposed post (非一肩挑, 原书记, 主任(拟)) is not one held: "
        "write the posts held now",
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
    "under_age_in_year": (
        "“{column}”的值{value}:到{detail}年此人还不满18周岁,不能是村“两委”成员,请核对出生年月或年度",
        "'{column}' value {value}: in {detail} the person was under 18, too young to sit on a "
        "village committee; check the birth date or the year",
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


REASONS: Final[dict[str, tuple[str, str]]] = {
    "id_as_number": (
        "它被Excel存成了数字(科学计数法),只保留15位有效数字,末尾几位已丢失。请把该列设为文本后重新填写",
        "Excel stored it as a number (scientific notation), which keeps 15 significant digits: "
        "its last digits are lost. Format the column as text and enter it again",
    ),
    "id_lost_digits": (
        "以000结尾,而本列还有其他以000结尾且校验码不符的号码:该列经过数字格式,末尾几位已丢失。"
        "请把该列设为文本后重新填写",
        "it ends in 000 like other numbers of this column whose check character fails: the column "
        "went through a number format and lost its last digits. Format it as text and enter it again",
    ),
    "id_length": (
        "有{0}个字符({1}位数字),身份证号应为18位(旧号码15位)",
        "it has {0} characters ({1} digits); an ID number has 18 (or 15 for an old one)",
    ),
    "id_characters": (
        "前17位应为数字,最后一位为数字或X",
        "the first 17 characters must be digits and the last a digit or X",
    ),
    "id_check_digit": (
        "校验码(最后一位)不符合GB 11643,号码中有录入错误",
        "its check character (the last) does not fit GB 11643: a digit was mistyped",
    ),
    "id_birth_date": (
        "其中的出生日期{0}不是有效日期",
        "the birth date in it, {0}, is not a valid date",
    ),
    "fields": ("{0}个字段,而表头有{1}个", "{0} fields where the header has {1}"),
    "misplaced_separator": (
        ":千分位逗号的位置不对,逗号只能每三位数字一个(如1,234、12,345.6、1,234,567)。"
        "请核对这个数,改正或去掉逗号",
        ": its thousands separators are misplaced; a comma sets off groups of three digits "
        "(1,234, 12,345.6, 1,234,567): check the number and correct or remove the commas",
    ),
    "ambiguous_month": (
        ":既可能是{0}年1月,也可能是{0}年10月(在数字格式的单元格里输入{0}.10,Excel存为{0}.1;"
        "本列其他月份写作01至09),请写成{0}.01或{0}.10",
        ": it could be {0}年1月 or {0}年10月 (Excel keeps {0}.10 typed into a number cell as "
        "{0}.1, and this column writes other months with a zero); write {0}.01 or {0}.10",
    ),
    "ambiguous_serial": (
        ":既可能是{0}年{1}月,也可能是Excel日期序号({2}),请写成{0}.{1:0>2}或完整日期",
        ": it could be {0}年{1}月 or an Excel date serial ({2}); write {0}.{1:0>2} or a full date",
    ),
}
"""Why a cell is bad, in words, by reason key; ``{0}``, ``{1}`` … are its arguments."""


def _reason(detail: str) -> tuple[str, str]:
    key, *args = detail.split("|")
    if key not in REASONS:
        return detail, detail
    zh, en = REASONS[key]
    return zh.format(*args), en.format(*args)


def message(rule: str, *, column: str, value: str, detail: str = "") -> tuple[str, str]:
    """The Chinese and English messages for one broken rule.

    >>> message("missing_value", column="村名", value="")[1]
    "'村名' is empty; it is required"
    >>> message("bad_id_number", column="身份证号", value="2.1E+17", detail="id_as_number")[1][:63]
    "'身份证号' value '2.1E+17' is not a valid resident ID number: Excel"
    """
    zh, en = RULES[rule]
    detail_zh, detail_en = _reason(detail) if detail else ("", "")
    values = {"column": column, "value": value}
    return zh.format(**values, detail=detail_zh), en.format(**values, detail=detail_en)
