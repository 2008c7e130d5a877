"""Each kind of claim extraction finds, in simplified and traditional characters, and what it leaves."""

from __future__ import annotations

import pytest

from partybuild_metrics.claims.check import consistency_of
from partybuild_metrics.claims.extract import extract_claims
from partybuild_metrics.claims.model import Claim


def _only(text: str, kind: str | None = None) -> list[dict[str, object]]:
    claims = extract_claims(text, source="test")
    return [dict(c.values) for c in claims if kind is None or c.kind == kind]


def test_count_with_share_in_one_clause() -> None:
    assert _only("村党组织书记大专以上学历147人,占比71.7%。", "share") == [
        {"numerator": "147", "percent": "71.7%"}
    ]


def test_count_with_share_in_traditional_characters() -> None:
    assert _only("女黨員2559.9萬名,佔27.9%,比上年提高0.7個百分點。", "share") == [
        {"numerator": "2559.9萬", "percent": "27.9%"}
    ]


def test_part_of_a_whole_with_zhong_de() -> None:
    assert _only("對全市162個建檔立卡貧困村中的17個軟弱渙散村黨組織進行整頓。", "share") == [
        {"numerator": "17", "denominator": "162"}
    ]


def test_part_after_qizhong_with_and_without_a_share() -> None:
    assert _only("全市55个低收入村实现扶贫产业全覆盖,其中52个低收入村已经销号。", "share")[0] == {
        "numerator": "52",
        "denominator": "55",
    }
    found = _only("全市564个空壳村中,已有555个破零,其中达到5万元的村占到77.6%。", "share")
    assert {"denominator": "555", "percent": "77.6%"} in found
    assert {"numerator": "555", "denominator": "564"} in found


def test_share_with_its_denominator_named_earlier() -> None:
    text = "截至2021年底,中国共产党党员总数为9671.2万名。\n党员队伍结构持续优化。女党员2843.1万名,占党员总数的29.4%。少数民族党员728.5万名,占7.5%。"
    claims = [c for c in extract_claims(text) if c.kind == "share"]
    assert [dict(c.values) for c in claims] == [
        {"numerator": "2843.1万", "denominator": "9671.2万", "percent": "29.4%"},
        {"numerator": "728.5万", "denominator": "9671.2万", "percent": "7.5%"},
    ]
    assert all(c.inferred for c in claims)
    assert claims[0].denominator_from == "中国共产党党员总数为9671.2万名"


def test_parts_after_qizhong_with_their_total_in_the_sentence_before() -> None:
    text = "中国共产党现有基层组织493.6万个,比上年净增11.7万个。其中基层党委27.8万个,总支部31.6万个,支部434.2万个。"
    (claim,) = [c for c in extract_claims(text) if c.kind == "parts_sum"]
    assert dict(claim.values) == {"parts": ["27.8万", "31.6万", "434.2万"], "total": "493.6万"}
    assert claim.inferred and claim.total_from == "中国共产党现有基层组织493.6万个"
    assert consistency_of(claim).verdict == "consistent"


def test_a_list_of_age_bands_with_the_total_stated_earlier() -> None:
    text = (
        "党员总数为9804.1万名。\n党员的年龄。30岁及以下党员1243.5万名,31至35岁党员1150.0万名,"
        "36至40岁党员1035.6万名,41至45岁党员896.6万名,46至50岁党员929.1万名,51至55岁党员897.5万名,"
        "56至60岁党员915.9万名,61岁及以上党员2735.9万名。"
    )
    (claim,) = [c for c in extract_claims(text) if c.kind == "parts_sum"]
    assert claim.values["parts"][0] == "1243.5万" and len(claim.values["parts"]) == 8
    assert claim.values["total"] == "9804.1万"


def test_occupations_and_types_listed_after_a_heading() -> None:
    text = (
        "2022年共发展党员244.9万名。\n发展党员的职业。工人(工勤技能人员)15.7万名,农牧渔民37.6万名,"
        "企事业单位、社会组织专业技术人员35.8万名,企事业单位、社会组织管理人员27.1万名,"
        "党政机关工作人员12.3万名,学生93.6万名,其他职业人员22.8万名。"
    )
    (claim,) = [c for c in extract_claims(text) if c.kind == "parts_sum"]
    assert claim.values["total"] == "244.9万" and len(claim.values["parts"]) == 7


def test_local_committees_by_level_as_every_communique_prints_them() -> None:
    text = (
        "全国共有党的各级地方委员会3199个,其中,省(区、市)委31个,市(州)委397个,"
        "县(市、区、旗)委2771个。"
    )
    assert _only(text, "parts_sum") == [{"parts": ["31", "397", "2771"], "total": "3199"}]


def test_parts_with_their_total_after_them() -> None:
    text = "由201名企业型村书记、484名专家团队成员、359名“土专家”组成的专家数据库,将这1044人的信息分类录入。"
    assert _only(text, "parts_sum") == [{"parts": ["201", "484", "359"], "total": "1044"}]


def test_two_committees_less_those_on_both() -> None:
    text = (
        "全省共选举产生村(社区)“两委”成员123852人,其中村(社区)党组织成员71821人,"
        "村(居)民委员会成员70690人,村(社区)“两委”班子成员交叉任职18659人。"
    )
    assert _only(text, "parts_sum") == [{"parts": ["71821", "70690", "-18659"], "total": "123852"}]


def test_growth_with_net_increase_and_rate() -> None:
    found = _only("中國共產黨黨員總數為9918.5萬名,比2022年底凈增114.4萬名,增幅為1.2%。", "growth")
    assert found == [{"current": "9918.5萬", "increase": "凈增114.4萬", "rate": "增幅為1.2%"}]


def test_a_growth_rate_printed_after_its_total_and_increase() -> None:
    """The 2022 and 2023 releases print the rate a paragraph after the total and net increase."""
    text = (
        "截至2022年底,中国共产党党员总数为9804.1万名(其中,学生党员290.1万名),"
        "比上年净增132.9万名。党的基层组织506.5万个,比上年净增12.9万个。\n"
        "党员总量平稳增长。党员总数比上年增加1.4%。"
    )
    (claim,) = [c for c in extract_claims(text) if c.kind == "growth"]
    assert dict(claim.values) == {
        "current": "9804.1万",
        "increase": "净增132.9万",
        "rate": "增加1.4%",
    }
    assert claim.inferred and consistency_of(claim).verdict == "consistent"


@pytest.mark.parametrize(
    "rate",
    [
        "女党员比上年增加1.4%",  # another noun than the total's
        "党员总数比2012年增加40%",  # against another date than the increase
        "党员总数年均增长1.4%",  # a yearly average
    ],
)
def test_a_rate_of_another_noun_or_date_takes_no_earlier_total(rate: str) -> None:
    text = f"截至2022年底,党员总数为9804.1万名,比上年净增132.9万名。\n{rate}。"
    assert [c for c in extract_claims(text) if c.kind == "growth"] == []


@pytest.mark.parametrize("word", ["净增率为", "增长率为", "增幅为"])
def test_growth_with_its_rate_named_as_a_rate(word: str) -> None:
    """山西 2014: "总数240万名,比上年净增2.48万名,净增率为1.04%" (2.48 / 237.52 = 1.044%)."""
    text = f"截至2014年底,全省党员总数240万名,比上年净增2.48万名,{word}1.04%。"
    (claim,) = extract_claims(text)
    assert claim.kind == "growth" and dict(claim.values)["rate"] == f"{word}1.04%"
    assert consistency_of(claim).verdict == "consistent"


