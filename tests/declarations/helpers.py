"""What the declarations tests share: users by role, a good 申报表, uploads."""

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from openday.declarations.services import ItemInput, declaration_save
from openday.orgs.enums import Role
from tests.factories import MembershipFactory, RegionFactory, UnitFactory, UserFactory

D = dt.date
BEFORE_DUE = D(2023, 3, 28)
FORMS = ["实地调研", "现场观摩", "座谈交流", "政策发布", "问卷调查"]


def make_user(kind: str, region, unit, other_unit):
    """One user per role the permission table names; ``anonymous`` is no user at all."""
    names = {"admin": "赵敏", "liaison": "李娟", "other_liaison": "周敏"}
    user = UserFactory(first_name=names.get(kind, ""))
    if kind == "admin":
        MembershipFactory(user=user, role=Role.OFFICE_ADMIN, region=region)
    elif kind == "liaison":
        MembershipFactory(user=user, role=Role.UNIT_LIAISON, region=region, unit=unit)
    elif kind == "other_liaison":
        MembershipFactory(user=user, role=Role.UNIT_LIAISON, region=region, unit=other_unit)
    elif kind in ("other_region_liaison", "other_region_admin"):
        sibling = RegionFactory(name="天心区", slug="tianxin", parent=region.parent)
        if kind == "other_region_admin":
            MembershipFactory(user=user, role=Role.OFFICE_ADMIN, region=sibling)
        else:
            there = UnitFactory(region=sibling, name="区行政审批服务局")
            MembershipFactory(user=user, role=Role.UNIT_LIAISON, region=sibling, unit=there)
    elif kind == "viewer":
        MembershipFactory(user=user, role=Role.SUPERIOR_VIEWER, region=region.parent)
    return user


def good_items() -> list[ItemInput]:
    return [
        ItemInput(
            title="“一件事一次办”现场观摩",
            month_start=6,
            form_text="现场观摩",
            brief="邀请市民群众现场体验办事流程。",
            category="政务服务",
        ),
        ItemInput(
            title="政务服务满意度问卷调查",
            month_start=9,
            month_end=10,
            form_text="问卷调查",
            brief="面向办事群众开展问卷调查。",
            category="政务服务",
        ),
    ]


def save(actor, campaign, unit, items=None, **fields):
    fields.setdefault("contact_person", "李娟")
    fields.setdefault("phone", "0731-88999337")
    return declaration_save(
        actor=actor,
        campaign=campaign,
        unit=unit,
        items=good_items() if items is None else items,
        **fields,
    )


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "blue").save(buffer, "JPEG")
    return buffer.getvalue()


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)
