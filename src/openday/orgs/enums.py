from django.db import models


class RegionLevel(models.TextChoices):
    PROVINCE = "province", "省"
    CITY = "city", "市（州）"
    COUNTY = "county", "县（市、区）"


class RegionKind(models.TextChoices):
    PROVINCE = "province", "省"
    CITY = "city", "地级市"
    PREFECTURE = "prefecture", "自治州"
    DISTRICT = "district", "市辖区"
    COUNTY = "county", "县"
    COUNTY_CITY = "county_city", "县级市"
    NEW_AREA = "new_area", "国家级新区"


class UnitKind(models.TextChoices):
    DEPARTMENT = "department", "部门"
    STREET = "street", "街道"
    TOWN = "town", "镇"
    TOWNSHIP = "township", "乡"
    OTHER = "other", "其他"


class UnitGroup(models.TextChoices):
    """A host written as a group ("各街道办事处") stands for every unit of those kinds."""

    ALL_STREETS = "all_streets", "各街道"
    ALL_TOWNS = "all_towns", "各乡镇"
    ALL_TOWNS_AND_STREETS = "all_towns_and_streets", "各乡镇（街道）"
    ALL_DEPARTMENTS = "all_departments", "各部门"
    ALL_UNITS = "all_units", "各单位"


GROUP_KINDS: dict[str, tuple[str, ...]] = {
    UnitGroup.ALL_STREETS: (UnitKind.STREET,),
    UnitGroup.ALL_TOWNS: (UnitKind.TOWN, UnitKind.TOWNSHIP),
    UnitGroup.ALL_TOWNS_AND_STREETS: (UnitKind.TOWN, UnitKind.TOWNSHIP, UnitKind.STREET),
    UnitGroup.ALL_DEPARTMENTS: (UnitKind.DEPARTMENT,),
    UnitGroup.ALL_UNITS: tuple(UnitKind.values),
}


class Role(models.TextChoices):
    OFFICE_ADMIN = "office_admin", "公开办管理员"
    UNIT_LIAISON = "unit_liaison", "单位联络员"
    SUPERIOR_VIEWER = "superior_viewer", "上级公开办（只读）"
