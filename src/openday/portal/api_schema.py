"""The OpenAPI 3.1 document of the read-only JSON API (``/api/v1/openapi.json``), written by
hand beside ``portal.api``: every path it serves and the shape of every answer. The server
URL is ``settings.SITE_URL``, so the document names the deployment that serves it.
"""

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from openday.portal.api import MAX_PAGE_SIZE, PAGE_SIZE, STATUS_LABELS, api_view

NULLABLE_STRING = {"type": ["string", "null"]}
NULLABLE_URL = {"type": ["string", "null"], "format": "uri"}
URL = {"type": "string", "format": "uri"}


def _object(properties: dict[str, Any], description: str = "") -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "required": list(properties),
    }
    if description:
        schema["description"] = description
    return schema


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _page_of(item: str) -> dict[str, Any]:
    return {
        "allOf": [
            _ref("Page"),
            _object({"results": {"type": "array", "items": _ref(item)}}),
        ]
    }


STATUS = {
    "type": "string",
    "enum": list(STATUS_LABELS),
    "description": "活动进展（公众用语）："
    + "，".join(f"{key} {label}" for key, label in STATUS_LABELS.items())
    + "。",
}

SCHEMAS: dict[str, Any] = {
    "Error": _object(
        {"detail": {"type": "string", "description": "中文说明：哪个参数、哪里不对。"}},
        "出错时的回答（400、404、405）。",
    ),
    "Page": _object(
        {
            "count": {"type": "integer", "minimum": 0, "description": "全部条数"},
            "page": {"type": "integer", "minimum": 1},
            "page_size": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            "pages": {"type": "integer", "minimum": 1},
            "next": NULLABLE_URL,
            "previous": NULLABLE_URL,
        },
        "分页列表：results 为本页条目。",
    ),
    "Region": _object(
        {
            "name": {"type": "string"},
            "slug": {"type": "string"},
            "parent": NULLABLE_STRING,
        }
    ),
    "CampaignLinks": _object(
        dict.fromkeys(
            (
                "column",
                "self",
                "plan",
                "notices",
                "reports",
                "questionnaires",
                "feed",
                "calendar",
                "ics",
                "widget",
            ),
            URL,
        )
    ),
    "Campaign": _object(
        {
            "slug": {"type": "string"},
            "year": {"type": "integer"},
            "title": {"type": "string", "description": "实施方案标题"},
            "column_title": {"type": "string", "description": "专栏名称"},
            "region": _ref("Region"),
            "issuer": {"type": "string"},
            "doc_number": {"type": "string"},
            "issued_on": {"type": ["string", "null"], "format": "date"},
            "phase": {"type": "string", "enum": ["declaration", "planning", "running", "closed"]},
            "phase_label": {"type": "string"},
            "plan_published": {"type": "boolean"},
            "closed_on": {"type": ["string", "null"], "format": "date"},
            "counts": {
                "type": "object",
                "description": "planned：实施方案计划场次（未写明为 null）；rows：计划表行数；"
                "published_reports：已发布活动报道数。详情另有 held、cancelled、joint_parts、"
                "joint_parts_held。计划未发布时行数均为 0。",
                "properties": {
                    "planned": {"type": ["integer", "null"]},
                    "rows": {"type": "integer"},
                    "published_reports": {"type": "integer"},
                    "held": {"type": "integer"},
                    "cancelled": {"type": "integer"},
                    "joint_parts": {"type": "integer"},
                    "joint_parts_held": {"type": "integer"},
                },
                "required": ["planned", "rows", "published_reports"],
            },
            "links": _ref("CampaignLinks"),
        },
        "一个地区一个年度的“政务公开主题日”活动专栏（草稿不公开）。",
    ),
    "PlanRow": _object(
        {
            "ref": {
                "type": "string",
                "description": "活动编号：序号，联合开展的分项为“序号-分项号”",
            },
            "seq": {"type": "integer"},
            "months": _object(
                {
                    "start": {"type": ["integer", "null"], "minimum": 1, "maximum": 12},
                    "end": {"type": ["integer", "null"], "minimum": 1, "maximum": 12},
                    "label": {"type": "string", "description": "如“5-6月”，无月份为“待定”"},
                }
            ),
            "title": {"type": "string"},
            "forms": {
                "type": "array",
                "items": _object(
                    {
                        "text": {"type": "string"},
                        "kind": {"type": "string"},
                        "kind_label": {"type": "string"},
                    }
                ),
            },
            "hosts": {"type": "array", "items": {"type": "string"}},
            "status": STATUS,
            "status_label": {"type": "string"},
            "date": {
                "type": ["string", "null"],
                "format": "date",
                "description": "活动日期（活动预告发布后公开）",
            },
            "joint": {
                "oneOf": [
                    {"type": "null"},
                    _object(
                        {
                            "parts": {"type": "integer"},
                            "parts_held": {"type": "integer"},
                            "summary": {"type": "string"},
                            "items": {
                                "type": "array",
                                "items": _object(
                                    {
                                        "ref": {"type": "string"},
                                        "unit": {"type": "string"},
                                        "held": {"type": "boolean"},
                                        "status_label": {"type": "string"},
                                        "report": NULLABLE_URL,
                                    }
                                ),
                            },
                        },
                        "联合开展：各单位分项及其进展。",
                    ),
                ]
            },
            "links": _object({"notice": NULLABLE_URL, "report": NULLABLE_URL}),
        },
        "活动计划表的一行。",
    ),
    "PlanPage": {
        "allOf": [
            _page_of("PlanRow"),
            _object(
                {
                    "campaign": {"type": "string"},
                    "plan_published": {"type": "boolean"},
                    "notes": {
                        "type": "array",
                        "items": {"type": "string"},
                        "description": "筛选条件中无法使用的部分及原因（其余条件照常生效）。",
                    },
                }
            ),
        ]
    },
    "Notice": _object(
        {
            "ref": {"type": "string"},
            "title": {"type": "string", "description": "活动主题"},
            "plan_title": {"type": "string", "description": "计划表中的活动名称"},
            "date": {"type": ["string", "null"], "format": "date"},
            "start_time": NULLABLE_STRING,
            "end_time": NULLABLE_STRING,
            "venue": {"type": "string"},
            "host": {"type": "string"},
            "form": {"type": "string"},
            "audience": {"type": "string"},
            "signup": {"type": "string", "description": "报名方式"},
            "contact": {"type": "string", "description": "咨询联系方式"},
            "content": {"type": "string"},
            "status": STATUS,
            "status_label": {"type": "string"},
            "published_at": {"type": ["string", "null"], "format": "date-time"},
            "links": _object({"notice": URL, "report": NULLABLE_URL, "opinions": URL}),
        },
        "活动预告。",
    ),
    "Report": _object(
        {
            "ref": {"type": "string"},
            "title": {"type": "string"},
            "hosts": {"type": "array", "items": {"type": "string"}},
            "forms": {"type": "array", "items": {"type": "string"}},
            "held_on": {"type": "string", "format": "date"},
            "venue": {"type": "string"},
            "published_at": {"type": ["string", "null"], "format": "date-time"},
            "headcount": {"type": "integer", "description": "活动覆盖人数"},
            "attendance": {
                "type": "array",
                "items": _object(
                    {
                        "group": {"type": "string"},
                        "group_label": {"type": "string"},
                        "count": {"type": "integer"},
                    }
                ),
            },
            "summary": {"type": "string"},
            "practices": {"type": "string"},
            "effects": {"type": "string"},
            "photos": {
                "type": "array",
                "items": _object(
                    {
                        "caption": {"type": "string"},
                        "width": {"type": "integer"},
                        "height": {"type": "integer"},
                        "thumbnail": URL,
                        "full": URL,
                    }
                ),
            },
            "video": NULLABLE_URL,
            "video_url": NULLABLE_URL,
            "media": {
                "type": "array",
                "items": _object(
                    {
                        "outlet": {"type": "string"},
                        "title": {"type": "string"},
                        "url": URL,
                        "published_on": {"type": "string", "format": "date"},
                    }
                ),
            },
            "links": _object({"report": URL}),
        },
        "已发布的活动报道（不含任何个人信息，文中电话号码已隐去）。",
    ),
    "Questionnaire": _object(
        {
            "id": {"type": "integer"},
            "title": {"type": "string"},
            "kind": {"type": "string", "enum": ["survey", "satisfaction"]},
            "kind_label": {"type": "string"},
            "intro": {"type": "string"},
            "activity": {
                "type": ["string", "null"],
                "description": "问卷针对的活动编号；针对全年活动的为 null",
            },
            "by_invitation": {"type": "boolean", "description": "是否凭邀请码填写"},
            "opens_at": {"type": ["string", "null"], "format": "date-time"},
            "closes_at": {"type": ["string", "null"], "format": "date-time"},
            "links": _object({"questionnaire": URL}),
        },
        "正在征集答卷的问卷调查。",
    ),
}

