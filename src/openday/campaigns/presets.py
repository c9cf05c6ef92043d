"""Rule presets for the five jurisdictions of the seed notices (PRODUCT.md's table).

An office starting a campaign can begin from one of these and edit it in the admin.
"""

import datetime as dt

from openday.campaigns.enums import FormKind

PRESETS: dict[str, dict] = {
    "tianxin": {
        "label": "天心区",
        "filing_lead_days": 3,
        "filing_lead_working": False,
        "report_due_days": 5,
        "report_due_working": True,
    },
    "liuyang": {
        "label": "浏阳市",
        "filing_lead_days": 5,
        "filing_lead_working": True,
        "report_due_days": 5,
        "report_due_working": True,
        "publicity_due_days": 3,
        "publicity_due_working": False,
        "min_staff": 6,
        "banner_templates": [
            "{unit} {year} 年“政务公开主题日”活动",
            "{unit} {year} 年“政务公开主题日”活动暨{theme}",
        ],
        "site_requirements": "活动现场设置、显示统一的“政务公开主题日”LOGO；图片须体现统一 LOGO。",
    },
    "xiangjiang": {
        "label": "湘江新区",
        "site_requirements": "活动现场张贴“政务公开主题日”LOGO 标识。",
        "declaration_themes_per_unit": 2,
        "declaration_required_kinds": [FormKind.FIELD_RESEARCH.value, FormKind.SITE_VISIT.value],
        "declaration_categories": [
            "经济发展",
            "科技创新",
            "营商环境",
            "城市品质",
            "民生福祉",
            "政务服务",
            "社会治理",
            "政府自身建设",
        ],
        # "3月31日前": the date is the campaign year's; filled in by ``rules_from_preset``.
        "declaration_due": (3, 31),
    },
    "daxiang": {
        "label": "大祥区",
        "filing_lead_days": 5,
        "filing_lead_working": True,
        "report_due_days": 5,
        "report_due_working": True,
        "site_requirements": "以横幅或电子屏等形式统一标注“政务公开主题日”字样。",
    },
    "luxi": {
        "label": "泸溪县",
        "report_due_days": 5,
        "report_due_working": True,
        "site_requirements": "开展活动过程中统一标识“政务公开主题日”字样。",
    },
}


def rules_from_preset(name: str, year: int) -> dict:
    """The ``CampaignRules`` field values of a preset for a campaign of ``year``."""
    preset = dict(PRESETS[name])
    preset.pop("label")
    due = preset.pop("declaration_due", None)
    if due:
        preset["declaration_due_on"] = dt.date(year, *due)
    return preset
