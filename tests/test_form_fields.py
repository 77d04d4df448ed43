"""Form fields are written in Python in GOV.UK Frontend's markup: every option drawn,
every name escaped, what the user chose kept, and errors shown beside the field."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from partnerplan.core.testing.factories import SETUP, SmallFramework
from partnerplan.partnerships import services

pytestmark = pytest.mark.django_db

TRICKY = 'Dee "<b>" O\'Neil & Sons'
TRICKY_ESCAPED = "Dee &#34;&lt;b&gt;&#34; O&#39;Neil &amp; Sons"


def organisation_select(html: str) -> str:
    found = re.search(
        r'<select class="govuk-select[^"]*" id="id_organisation".*?</select>', html, re.S
    )
    assert found is not None
    return found.group(0)


def test_a_long_select_lists_every_option_escaped(
    framework: SmallFramework, client_for: Callable[[Any], Client]
) -> None:
    for number in range(60):
        services.organisation_create(actor=SETUP, name=f"Trust {number:03d}", sector="statutory")
    services.organisation_create(actor=SETUP, name=TRICKY, sector="private")
    client = client_for(framework.users["manager"])

    select = organisation_select(client.get("/people/new/").content.decode())
    assert len(re.findall(r"<option ", select)) > 60
    assert TRICKY_ESCAPED in select
    assert "<b>" not in select
    assert 'value="" selected' not in select  # nothing is chosen for the user


def test_a_refused_form_keeps_the_choice_and_shows_the_error_beside_the_field(
    framework: SmallFramework, client_for: Callable[[Any], Client]
) -> None:
    tricky = services.organisation_create(actor=SETUP, name=TRICKY, sector="private")
    client = client_for(framework.users["manager"])

    refused = client.post("/people/new/", {"name": "", "organisation": tricky.pk})
    assert refused.status_code == 400
    html = refused.content.decode()
    assert f'<option value="{tricky.pk}" selected>{TRICKY_ESCAPED}</option>' in organisation_select(
        html
    )
    name_group = re.search(
        r'<div class="govuk-form-group govuk-form-group--error"><label class="govuk-label" '
        r'for="id_name">.*?</div>',
        html,
        re.S,
    )
    assert name_group is not None
    group = name_group.group(0)
    assert '<p id="id_name-error" class="govuk-error-message">' in group
    assert 'class="govuk-input govuk-input--error"' in group
    assert 'aria-describedby="id_name-error"' in group
    # The summary at the top links to the field.
    assert 'href="#id_name"' in html
