"""Taking plan rows of ``tests.portal.plans`` through the lifecycle for the public pages'
tests (calendar, feeds, sitemap, filters): announce with a public notice, hold, report and
publish — through the services, as the office would."""

import datetime as dt

from openday.activities.services import (
    activity_accept,
    activity_announce,
    activity_file,
    activity_mark_held,
    activity_publish,
    activity_report,
    activity_schedule,
)
from openday.orgs.enums import Role
from tests.activities.materials import filing_input, notice_input, report_input
from tests.factories import MembershipFactory


def office_admin(campaign):
    return MembershipFactory(role=Role.OFFICE_ADMIN, region=campaign.region).user


def row(campaign, seq: int):
    return campaign.activities.get(seq=seq, part_no=0)


def announce(admin, target, on: dt.date, **notice_fields):
    activity_schedule(actor=admin, activity=target, on=on, reason="按测试需要调整")
    activity_file(actor=admin, activity=target, filing=filing_input(), on=on)
    target.refresh_from_db()
    activity_announce(actor=admin, activity=target, notice=notice_input(target, **notice_fields))
    target.refresh_from_db()
    return target


def publish(admin, target, on: dt.date, **report_fields):
    """Announce ``target`` for ``on``, hold it, report and publish."""
    announce(admin, target, on)
    activity_mark_held(actor=admin, activity=target, today=on)
    activity_report(
        actor=admin, activity=target, report=report_input(on, **report_fields), today=on
    )
    activity_accept(actor=admin, activity=target)
    activity_publish(actor=admin, activity=target)
    target.refresh_from_db()
    return target
