"""The demo's typical experiences (典型经验): 天心区's published report of 2023 (第1号) was
recommended by the district office, selected by 长沙市's office with its comment and
forwarded to the province; a published report of 天心区's current year (the first one) is
recommended and waits for the city. Idempotent: an activity that already has a
recommendation is left as it is.
"""

from django.contrib.auth import get_user_model

from openday.activities.enums import ActivityState
from openday.activities.models import Activity
from openday.assessment.experiences import (
    experience_forward,
    experience_recommend,
    experience_select,
)
from openday.assessment.models import TypicalExperience
from openday.campaigns.models import Campaign

FORWARDED = (
    "tianxin-2023",
    1,
    "聚焦被征地农民社保政策，制作问答折页、设立咨询台一对一答疑，邀请人大代表、政协委员"
    "现场监督，发放资料300余份、解答咨询42人次，意见建议分类交办，做法可复制推广。",
    "活动组织规范、群众参与度高，同意选用并报送省政务公开办。",
)
RECOMMENDED_TEXT = (
    "活动贴近群众关切，现场解读与互动答疑相结合，材料齐全、宣传及时，推荐为典型经验。"
)


def _user(username: str):
    return get_user_model().objects.filter(username=username).first()


def load_demo_experiences(current_slug: str = "") -> list[str]:
    lines = []
    county, city = _user("tianxin-admin"), _user("changsha-admin")
    slug, seq, text, comment = FORWARDED
    activity = Activity.objects.filter(
        campaign__slug=slug, seq=seq, part_no=0, state=ActivityState.PUBLISHED
    ).first()
    if activity is not None and not TypicalExperience.objects.filter(activity=activity).exists():
        experience = experience_recommend(actor=county, activity=activity, text=text)
        experience = experience_select(actor=city, experience=experience, comment=comment)
        experience_forward(actor=city, experience=experience)
        lines.append(f"典型经验：{slug} 第{activity.ref}号已推荐、选用并报送省级。")
    current = Campaign.objects.filter(slug=current_slug).first() if current_slug else None
    if current is not None:
        activity = (
            Activity.objects.filter(campaign=current, state=ActivityState.PUBLISHED)
            .order_by("seq", "part_no")
            .first()
        )
        if activity is not None and not TypicalExperience.objects.filter(campaign=current).exists():
            experience_recommend(actor=county, activity=activity, text=RECOMMENDED_TEXT)
            lines.append(f"典型经验：{current.slug} 第{activity.ref}号已推荐，待市级选用。")
    return lines
