from django.conf import settings
from django.db import models
from django.db.models import Q

from openday.core.models import TimeStampedModel
from openday.orgs.enums import RegionKind, RegionLevel, Role, UnitKind


class Region(TimeStampedModel):
    """A node of the province → city → county tree; each county-level region is a tenant."""

    name = models.CharField("名称", max_length=60)
    full_name = models.CharField("全称", max_length=120, blank=True)
    slug = models.SlugField("标识", max_length=60, unique=True)
    level = models.CharField("层级", max_length=16, choices=RegionLevel.choices)
    kind = models.CharField("类型", max_length=16, choices=RegionKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级地区",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialised path of ancestor ids ("/1/4/9/"), so a subtree is one indexed prefix query.
    path = models.CharField("路径", max_length=255, db_index=True, editable=False)

    class Meta:
        verbose_name = "地区"
        verbose_name_plural = "地区"
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="region_unique_name_in_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def short_prefix(self) -> str:
        """How its own documents refer to the region in unit names: 区, 县 or 市."""
        return self.name[-1] if self.name and self.name[-1] in "区县市州" else ""


class Office(TimeStampedModel):
    """The openness office (政务公开办) of a region."""

    region = models.OneToOneField(
        Region, verbose_name="地区", on_delete=models.CASCADE, related_name="office"
    )
    name = models.CharField("名称", max_length=120)
    short_name = models.CharField("简称", max_length=40, blank=True)
    contact_person = models.CharField("联系人", max_length=40, blank=True)
    phone = models.CharField("联系电话", max_length=40, blank=True)
    email = models.EmailField("电子邮箱", blank=True)

    class Meta:
        verbose_name = "政务公开办"
        verbose_name_plural = "政务公开办"

    def __str__(self) -> str:
        return self.name


class Unit(TimeStampedModel):
    """A department, street, town or township of a region that hosts activities."""

    region = models.ForeignKey(
        Region, verbose_name="地区", on_delete=models.PROTECT, related_name="units"
    )
    name = models.CharField("名称", max_length=120)
    kind = models.CharField("类型", max_length=16, choices=UnitKind.choices)
    is_active = models.BooleanField("在用", default=True)

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["region", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="unit_unique_name_in_region"),
        ]

    def __str__(self) -> str:
        return self.name


class UnitAlias(models.Model):
    """Another name a document uses for a unit ("区人社局" for 区人力资源社会保障局).

    ``key`` is the normalised form used for matching (see ``orgs.names.unit_key``); it is unique
    per region so a name never matches two units.
    """

    unit = models.ForeignKey(
        Unit, verbose_name="单位", on_delete=models.CASCADE, related_name="aliases"
    )
    region = models.ForeignKey(
        Region, verbose_name="地区", on_delete=models.CASCADE, related_name="+"
    )
    alias = models.CharField("别名", max_length=120)
    key = models.CharField("匹配键", max_length=120, editable=False)

    class Meta:
        verbose_name = "单位别名"
        verbose_name_plural = "单位别名"
        constraints = [
            models.UniqueConstraint(
                fields=["region", "key"], name="unit_alias_unique_key_in_region"
            ),
        ]

    def __str__(self) -> str:
        return self.alias


class Membership(TimeStampedModel):
    """What a person may do where: admin of a region's office, liaison of a unit, or viewer."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    region = models.ForeignKey(
        Region, verbose_name="地区", on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name="单位",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )

    class Meta:
        verbose_name = "角色分配"
        verbose_name_plural = "角色分配"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "region"],
                condition=Q(unit__isnull=True),
                name="membership_unique_region_role",
            ),
            models.UniqueConstraint(fields=["user", "unit"], name="membership_unique_unit"),
            models.CheckConstraint(
                condition=(Q(role=Role.UNIT_LIAISON) & Q(unit__isnull=False))
                | (~Q(role=Role.UNIT_LIAISON) & Q(unit__isnull=True)),
                name="membership_unit_iff_liaison",
            ),
        ]

    def __str__(self) -> str:
        where = self.unit or self.region
        return f"{self.user} · {self.get_role_display()} · {where}"


class Account(models.Model):
    """What the workbench keeps about a person's sign-in beyond Django's user.

    ``must_change_password``: the password was set by someone else (an office admin's
    temporary password), so the person changes it before anything else. A person without a
    row has nothing to change.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="openday_account",
    )
    must_change_password = models.BooleanField("首次登录须修改密码", default=False)

    class Meta:
        verbose_name = "账号设置"
        verbose_name_plural = "账号设置"

    def __str__(self) -> str:
        return str(self.user)


class RegionWebsite(TimeStampedModel):
    """What a government website must carry on every page (主办单位, 网站标识码, ICP and 公安
    备案号 …), set by the region's office and shown in the footer of its public column.

    A region without a row shows the platform's plain footer. The 纠错 link is stored only as
    an http(s) URL, so a "javascript:" link never reaches a page.
    """

    region = models.OneToOneField(
        Region, verbose_name="地区", on_delete=models.CASCADE, related_name="website"
    )
    sponsor = models.CharField("主办单位", max_length=100, blank=True)
    organizer = models.CharField("承办单位", max_length=100, blank=True)
    site_code = models.CharField("网站标识码", max_length=10, blank=True)
    icp_number = models.CharField("ICP备案号", max_length=60, blank=True)
    police_number = models.CharField("公安备案号", max_length=60, blank=True)
    contact = models.CharField("联系方式", max_length=200, blank=True)
    error_report_url = models.CharField("纠错链接", max_length=500, blank=True)

    class Meta:
        verbose_name = "网站信息"
        verbose_name_plural = "网站信息"
        constraints = [
            models.CheckConstraint(
                condition=Q(error_report_url="")
                | Q(error_report_url__startswith="http://")
                | Q(error_report_url__startswith="https://"),
                name="region_website_error_url_http",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region} 网站信息"