def test_growth_from_a_level_printed_without_its_unit() -> None:
    """ "从…6635.5万上升到了…8512.7万人": the earlier level takes the unit printed after."""
    text = "党员人数从2002年的6635.5万上升到了2012年的8512.7万人,十年间人数上升了28.3%。"
    (claim,) = extract_claims(text)
    assert dict(claim.values) == {
        "previous": "6635.5万",
        "current": "8512.7万",
        "rate": "上升了28.3%",
    }
    assert consistency_of(claim).verdict == "consistent"  # 8512.7 / 6635.5 = 1.2829


def test_growth_from_a_previous_level() -> None:
    found = _only("全国农村贫困人口从2012年末的9899万人减少至551万人,累计减少9348万人。", "growth")
    assert found == [{"previous": "9899万", "current": "551万", "increase": "减少9348万"}]


def test_percentage_point_changes() -> None:
    found = _only("贫困发生率从2012年的10.2%下降至0.6%,累计下降9.6个百分点。", "change")
    assert found == [{"before": "10.2%", "after": "0.6%", "change_points": "下降9.6个百分点"}]
    found = _only("大专及以上学历的8.1万人,占14.4%,比上年的13.9%提高0.5个百分点。", "change")
    assert found == [{"before": "13.9%", "after": "14.4%", "change_points": "提高0.5个百分点"}]


def test_a_change_from_last_year_printed_earlier_in_the_sentence() -> None:
    """大学生村官 2014 and 2015 (reviewed text): "比上年" starts from the 2014 share printed
    before with the same words; 57.1 − 56.5 is 0.6, not 1.4 — a finding."""
    text = (
        "截至2014年底,全国在岗大学生村官共计180960人,其中女性102251人,占总数的56.5%;"
        "截至2015年底,全国在岗大学生村官共计137898人,其中女性78792人,占总数的57.1%,"
        "比上年提高1.4{}百分点。"
    )
    for measure in ("个", ""):  # "1.4百分点" is 1.4 points, not 1.4百 (140)
        (claim,) = [c for c in extract_claims(text.format(measure)) if c.kind == "change"]
        assert dict(claim.values) == {
            "before": "56.5%", "after": "57.1%", "change_points": f"提高1.4{measure}百分点"
        }  # fmt: skip
        assert consistency_of(claim).verdict == "inconsistent"


def test_a_change_with_no_earlier_share_is_not_a_claim() -> None:
    assert _only("贫困发生率3.1%,比上年末下降1.4个百分点。", "change") == []


def test_a_part_larger_than_its_whole_is_found_and_fails() -> None:
    text = "组织1458名流动党员开展学习。开展评议活动,共有1678名流动党员参与。"
    (claim,) = [c for c in extract_claims(text) if c.kind == "bound"]
    assert dict(claim.values) == {"part": "1678", "whole": "1458"}
    assert consistency_of(claim).verdict == "inconsistent"


def test_a_mean_with_its_count() -> None:
    text = "共选出村“两委”成员105人,其中男性40名,女性65名;平均年龄为36岁。"
    assert _only(text, "mean") == [{"value": "36", "n": "105"}]
    assert _only("联审村“两委”干部831人。\n村干部平均年龄52岁。", "mean") == [
        {"value": "52", "n": "831"}
    ]


def test_a_mean_is_not_of_a_narrower_count_in_its_sentence() -> None:
    """The women counted before the cadres' mean age are not those it averages: 41.3 of 2
    would be a false finding, of the 9 cadres it holds (372 / 9 = 41.33)."""
    text = (
        "本次换届共选举产生村“两委”干部9名。其中,女性“两委”干部共2人,占22.2%;"
        "村“两委”干部平均年龄41.3岁。"
    )
    assert _only(text, "mean") == [{"value": "41.3", "n": "9"}]
    (claim,) = [c for c in extract_claims(text) if c.kind == "mean"]
    assert consistency_of(claim).verdict == "consistent"


def test_a_mean_with_no_count_is_not_a_claim() -> None:
    assert _only("新一届村党组织书记平均年龄为45.6岁。", "mean") == []


@pytest.mark.parametrize(
    "text",
    [
        "2019年4月15日,会议在北京召开。",
        "2019年",
        "获批扶持资金10万元,村集体增收6万元。",
        "咨询电话0411-82345678,手机13912345678。",
        "第十一届三中全会以来,十九大报告指出。",
        "按照不低于10%的比例随机抽查。",
        "一村一策,一肩挑,九大扶贫模式,四大产业。",
        "数十万元,上万人,几百户。",
    ],
)
def test_numbers_that_are_not_claims(text: str) -> None:
    assert extract_claims(text) == []


def test_a_projects_list_is_no_sum_of_villages() -> None:
    # 62 projects in 55 villages is not an error: the parts count projects, the total villages
    text = "全市55个低收入村全部落实产业扶贫项目,其中设施草莓项目28个、设施番茄项目5个、设施食用菌项目17个、农家院项目8个、黄瓜项目3个、繁育项目1个。"
    assert _only(text, "parts_sum") == []


def test_a_selection_after_qizhong_is_no_partition() -> None:
    text = "“两委”班子成员中,大专及以上学历的有18691人。其中,村党组织书记和村委会主任分别有4021人和2441人。"
    assert _only(text, "parts_sum") == []


def test_quotes_offsets_and_lines_point_into_the_text() -> None:
    text = "标题\n\n全市133个村实现书记、主任“一肩挑”,占比达64.8%。\n女党员2843.1万名,占29.4%。"
    for claim in extract_claims(text):
        assert claim.offset is not None and claim.line is not None
        assert text[claim.offset : claim.offset + len(claim.quote)] == claim.quote
        assert claim.line == text.count("\n", 0, claim.offset) + 1
    first = extract_claims(text)[0]
    assert (first.quote, first.line) == ("全市133个村实现书记、主任“一肩挑”,占比达64.8%", 3)


def test_a_percent_printed_before_its_count() -> None:
    text = "截至2018年底,中国共产党党员总数为9059.4万名。\n大专及以上学历党员则占49.6%,共有4493.7万人。"
    assert _only(text, "share") == [
        {"numerator": "4493.7万", "denominator": "9059.4万", "percent": "49.6%"}
    ]
    # a count with a share of its own is not the count of the percent before it
    assert _only("利润按合同进行分成(企业占40%,10个村占60%)。", "parts_sum") == [
        {"parts": ["40%", "60%"], "total": "100"}
    ]


def test_a_percent_of_a_population_named_after_it() -> None:
    assert _only("2019年,全国仍有57.7%的村集体经济组织是“空壳村”。", "share") == [
        {"percent": "57.7%"}
    ]
    assert _only("以10%的速度增长。") == []


def test_figures_spaced_as_a_pdf_prints_them() -> None:
    text = (
        "党员总数为 9059.4 万名。\n年龄 30 岁及以下党员 1273.9 万人, 31 至 35 岁党员 937.7 万人, "
        "36 至 40 岁党员 860.4 万人, 41 至 45 岁党员 863.5 万人, 46 至 50 岁党员 932.6 万人, "
        "51 至 55 岁党员 911.9 万人, 56 至 60 岁党员 679.5 万人, 61 岁及以上党员 2599.9 万人。"
    )
    (claim,) = [c for c in extract_claims(text) if c.kind == "parts_sum"]
    assert claim.values["total"] == "9059.4 万" and len(claim.values["parts"]) == 8
    assert consistency_of(claim).verdict == "consistent"


