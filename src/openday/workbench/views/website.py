"""The region's website furniture (网站信息): what its public column carries in the footer
as a county government website must — 主办单位, 承办单位, 网站标识码, ICP备案号, 公安备案号, a
contact line and the 纠错 link. Only the region's office admins (and the superuser) reach it
(``orgs.permissions.access_region_admin``); the rules are ``orgs.website.region_website_set``.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from openday.core.errors import DomainError
from openday.core.forms import Form, add_domain_error
from openday.orgs.models import RegionWebsite
from openday.orgs.permissions import access_region_admin
from openday.orgs.website import WEBSITE_FIELDS, region_website, region_website_set

NAV = "website"


def _char(name: str, *, required: bool = False, help_text: str = "") -> forms.CharField:
    field = RegionWebsite._meta.get_field(name)
    return forms.CharField(
        label=field.verbose_name,
        max_length=field.max_length,
        required=required,
        help_text=help_text,
    )


class RegionWebsiteForm(Form):
    sponsor = _char("sponsor", required=True, help_text="如：长沙市天心区人民政府办公室")
    organizer = _char("organizer", help_text="如：长沙市天心区政务公开政务服务工作领导小组办公室")
    site_code = _char("site_code", help_text="政府网站标识码，10 位数字或字母，如 4301030001")
    icp_number = _char("icp_number", help_text="如：湘ICP备05002497号")
    police_number = _char("police_number", help_text="如：湘公网安备 43010302000123号")
    contact = _char("contact", help_text="如：联系电话 0731-85000000，地址……")
    error_report_url = _char(
        "error_report_url",
        help_text="“我要纠错”的网址，以 http:// 或 https:// 开头（如国务院“我为政府网站找错”）",
    )


def _initial(region) -> dict[str, str]:
    website = region_website(region)
    return {name: getattr(website, name) for name in WEBSITE_FIELDS} if website else {}


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def region_website_edit(request: HttpRequest, region_slug: str) -> HttpResponse:
    region = access_region_admin(request.scope, region_slug)
    if request.method != "POST":
        form = RegionWebsiteForm(initial=_initial(region))
    else:
        form = RegionWebsiteForm(request.POST)
        if form.is_valid():
            try:
                region_website_set(actor=request.user, region=region, **form.cleaned_data)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, "网站信息已保存，公开专栏页脚随即更新。")
                return redirect("staff:region-website", region_slug=region.slug)
    return render(
        request,
        "workbench/website.html",
        {"region": region, "form": form, "nav": NAV},
        status=400 if form.errors else 200,
    )
