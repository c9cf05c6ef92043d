"""A notice's facts as a campaign keeps them.

``campaign_fields`` gives ``Campaign`` field values (start month, column name, contact and
``notice_facts``, whose shape ``Campaign.notice_facts`` documents); ``rules_fields`` the
``CampaignRules`` the prose sets (banner templates with their placeholders, the theme areas as
theme categories, the on-site marks). The page that opens a campaign pre-fills its form from
these; the demo opens its campaigns with them.
"""

from openday.importers.notice import NoticeFacts
from openday.importers.notice.prose import banner_placeholders

# The facts kept in ``Campaign.notice_facts`` (the others have fields of their own).
NOTICE_FACT_KEYS = (
    "addressees",
    "logo_required",
    "logo_on_photos",
    "report_contents",
    "recipient",
    "column_site",
    "assessment",
    "basis_documents",
)
# Whose sentences are kept under ``notice_facts["sources"]``.
KEPT_SOURCES = (
    *NOTICE_FACT_KEYS,
    "contact",
    "column_name",
    "starts_on",
    "theme_areas",
    "banner_templates",
)


def document_label(document: dict) -> str:
    """《title》（number）, as a notice cites a document."""
    number = f"（{document['number']}）" if document.get("number") else ""
    return f"《{document['title']}》{number}"


def kept_sources(sources: dict[str, str]) -> dict[str, str]:
    return {key: sources[key] for key in KEPT_SOURCES if key in sources}


def notice_facts_field(values: dict, sources: dict[str, str]) -> dict:
    """``Campaign.notice_facts``: the stated values (silent ones left out) and their sentences."""
    kept = {key: values[key] for key in NOTICE_FACT_KEYS if values.get(key) not in (None, "", [])}
    return {**kept, "sources": kept_sources(sources)}


def campaign_fields(facts: NoticeFacts) -> dict:
    contact = facts.contact or {}
    return {
        "starts_on": facts.starts_on,
        "column_title": facts.column_name or "",
        "contact_name": contact.get("name") or "",
        "contact_phone": contact.get("phone") or "",
        "contact_email": contact.get("email") or "",
        "notice_facts": notice_facts_field(
            {key: getattr(facts, key) for key in NOTICE_FACT_KEYS}, facts.sources
        ),
    }


def rules_fields(facts: NoticeFacts) -> dict:
    return {
        "banner_templates": [banner_placeholders(t, facts.year) for t in facts.banner_templates],
        "declaration_categories": list(facts.theme_areas),
        "site_requirements": facts.sources.get("site_requirements", ""),
    }