@pytest.mark.parametrize(
    ("text", "kind", "values"),
    [
        (
            "全省共选出村党组织书记2.1万名。其中,35岁以下的2500名,36至45岁的7800名,46至55岁的8200名,56岁以上的2500名。",
            "parts_sum",
            {"parts": ["2500", "7800", "8200", "2500"], "total": "2.1万"},
        ),
        (
            "全市村“两委”成员中,党员3456人,非党员1234人,共计4690人。",
            "parts_sum",
            {"parts": ["3456", "1234"], "total": "4690"},
        ),
        (
            "全县共有村干部4000人,男性3000人,女性1000人。",
            "parts_sum",
            {"parts": ["3000", "1000"], "total": "4000"},
        ),
        (
            "全县村干部4000人。按学历分,研究生12人、本科345人、大专1200人、高中及以下2443人。",
            "parts_sum",
            {"parts": ["12", "345", "1200", "2443"], "total": "4000"},
        ),
        (
            "全县共有贫困户1200户,已脱贫1150户,脱贫率95.8%。",
            "share",
            {"numerator": "1150", "denominator": "1200", "percent": "95.8%"},
        ),
        (
            "全市集体经济收入10万元以上的村达到856个,比上年增加112个,增长15.1%。",
            "growth",
            {"current": "856", "increase": "增加112", "rate": "增长15.1%"},
        ),
        (  # a county's bulletin: the subject named again after the semicolon
            "全年实现地区生产总值(GDP)439.19亿元,比上年增长3.3%。全年实现民营经济增加值290.6亿元,"
            "比上年增长1.5%;民营经济占GDP的比重为66.2%,较上年下降0.8个百分点。",
            "share",
            {"numerator": "290.6亿", "denominator": "439.19亿", "percent": "66.2%"},
        ),
        (  # a village's households, in a report from 贵州
            "全村271户家庭中有157户进行扶贫搬迁。",
            "share",
            {"numerator": "157", "denominator": "271"},
        ),
        (
            "全县60名第一书记中:本科以上学历的51人,占85.0%。",
            "share",
            {"numerator": "51", "denominator": "60", "percent": "85.0%"},
        ),
        (
            "全省11.8万名村(社区)“两委”成员中,妇女成员2.9万名,占24.6%。",
            "share",
            {"numerator": "2.9万", "denominator": "11.8万", "percent": "24.6%"},
        ),
    ],
)
def test_shapes_of_provincial_releases(text: str, kind: str, values: dict[str, object]) -> None:
    assert _only(text, kind) == [values]


@pytest.mark.parametrize(
    ("text", "values"),
    [
        (  # a county's statistical bulletin: one part a clause, each with its growth
            "全年实现地区生产总值(GDP)439.19亿元,比上年增长3.3%。其中,第一产业增加值100.23亿元,"
            "增长4.4%;第二产业增加值170.37亿元,增长3.3%;第三产业增加值168.59亿元,增长2.7%。",
            {"parts": ["100.23亿", "170.37亿", "168.59亿"], "total": "439.19亿"},
        ),
        (  # a second 其中 inside the first one's list
            "其中:第一产业增加值62857万元,同比增长6.3%;第二产业增加值65585万元,同比增长9.5%,"
            "其中工业增加值完成40653万元,同比增长13.5%;建筑业增加值完成24932万元,同比增长3.7%。",
            {"parts": ["40653万", "24932万"], "total": "65585万"},
        ),
        (  # a whole that opens a scope, and the items after it
            "283個摘帽縣中,中部地區114個縣綜合貧困發生率全部低於2%,西部地區169個縣全部低於3%。",
            {"parts": ["114", "169"], "total": "283"},
        ),
        (  # ... up to a 其中, whose items are a subset
            "此次选派的47名“第一书记”中:男35人,女12人,都是45岁以下,其中,本科以上学历的41人,占87.2%。",
            {"parts": ["35", "12"], "total": "47"},
        ),
    ],
)
def test_lists_over_semicolons_and_in_a_scope(text: str, values: dict[str, object]) -> None:
    assert _only(text, "parts_sum") == [values]


@pytest.mark.parametrize(
    "text",
    [
        # after the semicolon another set, in a clause that is no item of the list
        "全县共有村干部500人,其中女性80人;另有后备干部300人,大学生村官120人。",
        # after a scope, a subset after 其中 does not join the items
        "全县300名村干部中,其中女性80人,大专以上学历的220人。",
        # items after a scope that do not add up to it: attributes, not parts
        "全县300名村干部中,女性80人,大专以上学历的120人。",
    ],
)
def test_no_sum_over_a_semicolon_or_a_scope_that_does_not_partition(text: str) -> None:
    assert _only(text, "parts_sum") == []


@pytest.mark.parametrize(
    "villagers", ["村(居)委会", "村（居）委会", "村(居)民委员会", "村民委员会"]
)
def test_two_committees_with_the_villagers_committee_spelled_any_way(villagers: str) -> None:
    text = (
        '此次全省共选举产生村(社区)"两委"成员123852人,其中村(社区)党组织成员71821人,'
        f"{villagers}成员70690人,交叉任职18659人。"
    )
    assert _only(text, "parts_sum") == [{"parts": ["71821", "70690", "-18659"], "total": "123852"}]


@pytest.mark.parametrize("bracket", ["(210个)", "（210个）"])
def test_a_denominator_printed_in_brackets(bracket: str) -> None:
    text = f"全县有186个村集体经济收入达到10万元,占全县村总数{bracket}的88.6%。"
    (claim,) = extract_claims(text)
    assert dict(claim.values) == {"numerator": "186", "denominator": "210", "percent": "88.6%"}
    assert consistency_of(claim).verdict == "consistent"
    assert _only("女党员2843.1万名,占党员总数(9671.2万名)的29.4%。", "share") == [
        {"numerator": "2843.1万", "denominator": "9671.2万", "percent": "29.4%"}
    ]


def _one(text: str, kind: str) -> Claim:
    (claim,) = [c for c in extract_claims(text, source="test") if c.kind == kind]
    return claim


