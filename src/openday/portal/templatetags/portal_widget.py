"""``{% widget_snippet campaign.slug %}``: the tag a county portal pastes to embed the column
(``portal.widget``), as the column page shows it under 嵌入本专栏."""

from django import template

from openday.portal.widget import widget_snippet as _snippet

register = template.Library()


@register.simple_tag
def widget_snippet(slug: str) -> str:
    # simple_tag escapes the result: the page shows the tag as text, to copy.
    return _snippet(slug)
