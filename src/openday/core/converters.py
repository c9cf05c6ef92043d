"""Path converters of both front ends' URLs: the formats a download is offered in, photo
sizes and months. ``register_converters`` registers each once, whichever urlconf loads first."""

from django.urls import register_converter
from django.urls.converters import get_converters


class _Choice:
    """A path segment that is one of a fixed set of words; anything else is no match (404)."""

    regex = ""

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class ExportFormatConverter(_Choice):
    """The plan's export."""

    regex = "xlsx|docx|csv"


class DeclarationFormatConverter(_Choice):
    """One declaration's export."""

    regex = "xlsx|docx"


class BannerFormatConverter(_Choice):
    regex = "docx|txt"


class PhotoSizeConverter(_Choice):
    regex = "full|thumb"


class MonthConverter:
    """A month as two digits in URLs ("2023-06"); 00 and 13 are no month, so no match (404)."""

    regex = "[0-9]{2}"

    def to_python(self, value: str) -> int:
        month = int(value)
        if not 1 <= month <= 12:
            raise ValueError(value)
        return month

    def to_url(self, value) -> str:
        return f"{int(value):02d}"


class ActivityRefConverter:
    """An activity in URLs: its 序号 ("23"), or a part of a joint row ("23-2")."""

    regex = "[0-9]{1,9}(?:-[0-9]{1,4})?"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(value)


CONVERTERS = {
    "activityref": ActivityRefConverter,
    "exportfmt": ExportFormatConverter,
    "declfmt": DeclarationFormatConverter,
    "bannerfmt": BannerFormatConverter,
    "photosize": PhotoSizeConverter,
    "twodigitmonth": MonthConverter,
}


def register_converters() -> None:
    registered = get_converters()
    for name, converter in CONVERTERS.items():
        if name not in registered:
            register_converter(converter, name)