@pytest.mark.parametrize(
    ("text", "values", "verdict"),
    [
        # 9000 / 4000 = 2.25: not a doubling
        (
            "全县党员由4000名增加到9000名,翻了一番。",
            {"previous": "4000", "current": "9000", "rate": "翻了一番"},
            "inconsistent",
        ),
        (
            "全村脱贫户由100户增加到200户,翻了一番。",
            {"previous": "100", "current": "200", "rate": "翻了一番"},
            "consistent",
        ),
        # 翻番 is once: read as 翻一番
        (
            "全县合作社由100个增加到200个,实现翻番。",
            {"previous": "100", "current": "200", "rate": "翻一番"},
            "consistent",
        ),
        (
            "全县合作社由100个增加到300个,翻番。",
            {"previous": "100", "current": "300", "rate": "翻一番"},
            "inconsistent",
        ),
        # 翻两番 is × 4
        (
            "村集体收入由4万元增加到16万元,翻了两番。",
            {"previous": "4万", "current": "16万", "rate": "翻了两番"},
            "consistent",
        ),
        (
            "全县合作社由100个增加到300个,翻了两番。",
            {"previous": "100", "current": "300", "rate": "翻了两番"},
            "inconsistent",
        ),
        # 翻一番多 is more than × 2: 250 / 100 = 2.5 holds, 180 / 100 = 1.8 does not
        (
            "全县合作社由100个增加到250个,翻一番多。",
            {"previous": "100", "current": "250", "rate": "翻一番多"},
            "consistent",
        ),
        (
            "全县合作社由100个增加到180个,翻了一番多。",
            {"previous": "100", "current": "180", "rate": "翻了一番多"},
            "inconsistent",
        ),
        # in traditional characters
        (
            "全縣黨員由4000名增加到8000名,翻了一番。",
            {"previous": "4000", "current": "8000", "rate": "翻了一番"},
            "consistent",
        ),
    ],
)
def test_growth_by_doubling(text: str, values: dict[str, object], verdict: str) -> None:
    claim = _one(text, "growth")
    assert dict(claim.values) == values
    assert consistency_of(claim).verdict == verdict
    assert claim.quote in text and claim.quote.endswith(("番", "番多"))


@pytest.mark.parametrize(
    ("text", "values", "verdict"),
    [
        # 增长1.2倍 is a rise of 120%: 2640 / 1200 − 1 = 1.2
        (
            "全县村集体经济收入由2015年的1200万元增加到2020年的2640万元,增长1.2倍。",
            {"previous": "1200万", "current": "2640万", "rate": "增长1.2倍"},
            "consistent",
        ),
        # 9000 / 4000 − 1 = 1.25 is 1.3倍 rounded half up, not 1.5倍
        (
            "脱贫村集体收入由4000万元增加到9000万元,增长1.5倍。",
            {"previous": "4000万", "current": "9000万", "rate": "增长1.5倍"},
            "inconsistent",
        ),
        (
            "全县合作社由100个增加到240个,增加了1.4倍。",
            {"previous": "100", "current": "240", "rate": "增加了1.4倍"},
            "consistent",
        ),
    ],
)
def test_growth_by_a_multiple(text: str, values: dict[str, object], verdict: str) -> None:
    claim = _one(text, "growth")
    assert dict(claim.values) == values
    assert consistency_of(claim).verdict == verdict


@pytest.mark.parametrize(
    "text",
    [
        "全县党员由4000名增加到8000名,增加4000名,翻了一番。",
        "收入由1200万元增加到2640万元,增加1440万元,增长1.2倍。",
    ],
)
def test_four_figures_of_growth_are_one_claim(text: str) -> None:
    # the later level is the claim's current total, not the start of a second claim
    (claim,) = [c for c in extract_claims(text) if c.kind == "growth"]
    assert set(claim.values) == {"previous", "current", "increase", "rate"}
    assert consistency_of(claim).verdict == "consistent"


@pytest.mark.parametrize(
    ("text", "pairs", "verdicts"),
    [
        # 酉阳, 2019 (重庆市政府新闻发布会): households with households, people with people
        (
            "截至2019年底,全县共有建档立卡贫困人口3.5万户15.3万人,已累计实现3.4万户14.9万人脱贫。",
            [("3.4万", "3.5万"), ("14.9万", "15.3万")],
            ["consistent", "consistent"],
        ),
        (
            "全市有贫困县5个,贫困村300个,贫困人口10万人,已脱贫8万人。",
            [("8万", "10万")],
            ["consistent"],
        ),
        ("全县有贫困户3000户,2019年底3200户脱贫。", [("3200", "3000")], ["inconsistent"]),
    ],
)
def test_those_who_left_poverty_are_part_of_the_poor(
    text: str, pairs: list[tuple[str, str]], verdicts: list[str]
) -> None:
    bounds = [c for c in extract_claims(text) if c.kind == "bound"]
    assert [(c.values["part"], c.values["whole"]) for c in bounds] == pairs
    assert [consistency_of(c).verdict for c in bounds] == verdicts


@pytest.mark.parametrize(
    "text",
    [
        "全县有贫困户3000户,全年新增1200户。",  # not said to have left
        "全县贫困人口1.2万人,今年计划1万人脱贫。",  # a target
    ],
)
def test_no_bound_without_leaving(text: str) -> None:
    assert [c for c in extract_claims(text) if c.kind == "bound"] == []


def test_a_multiple_of_a_level_is_no_rate() -> None:
    # 是2012年的2.1倍 is a ratio of levels, not a rise: no claim reads it
    text = "农村居民人均可支配收入由2012年的6000元增加到2020年的12600元,是2012年的2.1倍。"
    assert [c for c in extract_claims(text) if c.kind == "growth"] == []
    assert all(
        "倍" not in value for c in extract_claims(text) for value in map(str, c.values.values())
    )


def test_a_bare_doubling_says_how_it_was_read() -> None:
    claim = _one("全县合作社由100个增加到200个,翻番。", "growth")
    assert claim.note == "翻番 read as 翻一番 (× 2)"
    assert claim.quote == "全县合作社由100个增加到200个,翻番"


@pytest.mark.parametrize(
    ("text", "numerator", "denominator", "percent", "verdict"),
    [
        # the 2019 communiqué's figures: 4661.5 / 9191.4 = 50.72% > 50%
        (
            "全国党员总数为9191.4万名。……大专及以上学历党员超过半数,达4661.5万名。",
            "4661.5万", "9191.4万", "超过半数", "consistent",
        ),
        (
            "截至2019年12月31日,中國共產黨黨員總數為9191.4萬名。大專及以上學歷黨員超過半數,達4661.5萬名。",
            "4661.5萬", "9191.4萬", "超過半數", "consistent",
        ),
        # the count before its bounded percent
        (
            "全国党员总数为9191.4万名。大专及以上学历党员4661.5万名,过半。",
            "4661.5万", "9191.4万", "过半", "consistent",
        ),
        # the whole in the same sentence
        (
            "全国党员总数为9191.4万名,大专及以上学历党员超过半数,达4661.5万名。",
            "4661.5万", "9191.4万", "超过半数", "consistent",
        ),
        # a run of shares of the total before it
        (
            "全国党员总数为9191.4万名。女党员2559.9万名,占27.9%。大专及以上学历党员超过半数,达4661.5万名。",
            "4661.5万", "9191.4万", "超过半数", "consistent",
        ),
        # 1480 / 5000 = 29.6% < 30%; 1600 / 5000 = 32% > 30%; 2400 / 5000 = 48% is not over half
        ("全县党员总数为5000名。女党员近三成,有1480名。", "1480", "5000", "近三成", "consistent"),
        ("全县党员总数为5000名。女党员三成多,有1600名。", "1600", "5000", "三成多", "consistent"),
        ("全县党员总数为5000名。其中女党员过半,有2400名。", "2400", "5000", "过半", "inconsistent"),
    ],
)  # fmt: skip
def test_a_bounded_share_of_the_population_counted_before(
    text: str, numerator: str, denominator: str, percent: str, verdict: str
) -> None:
    shares = [
        c for c in extract_claims(text) if c.kind == "share" and c.values.get("percent") == percent
    ]
    (claim,) = shares
    assert dict(claim.values) == {
        "numerator": numerator,
        "denominator": denominator,
        "percent": percent,
    }
    assert consistency_of(claim).verdict == verdict
    across = "。" in text[text.index(denominator) : text.index(numerator)]
    assert claim.inferred == across
    if across:
        assert claim.denominator_from is not None and denominator in claim.denominator_from


