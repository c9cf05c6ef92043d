"""/api/v1/openapi.json: a valid OpenAPI 3.1 document, and every path it lists answers 200 on
demo-like data with a body its own schema accepts."""

import datetime as dt

import pytest
from django.urls import reverse
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate

from openday.activities.services.parts import parts_sync
from openday.orgs.enums import UnitKind
from openday.portal.api_schema import openapi_document
from tests.e2e.public_site import open_questionnaire
from tests.factories import UnitFactory
from tests.portal.plans import make_tianxin_campaign
from tests.portal.steps import announce, office_admin, publish, row

pytestmark = pytest.mark.django_db

SITE = "https://gongkai.example.gov.cn"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def demo_like():
    """A running campaign with a notice, a published report, a joint row with parts and an
    open questionnaire."""
    campaign = make_tianxin_campaign()
    admin = office_admin(campaign)
    open_questionnaire(admin, campaign)
    UnitFactory(region=campaign.region, name="坡子街街道办事处", kind=UnitKind.STREET)
    parts_sync(row(campaign, 23))
    announce(admin, row(campaign, 1), dt.date(2023, 3, 15))
    publish(admin, row(campaign, 2), dt.date(2023, 3, 20))
    return campaign


def test_the_document_is_valid_openapi():
    document = openapi_document()
    validate(document)
    assert document["openapi"] == "3.1.0"
    assert document["servers"] == [{"url": SITE}]


def test_the_document_is_served_as_json(client):
    response = client.get(reverse("portal-api:openapi"))
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json() == openapi_document()


def test_every_route_under_api_v1_is_documented():
    documented = set(openapi_document()["paths"])
    served = {
        reverse("portal-api:campaign-list"),
        reverse("portal-api:openapi"),
        *(
            reverse(f"portal-api:{name}", args=["SLUG"]).replace("SLUG", "{slug}")
            for name in (
                "campaign-detail",
                "campaign-plan",
                "campaign-notices",
                "campaign-reports",
                "campaign-questionnaires",
            )
        ),
    }
    assert documented == served


def _schema_of(document: dict, path: str) -> dict:
    schema = document["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
    # The whole document as the root, so "#/components/..." references resolve.
    return {**schema["schema"], "components": document["components"]}


@pytest.mark.parametrize("path", sorted(openapi_document()["paths"]))
def test_every_documented_path_answers_200_with_its_schema(client, demo_like, path):
    document = openapi_document()
    response = client.get(path.replace("{slug}", demo_like.slug))

    assert response.status_code == 200
    body = response.json()
    OAS31Validator(_schema_of(document, path)).validate(body)
    if path.endswith("/plan/"):
        assert body["count"] == 6
    if "results" in body:
        # Every list has something in it, so its items' schema is checked too.
        assert body["results"], path


def test_a_body_that_breaks_the_schema_is_caught(client, demo_like):
    """The schema check above can fail: a row without its ref does not pass."""
    path = "/api/v1/campaigns/{slug}/plan/"
    body = client.get(path.replace("{slug}", demo_like.slug)).json()
    del body["results"][0]["ref"]
    validator = OAS31Validator(_schema_of(openapi_document(), path))
    assert not validator.is_valid(body)
