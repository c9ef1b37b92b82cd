"""Chinese name parts and the name makers built on them.

Every display name in a synthetic model is put together from these parts
(南恩街道, 东风社区, 碧桂花园, 陈伟明), so it reads as Chinese and describes no
real place, unit or person.

Examples
--------
>>> cn(7), cn(10), cn(23)
('七', '十', '二十三')
>>> names = Names()
>>> names.unique("东风社区"), names.unique("东风社区")
('东风社区', '东风社区（二）')
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from partygraph.synthetic.draws import I64, Bools, Strs

__all__ = [
    "BANKS",
    "CITY_AGENCIES",
    "ESTATES",
    "MUNICIPAL_PATTERNS",
    "RESIDENT_PATTERNS",
    "WORDS",
    "Names",
    "cn",
    "compound_names",
    "fill",
    "municipal_name",
    "person_names",
    "pick",
    "place_name",
]

_SURNAMES = (
    "陈李黄梁林张吴刘关冯杨何谭罗郑许叶邓钟周苏曾莫卢蔡"
    + "彭谢麦郭温余姚潘伍龙方庞严柯赖朱胡徐孙马高欧阮"
)
_GIVEN_A = "伟建志国海俊嘉家永秀丽美金玉明文晓少锦振荣雪慧婉思子宇浩佩淑桂瑞"
_GIVEN_B = "明华强平燕杰欣辉英娟芳玲军红东生林峰涛敏霞琳婷龙然豪怡洁雯彬珊坤"
_PLACE_A = "东西南北中新金银龙凤华兴安平和富康乐福宁瑞荣海江岗湖沙石桥泰丰盛鸿怡祥嘉德"
_PLACE_B = "城安华平江湖山岭塘坑洲港埠湾田园岗桥溪门坊苑兴和丰源盛康宁"
_ESTATE_A = "碧金翠锦御君名雅富星阳怡滨丽嘉幸春紫桂榕凯恒雍泊悦蓝"
_ESTATE_B = "桂湾景绣悦都居丽河光华湖福晖荆园庭苑轩峰庄林府"
#: Suffixes of compounds with a property company (commercial estates) and without (old ones).
_ESTATE_SUFFIX = ("花园", "小区", "苑", "家园", "华庭", "山庄", "雅居", "广场")
_OLD_SUFFIX = ("新村", "小区", "宿舍区", "街坊")


def _words(first: str, second: str) -> list[str]:
    return [a + b for a in first for b in second if a != b]


#: Two-character place words (东城, 金湾) for divisions, streets and units.
WORDS = _words(_PLACE_A, _PLACE_B)
#: Two-character estate words (碧桂, 翠湾) for compounds.
ESTATES = _words(_ESTATE_A, _ESTATE_B)
_DIGITS = "零一二三四五六七八九"

_COUNTY_AGENCIES = (
    "税务局",
    "市场监督管理局",
    "自然资源局",
    "住房和城乡建设局",
    "人力资源和社会保障局",
    "民政局",
    "司法局",
    "财政局",
    "统计局",
    "农业农村局",
    "水务局",
    "交通运输局",
    "应急管理局",
    "退役军人事务局",
    "医疗保障局",
    "城市管理和综合执法局",
    "文化广电旅游体育局",
    "卫生健康局",
    "教育局",
    "发展和改革局",
)
#: Agencies of a city government: the names of its municipal agency units.
CITY_AGENCIES = (
    *_COUNTY_AGENCIES,
    "生态环境局",
    "商务局",
    "科学技术局",
    "工业和信息化局",
    "审计局",
    "林业局",
    "海洋与渔业局",
    "政务服务数据管理局",
    "信访局",
    "档案馆",
    "总工会",
    "妇女联合会",
    "供销合作联社",
    "机关事务管理局",
    "侨务局",
)
# Unit name patterns by unit type.  {w} a place word, {b} a bank, {c} the city
# without 市, {k} the county, {s} the subdistrict's short name, {n} a numeral.
#: Names of municipal units; those without {c} or {b} get the city's name in front.
MUNICIPAL_PATTERNS: dict[str, tuple[str, ...]] = {
    "soe": (
        "{w}投资集团有限公司",
        "{w}城建集团有限公司",
        "{w}交通投资有限公司",
        "{w}水务集团有限公司",
        "{w}港务有限公司",
        "{w}燃气有限公司",
        "{w}粮食储备有限公司",
        "{w}公共交通有限公司",
        "{w}旅游发展有限公司",
    ),
    "public_institution": (
        "公共资源交易中心",
        "不动产登记中心",
        "疾病预防控制中心",
        "社会福利院",
        "图书馆",
        "文化馆",
        "博物馆",
        "住房公积金管理中心",
        "城市规划设计研究院",
        "农业科学研究所",
        "广播电视台",
        "大数据中心",
        "{w}事务服务中心",
    ),
    "finance": ("{b}{c}分行", "{b}{c}{w}支行", "{w}保险股份有限公司{c}中心支公司"),
    "education": (
        "职业技术学院",
        "开放大学",
        "特殊教育学校",
        "技师学院",
        "教师发展中心",
        "第{n}中学",
        "{w}实验学校",
    ),
    "health": (
        "人民医院",
        "中医院",
        "妇幼保健院",
        "第{n}人民医院",
        "中心血站",
        "卫生监督所",
        "{w}康复医院",
    ),
}
#: Bank names for {b}.
BANKS = ("江海银行", "粤兴银行", "南华银行", "鸿信银行", "海联银行", "汇通银行", "民丰银行")
#: Names of units resident in a community.
RESIDENT_PATTERNS: dict[str, tuple[str, ...]] = {
    "agency": (
        "{k}税务局{s}税务所",
        "{k}市场监督管理局{s}监管所",
        "{k}自然资源局{s}自然资源所",
        "{s}司法所",
        "{s}财政所",
        "{s}社会保障服务所",
        "{k}{w}公证处",
    ),
    "soe": (
        "{k}供电局{w}供电所",
        "{c}邮政{w}支局",
        "{c}水务{w}营业所",
        "{c}燃气{w}服务站",
        "{c}公交{w}车队",
        "{c}粮食{w}储备库",
    ),
    "public_institution": (
        "{s}综合文化站",
        "{s}农业服务中心",
        "{s}退役军人服务站",
        "{k}{w}水文站",
        "{k}不动产登记{w}服务点",
        "{k}{w}图书分馆",
    ),
    "finance": ("{b}{w}支行", "{w}农村信用社", "{w}保险营业部", "{b}{w}分理处"),
    "education": ("{w}幼儿园", "{k}{w}职业培训学校", "{k}{w}青少年活动中心", "{w}实验幼儿园"),
    "health": ("{s}社区卫生服务中心", "{w}卫生站", "{w}门诊部", "{k}{w}卫生院"),
    "school": ("{k}{w}小学", "{k}{w}中学", "{k}第{n}中学", "{k}{w}实验小学"),
    "hospital": ("{k}{w}医院", "{k}中医院{w}分院", "{k}{w}妇幼保健院", "{w}骨科医院"),
    "enterprise": (
        "{c}{w}五金刀剪有限公司",
        "{c}{w}电子科技有限公司",
        "{c}{w}食品有限公司",
        "{c}{w}物流有限公司",
        "{c}{w}建材有限公司",
        "{c}{w}海产品有限公司",
        "{c}{w}家居用品有限公司",
    ),
    "non_public": ("{w}商行", "{w}餐饮店", "{w}科技有限公司", "{w}便利店", "{w}装饰工程部"),
    "social_organisation": (
        "{k}{w}志愿者协会",
        "{k}{w}社会工作服务中心",
        "{w}老年协会",
        "{k}{w}商会",
        "{w}慈善会",
        "{w}书画协会",
    ),
    "other": ("{w}农贸市场", "{w}商业广场管理处", "{w}酒店", "{w}汽车客运站", "{w}工业园管理处"),
}


def cn(n: int) -> str:
    """Chinese numeral for 0 <= n < 100 (larger: Arabic digits)."""
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    return str(n)


def pick(rng: np.random.Generator, pool: Sequence[str], n: int) -> list[str]:
    """``n`` distinct names from ``pool``; beyond it, a numeral is appended."""
    out: list[str] = []
    rounds = 0
    while len(out) < n:
        perm = rng.permutation(len(pool))[: n - len(out)]
        suffix = "" if rounds == 0 else cn(rounds + 1)
        out.extend(pool[int(i)] + suffix for i in perm)
        rounds += 1
    return out


class Names:
    """The names given so far, so that no two divisions or units share one."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def unique(self, name: str) -> str:
        """``name``, or ``name`` with a numeral if another entity already has it."""
        out, k = name, 2
        while out in self.used:
            out = f"{name}（{cn(k)}）"
            k += 1
        self.used.add(out)
        return out


