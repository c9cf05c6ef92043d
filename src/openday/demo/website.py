"""The demo regions' website furniture (网站信息), so the columns show a government site's
footer: 主办单位 (the region's government office), 承办单位 (its openness office), 网站标识码,
备案号 and a 纠错 link to the national 政府网站找错 platform.

The codes and record numbers are placeholders marked 演示, not the regions' real ones.
Idempotent: a region that already has furniture (the demo's or its office's own) keeps it.
"""

from openday.orgs.models import Office, Region, RegionWebsite
from openday.orgs.website import region_website_set

ERROR_REPORT_URL = "https://zfwzzc.www.gov.cn/"

# slug → (主办单位, 网站标识码: the region's division code and 0000)
WEBSITES = {
    "tianxin": ("长沙市天心区人民政府办公室", "4301030000"),
    "liuyang": ("浏阳市人民政府办公室", "4301810000"),
    "xiangjiang": ("湖南湘江新区管理委员会办公室", "4301000000"),
    "daxiang": ("邵阳市大祥区人民政府办公室", "4305030000"),
    "luxi": ("泸溪县人民政府办公室", "4331220000"),
}


def load_demo_websites() -> list[str]:
    lines = []
    offices = {
        office.region.slug: office.name
        for office in Office.objects.filter(region__slug__in=WEBSITES).select_related("region")
    }
    for region in Region.objects.filter(slug__in=WEBSITES).order_by("path"):
        if RegionWebsite.objects.filter(region=region).exists():
            continue
        sponsor, code = WEBSITES[region.slug]
        region_website_set(
            actor=None,
            region=region,
            sponsor=sponsor,
            organizer=offices.get(region.slug, ""),
            site_code=code,
            icp_number="湘ICP备00000000号-1（演示）",
            police_number="湘公网安备 00000000000000号（演示）",
            contact=f"{offices.get(region.slug, sponsor)}（演示数据）",
            error_report_url=ERROR_REPORT_URL,
        )
        lines.append(f"{region.slug}: 网站信息已设置（演示）")
    return lines
