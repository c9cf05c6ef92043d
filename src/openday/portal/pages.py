"""What every public page says about itself to search engines and link previews: the
``<meta name="description">`` and the Open Graph tags (og:title, og:description, og:url,
og:type), rendered by ``layouts/public.html`` from a ``PageMeta`` in the context.

URLs are absolute from ``settings.SITE_URL``, never from the request: the pages are cached and
shared by every visitor, whatever Host header each sent.
"""

from dataclasses import dataclass

from django.conf import settings

from openday.core.text import one_line

DESCRIPTION_CHARS = 120


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def short(text: str, limit: int = DESCRIPTION_CHARS) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    text = " ".join(one_line(text or "").split())
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


@dataclass(frozen=True)
class PageMeta:
    title: str
    description: str
    path: str
    kind: str = "website"  # og:type: "website" for lists and columns, "article" for pages
    feed_path: str = ""  # the Atom feed the page announces (<link rel="alternate">)

    @property
    def url(self) -> str:
        return absolute(self.path)

    @property
    def feed_url(self) -> str:
        return absolute(self.feed_path) if self.feed_path else ""


def page_meta(
    title: str, description: str, path: str, kind: str = "website", *, feed_path: str = ""
) -> PageMeta:
    return PageMeta(short(title, 200), short(description), path, kind, feed_path)
