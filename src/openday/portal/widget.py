"""The embeddable widget (``/column/<slug>/widget.js``): one ``<script>`` tag a county portal
pastes where the column's upcoming activities should appear.

The script is the template ``portal/widget.js`` with the campaign's few settings baked in as
JSON (the API path, the column path, the words it shows); its behaviour is the same for every
column. It fetches ``/api/v1/campaigns/<slug>/notices/?upcoming=1`` (the API allows any
origin) and draws a short list into a ``<div>`` it inserts after its own tag, styled inside a
Shadow DOM so that neither page's CSS reaches the other. Paths resolve against the script's
own URL, so the widget follows whatever address the portal loads it from.

Served with a JavaScript content type and marked ``public`` like the pages
(``PublicCacheMiddleware`` adds the shared-cache lifetime and an ETag).
"""

import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from openday.campaigns.selectors import public_campaigns
from openday.portal.pages import absolute

CONTENT_TYPE = "text/javascript; charset=utf-8"
DEFAULT_LIMIT = 5


def widget_snippet(slug: str) -> str:
    """The tag a portal pastes (the column page and the README show it)."""
    src = absolute(reverse("portal:campaign-widget", args=[slug]))
    return f'<script src="{src}" data-limit="{DEFAULT_LIMIT}" async></script>'


def _config(campaign) -> str:
    api = reverse("portal-api:campaign-notices", args=[campaign.slug])
    config = {
        "api": f"{api}?upcoming=1",
        "column": reverse("portal:campaign-column", args=[campaign.slug]),
        "title": f"{campaign.region.name}政务公开主题日 · 近期活动",
        "empty": "近期暂无活动预告，欢迎关注活动专栏。",
        "failed": "活动信息暂时无法加载，请访问活动专栏查看。",
        "limit": DEFAULT_LIMIT,
    }
    # ASCII only (\\uXXXX escapes): no byte of the page's text can end the literal.
    return json.dumps(config, ensure_ascii=True)


@require_safe
def campaign_widget(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = public_campaigns().filter(slug=slug).first()
    if campaign is None:
        return HttpResponse(
            "/* 没有找到该活动专栏，请核对嵌入代码中的地址。 */\n",
            content_type=CONTENT_TYPE,
            status=404,
        )
    script = render_to_string(
        "portal/widget.js",
        {
            "config_json": _config(campaign),
            # Inside a /* comment */: a name can never close it.
            "title_comment": f"{campaign.region.name}{campaign.display_column_title}".replace(
                "*/", "* /"
            ),
            "script_url": absolute(reverse("portal:campaign-widget", args=[campaign.slug])),
        },
    )
    response = HttpResponse(script, content_type=CONTENT_TYPE)
    patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_MAX_AGE)
    return response