PAGE_PARAMETERS = [
    {
        "name": "page",
        "in": "query",
        "required": False,
        "description": "页码，从 1 开始。",
        "schema": {"type": "integer", "minimum": 1, "default": 1},
    },
    {
        "name": "page_size",
        "in": "query",
        "required": False,
        "description": f"每页条数，最多 {MAX_PAGE_SIZE}。",
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": PAGE_SIZE},
    },
]

SLUG = {
    "name": "slug",
    "in": "path",
    "required": True,
    "description": "专栏标识，如 tianxin-2023。",
    "schema": {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"},
}


def _query(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": _ref("Error")}},
    }


def _get(
    operation_id: str,
    summary: str,
    schema: dict[str, Any],
    *,
    parameters: list[dict[str, Any]] | None = None,
    paginated: bool = True,
    with_slug: bool = True,
) -> dict[str, Any]:
    params = ([SLUG] if with_slug else []) + (parameters or [])
    if paginated:
        params += PAGE_PARAMETERS
    responses: dict[str, Any] = {
        "200": {"description": "成功", "content": {"application/json": {"schema": schema}}},
    }
    if paginated:
        responses["400"] = _error("参数不正确（如 page 不是正整数，page_size 超过上限）。")
    responses["404"] = _error("没有找到该专栏（或为草稿），或页码超出范围。")
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "tags": ["活动专栏"],
            "parameters": params,
            "responses": responses,
        }
    }


