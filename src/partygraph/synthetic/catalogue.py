"""The fixed tables of the synthetic city: unit types, service items, issue categories,
whistle departments, pairing resources and needs, volunteer kinds, captains' sources.

They are declared once here, as data, and every stage reads them.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "CATEGORIES",
    "CENTRE_ITEMS",
    "CORE_TYPES",
    "DEPTS_COMMUNITY",
    "DEPTS_DISTRICT",
    "DEPTS_SUBDISTRICT",
    "DRAWN_FROM",
    "DRAWN_P",
    "EXTRA_TYPES",
    "EXTRA_WEIGHTS",
    "HOURS",
    "MUNICIPAL_TYPES",
    "MUNICIPAL_WEIGHTS",
    "NEEDS",
    "PROJECTS",
    "RESOURCES",
    "ROUTINES",
    "SCOPES",
    "SERVICE_ITEMS",
    "TITLES",
    "UNIT_SIZE",
    "VOLUNTEER_KINDS",
]

#: Every community has two resident units of these types (its "core" units).
CORE_TYPES = ("agency", "soe", "public_institution", "finance", "education", "health")
#: Types of a community's further one to five resident units, drawn by ``EXTRA_WEIGHTS``.
EXTRA_TYPES = (
    "agency",
    "soe",
    "public_institution",
    "finance",
    "education",
    "health",
    "school",
    "hospital",
    "enterprise",
    "non_public",
    "social_organisation",
    "other",
)
EXTRA_WEIGHTS = np.array([6, 4, 6, 6, 3, 3, 8, 3, 12, 14, 8, 4], dtype=np.float64)
#: Party members of a resident unit by type: (low, high).
UNIT_SIZE: dict[str, tuple[int, int]] = {
    "agency": (3, 40),
    "soe": (3, 90),
    "public_institution": (3, 40),
    "finance": (1, 25),
    "education": (2, 45),
    "health": (2, 60),
    "school": (2, 45),
    "hospital": (8, 110),
    "enterprise": (0, 20),
    "non_public": (0, 6),
    "social_organisation": (0, 4),
    "other": (0, 5),
}
#: Types of municipal units (市直单位), drawn by ``MUNICIPAL_WEIGHTS`` (percent).
MUNICIPAL_TYPES = ("agency", "soe", "public_institution", "finance", "education", "health")
MUNICIPAL_WEIGHTS = np.array([45, 15, 15, 10, 8, 7], dtype=np.float64)

#: Service items (name, category) of community centres and compound stations.
SERVICE_ITEMS: tuple[tuple[str, str], ...] = (
    ("社保卡申领", "社会保障"),
    ("城乡居民医保参保登记", "社会保障"),
    ("城乡居民养老保险参保", "社会保障"),
    ("高龄津贴申领", "民政服务"),
    ("最低生活保障申请", "民政服务"),
    ("临时救助申请", "民政服务"),
    ("残疾人证办理", "民政服务"),
    ("老年人优待证办理", "民政服务"),
    ("居住证明开具", "综合服务"),
    ("流动人口登记", "综合服务"),
    ("计划生育服务登记", "卫生健康"),
    ("居民健康档案建立", "卫生健康"),
    ("就业失业登记", "就业服务"),
    ("就业岗位推介", "就业服务"),
    ("党员组织关系转接", "党员服务"),
    ("流动党员报到", "党员服务"),
    ("党员代办服务", "党员服务"),
    ("法律援助咨询", "法律服务"),
    ("人民调解", "法律服务"),
    ("退役军人服务", "综合服务"),
    ("困难群众帮扶", "民政服务"),
    ("志愿服务登记", "志愿服务"),
    ("四点半课堂报名", "志愿服务"),
    ("长者饭堂助餐", "民政服务"),
)
#: Service items of area, subdistrict and district centres.
CENTRE_ITEMS: tuple[tuple[str, str], ...] = (
    ("政务服务综合受理", "综合服务"),
    ("党员教育培训", "党员服务"),
    ("两新组织党建指导", "党员服务"),
    ("社会组织孵化", "综合服务"),
    ("矛盾纠纷调处", "法律服务"),
    ("企业开办咨询", "综合服务"),
    ("人才服务", "就业服务"),
    ("心理咨询", "卫生健康"),
    ("图书借阅", "文化服务"),
    ("议事协商场地预约", "综合服务"),
)
#: Issue categories of the whistle (吹哨报到); index 13 (高空抛物) is the one left
#: without a department when the model has gaps.
CATEGORIES = (
    "环境卫生",
    "治安防控",
    "物业纠纷",
    "邻里纠纷",
    "噪音扰民",
    "违章搭建",
    "占道经营",
    "停车管理",
    "供水供电",
    "房屋安全",
    "消防安全",
    "养老服务",
    "困难救助",
    "高空抛物",
)
#: Whistle departments of each level: (name template, indices into ``CATEGORIES``);
#: {d} is the division's name.  The district's last one answers for water and power.
DEPTS_COMMUNITY = (("{d}综治中心", (0, 3, 4, 12)),)
DEPTS_SUBDISTRICT = (
    ("{d}综合行政执法办公室", (5, 6, 0, 7)),
    ("{d}司法所", (3, 2)),
    ("{d}社会事务办公室", (11, 12)),
    ("{d}平安建设办公室", (1, 10)),
)
DEPTS_DISTRICT = (
    ("{d}住房和城乡建设局", (2, 9)),
    ("{d}城市管理和综合执法局", (5, 6, 7, 0)),
    ("{d}公安分局", (1, 4, 7, 13)),
    ("{d}民政局", (11, 12)),
    ("{d}应急管理局", (10, 9)),
    ("{d}水务局", (8,)),
)
#: What a paired unit offers a community.
RESOURCES = (
    "法律咨询",
    "义诊服务",
    "政策宣讲",
    "就业培训",
    "文体活动场地",
    "志愿者队伍",
    "助学帮扶",
    "金融知识讲座",
    "消防演练",
    "环境整治",
    "图书捐赠",
    "心理辅导",
    "电脑培训",
    "防诈骗宣传",
    "党课资源",
    "共建资金",
)
#: What a community asks of its paired unit.
NEEDS = (
    "老年人照料",
    "法律咨询",
    "义诊服务",
    "儿童托管",
    "就业培训",
    "加装电梯",
    "停车位改造",
    "老旧小区改造",
    "环境整治",
    "文体活动场地",
    "困难家庭帮扶",
    "防溺水宣传",
    "助学帮扶",
    "心理辅导",
    "防诈骗宣传",
    "消防安全隐患排查",
)
#: Joint projects of a pairing.
PROJECTS = (
    "党建共建示范点",
    "银龄关爱行动",
    "四点半课堂",
    "美丽家园共建",
    "平安社区共建",
    "红色物业提升",
    "邻里守望互助",
    "文明实践进社区",
)
#: Kinds of volunteer teams (…志愿服务队).
VOLUNTEER_KINDS = (
    "党员先锋",
    "巾帼",
    "青年",
    "关爱老人",
    "环保",
    "平安巡逻",
    "文明实践",
    "邻里互助",
)
#: The routines of every "1+3" and "1+N" team.
ROUTINES = ("work_meeting", "deliberation", "joint_consultation", "emergency_response")
#: Where captains are drawn from, with shares ``DRAWN_P``.
DRAWN_FROM = ("party_member", "central_household", "in_service", "deputy", "activist")
DRAWN_P = np.array([0.42, 0.2, 0.12, 0.08, 0.18])
#: Scopes of captains' places, and the captain's title for each.
SCOPES = ("street", "lane", "building")
TITLES = {"street": "街长", "lane": "巷长", "building": "楼长"}
#: Opening hours of centres.
HOURS = "周一至周日 8:30-12:00，14:30-17:30"
