"""``{% column_experiences campaign reports as experiences %}``: the typical experiences the
county's public column lists under 典型经验 (``experiences.public_experiences``).

Only a published report can be one, so a column without published reports (``reports``, the
column's own list) asks nothing: the column's uncached render keeps its query count. The
column's HTML is cached by the campaign's content version, which each step that shows or
hides an experience bumps."""

from django import template

from openday.assessment.experiences import public_experiences

register = template.Library()


@register.simple_tag
def column_experiences(campaign, reports) -> list:
    if not reports:
        return []
    return list(public_experiences(campaign))