PLAN_FILTERS = [
    _query("unit", "责任单位编号（含以“各街道办事处”等方式承办的单位）。", {"type": "integer"}),
    _query("month", "月份 1-12，跨月的活动在其覆盖的每个月都能找到。", {"type": "integer"}),
    _query("kind", "活动形式类别。", {"type": "string"}),
    _query(
        "state", "活动进展：planned、held、published、postponed、cancelled。", {"type": "string"}
    ),
    _query("q", "按活动名称搜索，最多 50 个字。", {"type": "string", "maxLength": 50}),
]


def openapi_document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "政务公开主题日活动专栏只读接口",
            "version": "1.0.0",
            "description": (
                "各地“政务公开主题日”活动专栏的公开数据：活动专栏、活动计划、活动预告、"
                "活动报道和正在征集的问卷调查。只读，无需登录，允许跨域（"
                "Access-Control-Allow-Origin: *）；内容与专栏页面一致，不含任何个人信息。"
                '出错时返回 JSON：{"detail": "中文说明"}。'
            ),
        },
        "servers": [{"url": settings.SITE_URL}],
        "paths": {
            "/api/v1/campaigns/": _get(
                "listCampaigns",
                "公开的活动专栏（各地区、各年度，草稿除外）",
                _page_of("Campaign"),
                with_slug=False,
            ),
            "/api/v1/campaigns/{slug}/": _get(
                "getCampaign", "一个活动专栏及其统计", _ref("Campaign"), paginated=False
            ),
            "/api/v1/campaigns/{slug}/plan/": _get(
                "listPlanRows",
                "活动计划表（按序号；计划发布前为空），可按单位、月份、形式、进展和名称筛选",
                _ref("PlanPage"),
                parameters=PLAN_FILTERS,
            ),
            "/api/v1/campaigns/{slug}/notices/": _get(
                "listNotices",
                "活动预告（最新发布在前）；upcoming=1 时为今天及以后的活动，日期近的在前",
                _page_of("Notice"),
                parameters=[
                    _query(
                        "upcoming",
                        "1：只列今天及以后尚未举办的活动（专栏的“近期活动”）。",
                        {"type": "string", "enum": ["1", "0", "true", "false"]},
                    )
                ],
            ),
            "/api/v1/campaigns/{slug}/reports/": _get(
                "listReports",
                "已发布的活动报道（最新发布在前）",
                _page_of("Report"),
            ),
            "/api/v1/campaigns/{slug}/questionnaires/": _get(
                "listQuestionnaires",
                "正在征集答卷（已开始、未截止）的问卷调查",
                _page_of("Questionnaire"),
            ),
            "/api/v1/openapi.json": {
                "get": {
                    "operationId": "getOpenApi",
                    "summary": "本接口说明（OpenAPI 3.1）",
                    "tags": ["说明"],
                    "responses": {
                        "200": {
                            "description": "OpenAPI 文档",
                            "content": {"application/json": {"schema": {"type": "object"}}},
                        }
                    },
                }
            },
        },
        "components": {"schemas": SCHEMAS},
    }


@api_view
def openapi_json(request: HttpRequest) -> dict:
    return openapi_document()
