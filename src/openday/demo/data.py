"""The demo jurisdictions, as the five notices describe them."""

import datetime as dt
from pathlib import Path

from openday.campaigns.enums import CampaignPhase
from openday.orgs.enums import RegionKind, RegionLevel

NOTICES = Path(__file__).parent / "notices"

DEMO_PASSWORD = "openday-demo"  # noqa: S105 - demo accounts only, printed by load-demo

# (slug, name, full name, level, kind, parent slug, office name)
REGIONS = [
    (
        "hunan",
        "湖南省",
        "湖南省",
        RegionLevel.PROVINCE,
        RegionKind.PROVINCE,
        None,
        "湖南省政务公开政务服务领导小组办公室",
    ),
    (
        "changsha",
        "长沙市",
        "长沙市",
        RegionLevel.CITY,
        RegionKind.CITY,
        "hunan",
        "长沙市政务公开政务服务领导小组办公室",
    ),
    (
        "shaoyang",
        "邵阳市",
        "邵阳市",
        RegionLevel.CITY,
        RegionKind.CITY,
        "hunan",
        "邵阳市政务公开政务服务领导小组办公室",
    ),
    (
        "xiangxi",
        "湘西州",
        "湘西土家族苗族自治州",
        RegionLevel.CITY,
        RegionKind.PREFECTURE,
        "hunan",
        "湘西州政务公开政务服务领导小组办公室",
    ),
    (
        "tianxin",
        "天心区",
        "长沙市天心区",
        RegionLevel.COUNTY,
        RegionKind.DISTRICT,
        "changsha",
        "长沙市天心区政务公开政务服务工作领导小组办公室",
    ),
    (
        "liuyang",
        "浏阳市",
        "浏阳市",
        RegionLevel.COUNTY,
        RegionKind.COUNTY_CITY,
        "changsha",
        "浏阳市政务公开和政务服务工作领导小组办公室",
    ),
    (
        "xiangjiang",
        "湘江新区",
        "湖南湘江新区",
        RegionLevel.COUNTY,
        RegionKind.NEW_AREA,
        "changsha",
        "湖南湘江新区政务公开政务服务工作领导小组办公室",
    ),
    (
        "daxiang",
        "大祥区",
        "邵阳市大祥区",
        RegionLevel.COUNTY,
        RegionKind.DISTRICT,
        "shaoyang",
        "邵阳市大祥区推进政府职能转变和“放管服”改革协调小组办公室",
    ),
    (
        "luxi",
        "泸溪县",
        "泸溪县",
        RegionLevel.COUNTY,
        RegionKind.COUNTY,
        "xiangxi",
        "泸溪县行政审批服务局",
    ),
]

CAMPAIGNS = [
    {
        "preset": "tianxin",
        "slug": "tianxin-2023",
        "region": "tianxin",
        "year": 2023,
        "notice": "000_d804d73a4347b30d.txt",
        "title": "天心区2023年“政务公开主题日”活动实施方案",
        "issuer": "长沙市天心区政务公开政务服务工作领导小组办公室",
        "doc_number": "天政务公开办发〔2023〕1号",
        "issued_on": dt.date(2023, 3, 3),
        "planned_count": 50,
        "phase": CampaignPhase.RUNNING,
        "column_title": "2023年政务公开主题日活动专栏",
        "forms": ["现场观摩", "座谈交流", "调查征集", "政策发布", "政策宣传", "其他形式"],
    },
    {
        "preset": "liuyang",
        "slug": "liuyang-2023",
        "region": "liuyang",
        "year": 2023,
        "notice": "001_ddfed9181dbfe701.txt",
        "title": "浏阳市2023年“政务公开主题日”活动计划安排表",
        "issuer": "浏阳市政务公开和政务服务工作领导小组办公室",
        "doc_number": "浏政务领办发〔2023〕15号",
        "issued_on": dt.date(2023, 4, 26),
        "phase": CampaignPhase.RUNNING,
        "column_title": "2023年政务公开主题日活动专栏",
        "forms": [],
    },
    {
        "preset": "xiangjiang",
        "slug": "xiangjiang-2023",
        "region": "xiangjiang",
        "year": 2023,
        "notice": "002_bbd494da69939ab6.txt",
        "title": "湖南湘江新区2023年“政务公开主题日”活动实施方案",
        "issuer": "湖南湘江新区政务公开政务服务工作领导小组办公室",
        "doc_number": "",
        "issued_on": dt.date(2023, 3, 24),
        "phase": CampaignPhase.DECLARATION,
        "forms": ["实地调研", "现场观摩", "座谈交流", "政策发布", "问卷调查"],
    },
    {
        "preset": "daxiang",
        "slug": "daxiang-2023",
        "region": "daxiang",
        "year": 2023,
        "notice": "003_6ad499dfcbe107b4.txt",
        "title": "大祥区2023年“政务公开主题日”活动计划安排表",
        "issuer": "邵阳市大祥区推进政府职能转变和“放管服”改革协调小组办公室",
        "doc_number": "大改革协调办〔2023〕5号",
        "issued_on": dt.date(2023, 5, 29),
        "phase": CampaignPhase.RUNNING,
        "forms": [],
    },
    {
        "preset": "luxi",
        "slug": "luxi-2025",
        "region": "luxi",
        "year": 2025,
        "notice": "004_50dbb51384bb21f8.txt",
        "title": "2025年泸溪县“政务公开主题日”活动实施方案",
        "issuer": "泸溪县行政审批服务局",
        "doc_number": "泸行审服发〔2025〕1号",
        "issued_on": dt.date(2025, 5, 7),
        "published_on": dt.date(2025, 5, 14),
        "phase": CampaignPhase.RUNNING,
        "forms": ["实地调研", "现场观摩", "座谈交流", "政策发布", "现场宣讲", "问卷调查"],
    },
]

# Units registered before the plans come in, with the other names documents use for them.
REGISTRY = {
    "tianxin": [("区人力资源社会保障局", ["区人社局"])],
    "luxi": [("县人力资源和社会保障局", ["县人社局"])],
    "daxiang": [("区人力资源和社会保障局", ["区人社局"])],
}

# (username, role, region slug, unit name or None)
ACCOUNTS = [
    ("tianxin-admin", "office_admin", "tianxin", None),
    ("liuyang-admin", "office_admin", "liuyang", None),
    ("xiangjiang-admin", "office_admin", "xiangjiang", None),
    ("daxiang-admin", "office_admin", "daxiang", None),
    ("luxi-admin", "office_admin", "luxi", None),
    ("tianxin-renshe", "unit_liaison", "tianxin", "区人力资源社会保障局"),
    ("tianxin-chengnanlu", "unit_liaison", "tianxin", "城南路街道办事处"),
    ("liuyang-shangwu", "unit_liaison", "liuyang", "商务局"),
    ("daxiang-shuili", "unit_liaison", "daxiang", "区水利局"),
    ("luxi-gongan", "unit_liaison", "luxi", "县公安局"),
    ("xiangjiang-shehui", "unit_liaison", "xiangjiang", "新区社会事业局"),
    ("xiangjiang-pingtang", "unit_liaison", "xiangjiang", "坪塘街道办事处"),
    ("changsha-viewer", "superior_viewer", "changsha", None),
    ("hunan-viewer", "superior_viewer", "hunan", None),
    # The city's and the province's offices: they select and forward typical experiences.
    ("changsha-admin", "office_admin", "changsha", None),
    ("hunan-admin", "office_admin", "hunan", None),
]