@pytest.mark.parametrize(
    ("text", "values", "verdict"),
    [
        (
            "全县贫困人口5000人,已脱贫人口4500人,占90%。",
            {"numerator": "4500", "denominator": "5000", "percent": "90%"},
            "consistent",
        ),
        # 1000 / 1200 = 83.33%; under ceiling it prints 83.4%
        (
            "全县贫困户1200户,已脱贫户1000户,占83.3%。",
            {"numerator": "1000", "denominator": "1200", "percent": "83.3%"},
            "consistent",
        ),
        (
            "全县共有贫困村50个,已出列贫困村45个,占90%。",
            {"numerator": "45", "denominator": "50", "percent": "90%"},
            "consistent",
        ),
        # a modifier before the whole's noun; 4510 / 5000 = 90.2% is no 90.4%
        (
            "全县人口50万人,农村人口30万人,占60%。",
            {"numerator": "30万", "denominator": "50万", "percent": "60%"},
            "consistent",
        ),
        (
            "全县贫困人口5000人,已脱贫人口4510人,占90.4%。",
            {"numerator": "4510", "denominator": "5000", "percent": "90.4%"},
            "inconsistent",
        ),
    ],
)
def test_a_share_of_the_population_counted_earlier_in_the_sentence(
    text: str, values: dict[str, object], verdict: str
) -> None:
    claim = _one(text, "share")
    assert dict(claim.values) == values
    assert consistency_of(claim).verdict == verdict
    assert not claim.inferred and claim.quote.startswith("全县")


def test_a_yearly_average_is_not_the_rise() -> None:
    # Yunnan, 2020: (10771 / 7070) ** (1/4) − 1 = 11.1% a year; the rise is 52.3%
    text = "全省贫困地区农民人均可支配收入由2015年的7070元上升到2019年的10771元,年均增长11.1%。"
    assert [c for c in extract_claims(text) if c.kind == "growth"] == []
    (claim,) = extract_claims("收入由7070元上升到10771元,增长52.3%。")
    assert consistency_of(claim).verdict == "consistent"


def test_a_share_of_people_is_not_a_share_of_groups() -> None:
    # a county in Gansu, 2020: the 9 are ethnic groups; the percents are of its people
    text = "有回族、汉族、东乡族、保安族、撒拉族等9个民族,其中农业人口占91.85%、少数民族占60.65%。"
    claims = extract_claims(text)
    assert all("9" not in c.values.values() for c in claims)
    assert all(consistency_of(c).verdict != "inconsistent" for c in claims)
    # after 其中, the count before a percent of its own subject is the whole, not the part
    (claim,) = extract_claims("全县共有贫困村89个,其中深度贫困村占46.1%。")
    assert dict(claim.values) == {"denominator": "89", "percent": "46.1%"}
    assert consistency_of(claim).verdict == "consistent"  # 41 / 89 = 46.07%


def test_a_count_in_brackets_is_no_whole_for_what_follows() -> None:
    # the same county: 41 of the 89 villages are the poorest; all 89 left poverty
    text = (
        "全县有建档立卡贫困村89个(深度贫困村41个)、贫困户2.01万户9.76万人,其中已脱贫9.42万人,"
        "剩余贫困人口775户3421人,89个贫困村全部退出。"
    )
    claims = extract_claims(text)
    assert all(c.values.get("denominator") != "41" for c in claims)
    assert all(consistency_of(c).verdict == "consistent" for c in claims)


@pytest.mark.parametrize("level", ["镇办", "乡镇", "镇级"])
def test_first_secretaries_by_the_level_that_sent_them(level: str) -> None:
    # 丹凤县, 2016: 3 + 14 + 70 + 68 = 155
    text = f"丹凤县选派155名“第一书记”,其中省级3名、市级14名、县级70名、{level}68名。"
    (claim,) = [c for c in extract_claims(text) if c.kind == "parts_sum"]
    assert dict(claim.values) == {"parts": ["3", "14", "70", "68"], "total": "155"}


def test_a_share_of_the_scope_count_named_by_its_noun() -> None:
    # 安庆, 2018 (国家统计局安庆调查队): 510 / 1446 = 35.27%, 386 / 1446 = 26.69%
    text = (
        "2018年全市1446个行政村(包括有农村集体经济的社区)中,平均每个村有资产885.54万元。"
        "全市年经营性收入达10万-30万元的村数最多,占总村数的35.27%;5万-10万元的村数占总村数的26.69%。"
    )
    claims = [c for c in extract_claims(text) if c.kind == "share"]
    assert [(c.values.get("denominator"), c.values["percent"]) for c in claims] == [
        ("1446", "35.27%"),
        ("1446", "26.69%"),
    ]
    assert all(consistency_of(c).verdict == "consistent" for c in claims)
    # one village more or less is 0.07 points: a percent no count of 1446 gives is caught
    (claim,) = [
        c for c in extract_claims("全县共有行政村200个。其中收入10万元以上的村数占总村数的35.7%。")
    ]
    assert consistency_of(claim).verdict == "inconsistent"


@pytest.mark.parametrize(
    ("printed", "verdict"), [("526万", "consistent"), ("520万", "inconsistent")]
)
def test_growth_whose_word_names_what_changed(printed: str, verdict: str) -> None:
    """贵州 2015: "…从…1149萬人減少到…623萬人,減少農村貧困人口526萬人" — 减少 is the sign
    of 526万 though the noun stands between them."""
    text = f"贵州省贫困人口从2011年的1149万人减少到2014年的623万人,减少农村贫困人口{printed}人。"
    (claim,) = extract_claims(text)
    assert claim.kind == "growth"
    assert dict(claim.values) == {
        "previous": "1149万",
        "current": "623万",
        "increase": f"减少{printed}",
    }
    assert consistency_of(claim).verdict == verdict


def test_a_share_printed_as_the_new_level_before_its_count() -> None:
    """2021 (建党百年): "女党员占比由11.9%提高至28.8%,总量达2745.0万名" is 2745.0万 of the
    党员总数 printed before (28.85%: 28.8 under half up)."""
    text = (
        "截至2021年6月5日,中国共产党党员总数为9514.8万名。"
        "与新中国成立初期相比,女党员占比由11.9%提高至28.8%,总量达2745.0万名。"
    )
    (claim,) = extract_claims(text)
    assert claim.kind == "share"
    assert dict(claim.values) == {
        "numerator": "2745.0万",
        "denominator": "9514.8万",
        "percent": "28.8%",
    }
    assert claim.inferred and consistency_of(claim).verdict == "consistent"


def test_the_new_level_of_a_rate_is_no_share() -> None:
    assert extract_claims("全市贫困发生率由16.83%下降至0.14%。") == []


@pytest.mark.parametrize(
    "text",
    [
        "全国原有832个贫困县,截至2019年底,已有780个实现脱贫摘帽,未摘帽县只剩52个。",
        "全县共有贫困县832个,其中已摘帽780个,未摘帽52个。",
    ],
)
def test_done_and_not_done_partition_their_total(text: str) -> None:
    (claim,) = [c for c in extract_claims(text) if c.kind == "parts_sum"]
    assert dict(claim.values) == {"parts": ["780", "52"], "total": "832"}
    assert consistency_of(claim).verdict == "consistent"