def fill(
    rng: np.random.Generator, patterns: tuple[str, ...], city: str, county: str, short: str
) -> str:
    """A unit name from a pattern; municipal ones (no ``county``) start with the city."""
    text = patterns[int(rng.integers(len(patterns)))]
    if not county and "{c}" not in text and "{b}" not in text:
        text = city + text
    # every part is drawn, used or not, so that the draws do not depend on the pattern
    return text.format(
        w=WORDS[int(rng.integers(len(WORDS)))],
        b=BANKS[int(rng.integers(len(BANKS)))],
        c=city.removesuffix("市"),
        k=county,
        s=short,
        n=cn(int(rng.integers(2, 10))),
    )


def municipal_name(rng: np.random.Generator, kind: str, city: str, agencies: list[str]) -> str:
    """A municipal unit's name; agencies take the city's next unused agency (from ``agencies``)."""
    if kind == "agency" and agencies:
        return city + agencies.pop()
    patterns = MUNICIPAL_PATTERNS.get(kind, MUNICIPAL_PATTERNS["soe"])
    return fill(rng, patterns, city, "", "")


def compound_names(rng: np.random.Generator, company: Bools, first: I64, count: I64) -> list[str]:
    """Names of compounds laid out by community (``first``, ``count``), distinct within each.

    A compound with a property ``company`` is named like an estate (碧桂花园),
    one without like an old neighbourhood (金湾新村).
    """
    n = len(company)
    words = [ESTATES[int(i)] for i in rng.integers(0, len(ESTATES), n)]
    out: list[str] = []
    for c in range(len(first)):
        taken: set[str] = set()
        for x in range(int(first[c]), int(first[c] + count[c])):
            suffixes = _ESTATE_SUFFIX if company[x] else _OLD_SUFFIX
            name = words[x] + suffixes[int(rng.integers(len(suffixes)))]
            while name in taken:
                name = ESTATES[int(rng.integers(len(ESTATES)))] + suffixes[0]
            taken.add(name)
            out.append(name)
    return out


def place_name(rng: np.random.Generator, scope: int, compounds: Sequence[str]) -> str:
    """A street (``scope`` 0), lane (1) or building (2) in a community with ``compounds``."""
    w = WORDS[int(rng.integers(len(WORDS)))]
    if scope == 0:
        return w + ("路", "街", "大道", "路")[int(rng.integers(4))]
    if scope == 1:
        return w + ("巷", "里", "巷")[int(rng.integers(3))]
    return f"{compounds[int(rng.integers(len(compounds)))]}{int(rng.integers(1, 31))}栋"


def person_names(rng: np.random.Generator, n: int) -> Strs:
    """``n`` person names: surname and one or two given characters (repeats allowed)."""
    pool = np.array(
        [s + a + b for s in _SURNAMES for a in _GIVEN_A for b in _GIVEN_B]
        + [s + b for s in _SURNAMES for b in _GIVEN_B],
    )
    out: Strs = pool[rng.integers(0, len(pool), n)]
    return out
