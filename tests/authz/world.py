"""The world the role × URL matrix walks: one city with two regions (A: 天心区, B: 浏阳市),
another city, and one person per role.

Each region has its office, a running 2023 campaign with rules and a LOGO, and an activity
hosted by one unit that went through the whole year (scheduled, filed, held, reported with a
photo, an attachment and a video). Region A has a second unit (A2) with an activity and a
declaration of its own, so a liaison's reach can be told from their office's. Declarations
are accepted (with the stamped scan) and one merge exists per region, so every URL has a real
object to point at: a refusal in the matrix is never a 404 for want of an object.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from openday.activities.materials import campaign_set_logo
from openday.activities.models import Activity, ActivityFiling, ReportAttachment, ReportPhoto
from openday.activities.services import (
    activity_file,
    activity_mark_held,
    activity_report,
    activity_schedule,
)
from openday.activities.uploads import check_logo, check_video
from openday.campaigns.services import campaign_set_rules
from openday.declarations.enums import DeclarationState
from openday.orgs.enums import RegionKind, RegionLevel, Role
from openday.reminders.enums import Channel, DeliveryState
from tests.activities.materials import (
    MP4,
    attachment,
    filing_input,
    image_bytes,
    report_input,
)
from tests.factories import (
    ActivityFactory,
    ActivityHostFactory,
    CampaignFactory,
    MembershipFactory,
    OfficeFactory,
    RegionFactory,
    UnitFactory,
    UserFactory,
)
from tests.factories.declarations import (
    DeclarationFactory,
    DeclarationItemFactory,
    DeclarationMergeFactory,
)
from tests.factories.reminders import DeliveryFactory, NotificationFactory

D = dt.date
TODAY = D(2023, 10, 13)

# The people of the matrix, in the order of its columns.
ROLES = (
    "anonymous",
    "liaison_a1",
    "liaison_a2",
    "admin_a",
    "admin_b",
    "viewer_city",
    "viewer_other_city",
    "superuser",
)

RULES = {
    "filing_lead_days": 5,
    "filing_lead_working": True,
    "report_due_days": 5,
    "report_due_working": True,
    "publicity_due_days": 3,
    "publicity_due_working": False,
    "min_staff": 6,
    "banner_templates": ["{unit} {year} 年“政务公开主题日”活动"],
}


@dataclass(frozen=True)
class Hosted:
    """An activity that went through the year, with the files its URLs name."""

    activity: Activity
    filing: ActivityFiling
    photo: ReportPhoto
    attachment: ReportAttachment


class World:
    def __init__(self):
        city = RegionFactory(
            name="长沙市", slug="changsha", level=RegionLevel.CITY, kind=RegionKind.CITY
        )
        other_city = RegionFactory(
            name="邵阳市", slug="shaoyang", level=RegionLevel.CITY, kind=RegionKind.CITY
        )
        self.region_a = RegionFactory(name="天心区", slug="tianxin", parent=city)
        self.region_b = RegionFactory(
            name="浏阳市", slug="liuyang", parent=city, kind=RegionKind.COUNTY_CITY
        )
        for region in (self.region_a, self.region_b):
            OfficeFactory(region=region, contact_person="王晓", phone="0731-85123456")

        self.unit_a1 = UnitFactory(region=self.region_a, name="区人力资源社会保障局")
        self.unit_a2 = UnitFactory(region=self.region_a, name="区教育局")
        self.unit_b1 = UnitFactory(region=self.region_b, name="市人力资源社会保障局")

        self.users = {
            "anonymous": None,
            "liaison_a1": self._member(Role.UNIT_LIAISON, self.region_a, self.unit_a1),
            "liaison_a2": self._member(Role.UNIT_LIAISON, self.region_a, self.unit_a2),
            "admin_a": self._member(Role.OFFICE_ADMIN, self.region_a),
            "admin_b": self._member(Role.OFFICE_ADMIN, self.region_b),
            "viewer_city": self._member(Role.SUPERIOR_VIEWER, city),
            "viewer_other_city": self._member(Role.SUPERIOR_VIEWER, other_city),
            "superuser": UserFactory(username="root", is_superuser=True, is_staff=True),
        }
        admin_a, admin_b = self.users["admin_a"], self.users["admin_b"]

        self.campaign_a = self._campaign(self.region_a, "tianxin-2023", admin_a)
        self.campaign_b = self._campaign(self.region_b, "liuyang-2023", admin_b)

        # A1's year is worked by its liaison; A2's and B1's by their offices.
        liaison_a1 = self.users["liaison_a1"]
        self.activity_a1 = self._hosted(
            self.campaign_a, 1, "社保政策宣讲", self.unit_a1, liaison_a1
        )
        self.activity_a2 = self._hosted(self.campaign_a, 2, "招生政策宣讲", self.unit_a2, admin_a)
        self.activity_b1 = self._hosted(self.campaign_b, 1, "浏阳社保宣讲", self.unit_b1, admin_b)

        self.declaration_a1 = self._declaration(self.campaign_a, self.unit_a1, "社保政策宣讲")
        self.declaration_a2 = self._declaration(self.campaign_a, self.unit_a2, "招生政策宣讲")
        self.declaration_b1 = self._declaration(self.campaign_b, self.unit_b1, "浏阳社保宣讲")
        self.merge_a = self._merge(self.campaign_a, admin_a, self.declaration_a1)
        self.merge_b = self._merge(self.campaign_b, admin_b, self.declaration_b1)

        # A failed SMS to A1's liaison (region A's log) and one to B's admin (region B's).
        self.notification_a1 = self._notification(liaison_a1)
        self.delivery_a1 = self._failed_delivery(self.notification_a1)
        self.delivery_b = self._failed_delivery(self._notification(admin_b))

    # --- building blocks ---------------------------------------------------------------------

    def _member(self, role, region, unit=None):
        user = UserFactory()
        MembershipFactory(user=user, role=role, region=region, unit=unit)
        return user

    def _campaign(self, region, slug, admin):
        campaign = CampaignFactory(region=region, slug=slug, year=2023)
        campaign_set_rules(campaign=campaign, **RULES)
        logo = SimpleUploadedFile("logo.png", image_bytes("PNG", (32, 32)), "image/png")
        campaign_set_logo(actor=admin, campaign=campaign, logo=check_logo(logo))
        return campaign

    def _hosted(self, campaign, seq, title, unit, actor) -> Hosted:
        """Scheduled, filed, held and reported with a photo, an attachment and a video."""
        activity = ActivityFactory(
            campaign=campaign, seq=seq, title=title, month_start=9, month_end=9
        )
        ActivityHostFactory(activity=activity, unit=unit, text=unit.name)
        held = D(2023, 9, 20)
        activity_schedule(actor=actor, activity=activity, on=held)
        activity_file(actor=actor, activity=activity, filing=filing_input(), on=D(2023, 9, 12))
        activity_mark_held(actor=actor, activity=activity, held_on=held, today=TODAY)
        video = check_video(SimpleUploadedFile("现场.mp4", MP4, "video/mp4"))
        report = report_input(held, attachments=[attachment()], video=video)
        activity_report(
            actor=actor, activity=activity, report=report, on=D(2023, 9, 25), today=TODAY
        )
        activity.refresh_from_db()
        return Hosted(
            activity=activity,
            filing=ActivityFiling.objects.get(activity=activity),
            photo=ReportPhoto.objects.get(report__activity=activity),
            attachment=ReportAttachment.objects.get(report__activity=activity),
        )

    def _declaration(self, campaign, unit, title):
        """Accepted, with the stamped scan (made by factories: the services would need the
        campaign back in its declaration phase)."""
        declaration = DeclarationFactory(
            campaign=campaign, unit=unit, state=DeclarationState.ACCEPTED
        )
        DeclarationItemFactory(
            declaration=declaration, seq=1, title=title, month_start=9, month_end=9
        )
        DeclarationItemFactory(declaration=declaration, seq=2, form_text="现场观摩")
        declaration.stamp.save("stamp.png", ContentFile(image_bytes("PNG")), save=False)
        declaration.stamp_name = "盖章申报表.png"
        declaration.save()
        return declaration

    def _notification(self, user):
        return NotificationFactory(recipient=user, occasion=f"test:{user.pk}", title="报备即将到期")

    def _failed_delivery(self, notification):
        return DeliveryFactory(
            notification=notification,
            channel=Channel.WEBHOOK,
            state=DeliveryState.FAILED,
            attempts=6,
            last_error="Webhook 无法连接",
        )

    def _merge(self, campaign, admin, declaration):
        merge = DeclarationMergeFactory(
            campaign=campaign, title="合并主题", month_start=9, month_end=9, created_by=admin
        )
        declaration.items.update(merged_into=merge)
        return merge
