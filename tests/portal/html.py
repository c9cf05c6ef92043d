"""Reading rendered pages in tests: lxml with a small ``.class`` / ``tag.class`` selector."""

from lxml import html as lxml_html


def parse(content: bytes):
    return lxml_html.fromstring(content.decode())


def _xpath(selector: str) -> str:
    path, child = ".", False
    for part in selector.split():
        if part == ">":
            child = True
            continue
        tag_and_id, *classes = part.split(".")
        tag, _, ident = tag_and_id.partition("#")
        step = tag or "*"
        step += "".join(
            f"[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]" for name in classes
        )
        if ident:
            step += f"[@id='{ident}']"
        path += ("/" if child else "//") + step
        child = False
    return path


def select(element, selector: str) -> list:
    """Elements matching a descendant chain such as ``"section.month .plan-item"``."""
    return element.xpath(_xpath(selector))


def text_of(element) -> str:
    return " ".join(element.text_content().split())