def test_done_alone_is_no_partition() -> None:
    """Without those not yet done, the list is a selection: no sum."""
    text = "全县共有贫困村120个,其中已出列100个,已通硬化路15个。"
    assert [c for c in extract_claims(text) if c.kind == "parts_sum"] == []


def test_a_named_whole_is_not_replaced_by_a_total_of_another_population() -> None:
    """人民日报 2003: "学生党员现今共达70余万人 … 研究生党员20余万人,占博士、硕士生总数的
    31.3%" — the whole named is all graduate students, not the 70余万 student members."""
    text = (
        "中国普通高校学生党员现今共达70余万人,占在校学生的8%。其中现有本专科生党员50余万人,"
        "占本专科生总数的5.9%;在校博士、硕士研究生党员20余万人,占博士、硕士生总数的31.3%。"
    )
    (claim,) = [c for c in extract_claims(text) if dict(c.values).get("percent") == "31.3%"]
    assert dict(claim.values) == {"numerator": "20余万", "percent": "31.3%"}


def test_a_named_whole_takes_a_total_of_its_noun() -> None:
    text = "全省共有党员200万名。其中女党员50万名,占全省党员总数的25.0%。"
    (claim,) = [c for c in extract_claims(text) if c.kind == "share"]
    assert dict(claim.values) == {"numerator": "50万", "denominator": "200万", "percent": "25.0%"}


@pytest.mark.parametrize(("rate", "verdict"), [("28.6%", "consistent"), ("26.8%", "inconsistent")])
def test_growth_against_an_earlier_level_printed_after_the_total(rate: str, verdict: str) -> None:
    """ "总数为540.66万名,比2012年的420.3万名增长28.6%": 540.66 / 420.3 = 1.2864."""
    text = f"全省党员总数为540.66万名,比2012年的420.3万名增长{rate}。"
    (claim,) = extract_claims(text)
    assert claim.kind == "growth"
    assert dict(claim.values) == {
        "previous": "420.3万",
        "current": "540.66万",
        "rate": f"增长{rate}",
    }
    assert claim.quote.startswith("全省党员总数为540.66万名")
    assert consistency_of(claim).verdict == verdict


def test_growth_of_an_average_in_yuan_takes_its_rounding() -> None:
    """国家统计局 2010: "工资性收入人均2431元,增加370元,增长17.9%" — exact, 370 / 2061 is
    17.95% (half up 18.0); each amount is rounded to the 元, and 369.5 / 2061.5 is 17.92%."""
    (claim,) = extract_claims("2010年农村居民工资性收入人均2431元,增加370元,增长17.9%。")
    assert dict(claim.values) == {"current": "2431元", "increase": "增加370元", "rate": "增长17.9%"}
    assert consistency_of(claim).verdict == "consistent"


def test_means_of_subgroups_are_no_parts_and_bound_nothing() -> None:
    """农民工监测调查报告 2021: a subgroup's mean may exceed the whole's (外出 5013 > 4432),
    and two subgroups' means add up to nothing."""
    text = (
        "农民工月均收入4432元,比上年增加360元,增长8.8%。"
        "其中,本地农民工月均收入3878元,外出农民工月均收入5013元。"
    )
    assert [c.kind for c in extract_claims(text)] == ["growth"]


@pytest.mark.parametrize(
    ("printed", "verdict"), [("36.4%", "consistent"), ("40.0%", "inconsistent")]
)
def test_a_share_printed_after_the_growth_of_its_count(printed: str, verdict: str) -> None:
    """农民工监测调查报告 2017: "东部地区农民工10430万人,比上年增加30万人,增长0.3%,
    占农民工总量的36.4%" is 10430万 of 28652万 (36.40%)."""
    text = (
        "2017年农民工总量达到28652万人。"
        f"东部地区农民工10430万人,比上年增加30万人,增长0.3%,占农民工总量的{printed}。"
    )
    (claim,) = [c for c in extract_claims(text) if c.kind == "share"]
    assert dict(claim.values) == {
        "numerator": "10430万",
        "denominator": "28652万",
        "percent": printed,
    }
    assert consistency_of(claim).verdict == verdict


def test_shares_of_income_take_the_whole_of_their_own_population() -> None:
    """国家统计局 2019 上半年: the sources of 全国居民 income are shares of 全国居民人均可支配收入
    (15294), not of the nearer 农村居民 figure (7778) nor of a median; each amount is rounded
    to the 元 (2715 / 15294 = 17.752%, 17.7 only with 2714.5 / 15294.5)."""
    text = (
        "上半年,全国居民人均可支配收入15294元,比上年同期名义增长8.8%。"
        "其中,农村居民人均可支配收入7778元,增长8.9%。"
        "全国居民人均可支配收入中位数13281元,增长9.0%。"
        "按收入来源分,全国居民人均工资性收入8793元,增长8.7%,占可支配收入的比重为57.5%;"
        "人均转移净收入2715元,增长6.8%,占可支配收入的比重为17.7%。"
    )
    shares = [c for c in extract_claims(text) if c.kind == "share"]
    assert [dict(c.values)["denominator"] for c in shares] == ["15294元", "15294元"]
    assert [consistency_of(c).verdict for c in shares] == ["consistent", "consistent"]


def test_a_median_is_no_whole() -> None:
    text = (
        "全县居民人均可支配收入中位数131元,增长9.0%。"
        "全县居民人均工资性收入8793元,增长8.7%,占可支配收入的比重为57.5%。"
    )
    (claim,) = [c for c in extract_claims(text) if c.kind == "share"]
    assert "denominator" not in dict(claim.values)


def test_the_new_level_of_a_rate_is_not_a_share_of_those_who_left() -> None:
    """ "共有361人实现脱贫,贫困发生率由26.7%下降至8.7%": 8.7% is of the whole population."""
    text = "全县共有361人实现脱贫,贫困发生率由26.7%下降至8.7%。"
    assert [c for c in extract_claims(text) if c.kind == "share"] == []


def test_every_breakdown_of_one_total_after_qizhong() -> None:
    """云和县 2022 统计公报: one 其中 splits 户籍人口 three ways, a clause each; the age bands
    add up to 112535, not 112635 (an error in the bulletin)."""
    text = (
        "年末全县户籍人口为112635人。其中,城镇人口54715人,乡村人口57920人;"
        "男性人口57753人,女性人口54882人;0-17岁、18-34岁、35-59岁、60岁及以上户籍人口"
        "分别为18891人、19099人、48951人和25594人。"
    )
    sums = [c for c in extract_claims(text) if c.kind == "parts_sum"]
    assert [(dict(c.values)["parts"], consistency_of(c).verdict) for c in sums] == [
        (["54715", "57920"], "consistent"),
        (["57753", "54882"], "consistent"),
        (["18891", "19099", "48951", "25594"], "inconsistent"),
    ]


def test_a_mean_between_a_total_and_its_parts_is_not_their_total() -> None:
    text = (
        "2022年,全县实现生产总值951435万元,比上年下降4.1%;按常住人口计算人均地区生产总值"
        "为74331元。其中,第一产业增加值57116万元,增长2.7%;第二产业增加值445964万元,"
        "下降11.7%;第三产业增加值448355万元,增长2.9%。"
    )
    (claim,) = [c for c in extract_claims(text) if c.kind == "parts_sum"]
    assert dict(claim.values)["total"] == "951435万"


def test_a_whole_named_with_its_ratio_word_in_chinese_numerals() -> None:
    """2007 (人民日报): "…总数为七千三百三十六点三万名。…三百一十八万名,占党员总数比例的
    百分之四点三"."""
    text = (
        "截至二00七年六月,全国中共党员总数为七千三百三十六点三万名。"
        "非公有制单位职工党员三百一十八万名,占党员总数比例的百分之四点三。"
    )
    (claim,) = extract_claims(text)
    assert dict(claim.values)["denominator"] == "七千三百三十六点三万"
    assert consistency_of(claim).verdict == "consistent"


def test_a_growth_whose_total_was_printed_before_in_a_later_clause() -> None:
    text = (
        "全国党员7336.3万名。非公有制单位职工党员318万名,占党员总数的4.3%。"
        "与2002年相比,工人增加76万名;而非公有制单位职工党员比2002年增加169万名,增长113.4%。"
    )
    (claim,) = [c for c in extract_claims(text) if c.kind == "growth"]
    assert dict(claim.values) == {"current": "318万", "increase": "增加169万", "rate": "增长113.4%"}


@pytest.mark.parametrize(
    ("text", "parts", "total"),
    [
        (
            "2017年农民工总量达到28652万人,比上年增加481万人。在农民工总量中,外出农民工17185万人,"
            "比上年增加251万人,增长1.5%;本地农民工11467万人,比上年增加230万人,增长2.0%。",
            ["17185万", "11467万"],
            "28652万",
        ),
        (
            "其中,外出农民工17172万人,比上年增加213万人。在外出农民工中,跨省流动7130万人,"
            "比上年增加78万人,增长1.1%;省内流动10042万人,比上年增加135万人,增长1.4%。",
            ["7130万", "10042万"],
            "17172万",
        ),
        (
            "2019年贫困地区农村居民人均可支配收入11567元,比上年名义增长11.5%。"
            "从收入来源看,贫困地区农村居民人均工资性收入4082元,比上年增长12.5%;"
            "人均经营净收入4163元,增长7.1%;人均财产净收入159元,增长16.5%;"
            "人均转移净收入3163元,增长16.3%。",
            ["4082元", "4163元", "159元", "3163元"],
            "11567元",
        ),
    ],
)
def test_breakdowns_of_migrant_workers_and_of_income_by_source(
    text: str, parts: list[str], total: str
) -> None:
    """农民工监测调查报告 and 国家统计局 income releases: 外出/本地, 跨省/省内 and the four
    sources of income partition their totals."""
    (claim,) = [c for c in extract_claims(text) if c.kind == "parts_sum"]
    assert dict(claim.values) == {"parts": parts, "total": total}
    assert consistency_of(claim).verdict == "consistent"


def test_one_kind_in_a_named_scope_is_no_partition() -> None:
    text = (
        "2017年农民工总量达到28652万人。在农民工总量中,外出农民工17185万人;50岁以上农民工6000万人。"
    )
    assert [c for c in extract_claims(text) if c.kind == "parts_sum"] == []


@pytest.mark.parametrize(
    ("printed", "verdict"), [("86.8%", "consistent"), ("88.6%", "inconsistent")]
)
def test_a_median_printed_as_a_share_of_its_mean(printed: str, verdict: str) -> None:
    """国家统计局: "人均可支配收入中位数13281元,…,中位数是平均数的86.8%" is 13281 of the
    人均可支配收入 printed before (15294): 86.84%."""
    text = (
        "上半年,全国居民人均可支配收入15294元,比上年同期名义增长8.8%。"
        f"全国居民人均可支配收入中位数13281元,增长9.0%,中位数是平均数的{printed}。"
    )
    (claim,) = extract_claims(text)
    assert dict(claim.values) == {
        "numerator": "13281元",
        "denominator": "15294元",
        "percent": printed,
    }
    assert consistency_of(claim).verdict == verdict


def test_a_share_of_one_increase_in_another() -> None:
    """农民工监测调查报告 2017: "省内流动农民工增量占外出农民工增量的96.4%" is 242万 of
    251万, and "西部地区农民工增量占新增农民工的52.2%" 251万 of the total's 481万, not of a
    region's nearer increase."""
    text = (
        "2017年农民工总量达到28652万人,比上年增加481万人。"
        "在农民工总量中,外出农民工17185万人,比上年增加251万人;本地农民工11467万人,"
        "比上年增加230万人。在外出农民工中,省内流动农民工9510万人,比上年增加242万人。"
        "省内流动农民工增量占外出农民工增量的96.4%。"
        "西部地区农民工7814万人,比上年增加251万人;东北地区农民工958万人,比上年增加29万人。"
        "西部地区农民工增量占新增农民工的52.2%。"
    )
    shares = [dict(c.values) for c in extract_claims(text) if c.kind == "share"]
    assert {"numerator": "242万", "denominator": "251万", "percent": "96.4%"} in shares
    assert {"numerator": "251万", "denominator": "481万", "percent": "52.2%"} in shares
    assert not [s for s in shares if s["percent"] in ("96.4%", "52.2%") and "numerator" not in s]


@pytest.mark.parametrize(
    "text",
    [
        "全市共有贫困人口1284户2814人,其中贫困村贫困人口45户131人,占3.5%。",
        "全市贫困人口存量为1284户(2814人),其中贫困村贫困人口45户(131人),仅占总户数的3.5%。",
        "全市贫困人口2814人(1284户),其中贫困村贫困人口131人(45户),仅占总户数的3.5%。",
    ],
)
def test_households_and_persons_in_pairs_take_the_pair_the_percent_is_of(text: str) -> None:
    """广水 2020: 45 of 1284 households is 3.5%; 131 of 2814 persons (4.7%) was a false
    failure when the persons came last."""
    shares = [c for c in extract_claims(text) if dict(c.values).get("percent") == "3.5%"]
    assert [dict(c.values) for c in shares] == [
        {"numerator": "45", "denominator": "1284", "percent": "3.5%"}
    ]
    assert consistency_of(shares[0]).verdict == "consistent"


def test_the_count_of_the_largest_member_is_no_part_of_the_members() -> None:
    """ "有贫困县的21个省(直辖市、自治区)中,云南最多,73个": 73 counties of Yunnan, not 73 of
    the 21 provinces (was a failure: numerator exceeds the denominator)."""
    assert extract_claims("有贫困县的21个省(直辖市、自治区)中,云南最多,73个。") == []


def test_counts_of_two_provinces_bound_nothing() -> None:
    text = (
        "贵州宣布紫云县等最后9个贫困县退出贫困县序列,标志着贵州省66个贫困县已脱贫摘帽。"
        "加上甘肃宣布最后8个贫困县脱贫摘帽,广西宣布8个贫困县摘帽。"
    )
    assert [c for c in extract_claims(text) if c.kind == "bound"] == []


def test_percents_of_values_of_one_facet_take_the_population_just_counted() -> None:
    """A county survey: after "大专学历6名,占0.6%" of the 1048 cadres, "高中学历占24.91%" is of
    the same 1048 (no n/1048 gives 58.93%: a published error), and "…委员72人;…,50周岁以下
    占比65.3%" is 47/72."""
    text = (
        "全县共有1048名村级干部。全县村干部中大专学历6名,占0.6%;"
        "高中学历占24.91%,初中学历占58.93%。"
        "全镇共计选举产生支部委员会委员72人;年龄在30周岁以下的1人、31周岁—40周岁的19人,"
        "50周岁以下占比65.3%。"
    )
    shares = {dict(c.values)["percent"]: c for c in extract_claims(text) if c.kind == "share"}
    assert dict(shares["24.91%"].values).get("denominator") == "1048"
    assert consistency_of(shares["58.93%"]).verdict == "inconsistent"
    assert dict(shares["65.3%"].values).get("denominator") == "72"
    assert consistency_of(shares["65.3%"]).verdict == "consistent"


def test_a_percent_of_a_narrower_population_takes_no_wider_total() -> None:
    text = (
        "2015年农民工总量达到27395万人。其中,外出农民工中男性占69.0%,女性占31.0%;"
        "本地农民工中男性占65.1%,女性占34.9%。"
    )
    assert all(
        "denominator" not in dict(c.values) for c in extract_claims(text) if c.kind == "share"
    )


@pytest.mark.parametrize(
    ("text", "values"),
    [
        (
            "9个村没有一名女党员。这9个村占被调查66个村的13.6%。",
            {"numerator": "9", "denominator": "66", "percent": "13.6%"},
        ),
        (
            "全县有186个村实现一肩挑,占全县210个行政村的88.6%。",
            {"numerator": "186", "denominator": "210", "percent": "88.6%"},
        ),
        (
            "全村252户1162人,贫困人口达61户221人,贫困发生率19%。",
            {"numerator": "221", "denominator": "1162", "percent": "19%"},
        ),
    ],
)
def test_a_whole_printed_inside_the_words_that_name_it(text: str, values: dict[str, str]) -> None:
    """The denominator inside 占…的 (被调查66个村), and an incidence of the scope's whole
    population counted before it in the sentence."""
    (claim,) = [c for c in extract_claims(text) if c.kind == "share"]
    assert dict(claim.values) == values
    assert consistency_of(claim).verdict == "consistent"


@pytest.mark.parametrize(
    "counts",
    ["男性党员、女性党员分别为485人和36人", "其中男性党员485人、女性党员36人"],
)
def test_counts_listed_then_their_percents_take_one_total(counts: str) -> None:
    """运城 (reviewed text, simplified here): the percents of a list of counts, listed after
    them, are each of the total printed before; 4.91% (printed wrong for 6.91%) is tested
    against it though it alone gives no plausible share."""
    text = f"党员总人数为521人,{counts},占党员总数的比重分别为95.09%和4.91%。"
    shares = [c for c in extract_claims(text) if c.kind == "share"]
    assert [dict(c.values) for c in shares] == [
        {"numerator": "485", "denominator": "521", "percent": "95.09%"},
        {"numerator": "36", "denominator": "521", "percent": "4.91%"},
    ]
    assert [consistency_of(c).verdict for c in shares] == ["inconsistent"] * 2


def test_percents_given_respectively_to_counts_of_two_wholes_keep_them_apart() -> None:
    """江西 2015: 3000 一肩挑 are of the villages, 18659 交叉任职 of the 123852 members: the
    whole of one is not lent to the other."""
    text = (
        "此次全省共选举产生村(社区)“两委”成员123852人,其中村(社区)党组织成员71821人,"
        "村(居)民委员会成员70690人,村(社区)党组织书记、村(居)民委员会主任“一肩挑”的有3000人,"
        "村(社区)“两委”班子成员交叉任职18659人,比例分别达到14.9%和15.1%。"
    )
    shares = [dict(c.values) for c in extract_claims(text) if c.kind == "share"]
    assert {"numerator": "3000", "percent": "14.9%"} in shares


def test_a_total_named_by_the_opening_words_of_its_clause_in_an_earlier_sentence() -> None:
    """龙州 household survey (reviewed text): 38.80% and 32.29% of the 415 people surveyed;
    38.81% would be no k/415."""
    text = (
        "调查对象包括受访者本人及其家庭成员共415人。调查数据显示,教育程度为初中的人数占调查对象"
        "总人数的{}%,教育程度为小学的人数占调查对象总人数的32.29%。"
    )
    for printed, verdict in (("38.80", "consistent"), ("38.81", "inconsistent")):
        shares = [c for c in extract_claims(text.format(printed)) if c.kind == "share"]
        assert [dict(c.values).get("denominator") for c in shares] == ["415", "415"]
        assert consistency_of(shares[0]).verdict == verdict


def test_percents_summed_by_a_word_that_counts_them() -> None:
    """A village survey (reviewed text): "二者占88.98%" is the sum of the two percents before."""
    text = "村党支部培养的入党积极分子中,18~30岁占49.73%,31~45岁占39.25%,二者占{}%。"
    for printed, verdict in (("88.98", "consistent"), ("89.98", "inconsistent")):
        (claim,) = [c for c in extract_claims(text.format(printed)) if c.kind == "parts_sum"]
        assert dict(claim.values) == {"parts": ["49.73%", "39.25%"], "total": f"{printed}%"}
        assert consistency_of(claim).verdict == verdict


def test_the_next_item_of_a_qizhong_list_keeps_the_list_whole() -> None:
    """修梅镇 (reviewed text): "其中男性44人,占70%,女性22人,占30%" of 66 — both shares are
    of the 66, and both are wrong (66.7%, 33.3%); the women's was left untestable."""
    text = "全镇共选出村委会成员66人,其中男性44人,占66.7%,女性22人,占{}%。"
    for printed, verdict in (("33.3", "consistent"), ("30", "inconsistent")):
        shares = [c for c in extract_claims(text.format(printed)) if c.kind == "share"]
        assert [dict(c.values).get("denominator") for c in shares] == ["66", "66"]
        assert consistency_of(shares[1]).verdict == verdict


def test_a_turnout_is_of_the_registered_voters_in_its_sentence() -> None:
    """修梅镇 (reviewed text): 9700 of 12670 registered voters is 76.6%, not the 90% printed."""
    text = "第七届村委会登记选民12670人,参加正式选举的选民9700人,参选率为{}%。"
    for printed, verdict in (("76.6", "consistent"), ("90", "inconsistent")):
        (claim,) = [c for c in extract_claims(text.format(printed)) if c.kind == "share"]
        assert dict(claim.values)["denominator"] == "12670"
        assert consistency_of(claim).verdict == verdict


def test_a_share_whose_subject_names_a_count_printed_before() -> None:
    """长顺 2016 (reviewed text): the structure of output names each sector's value added,
    printed in the sentence before; the misprint of a sector is found, an unnamed one left."""
    text = (
        "全县实现地区生产总值529757万元。其中,第一产业增加值完成125964万元,增长6.2%;"
        "第二产业增加值完成130250万元,增长14.1%。第一产业增加值占地区生产总值的比重为23.8%,"
        "第二产业增加值占地区生产总值的比重为24.7%,工业占地区生产总值的比重为15.1%。"
    )
    shares = _only(text, "share")
    assert shares[:2] == [
        {"numerator": "125964万", "denominator": "529757万", "percent": "23.8%"},
        {"numerator": "130250万", "denominator": "529757万", "percent": "24.7%"},
    ]
    assert "numerator" not in shares[2]
    assert [consistency_of(c).verdict for c in extract_claims(text) if c.kind == "share"][:2] == [
        "consistent",
        "inconsistent",  # 130250 / 529757 = 24.59%
    ]
