"""A select of thousands of options is written in Python, with the same GOV.UK markup
as the macro's, the chosen option kept and every name escaped."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from partnerplan.core.forms import LONG_SELECT
from partnerplan.core.testing.factories import SETUP, SmallFramework
from partnerplan.partnerships import services

pytestmark = pytest.mark.django_db


def test_a_long_select_keeps_the_choice_and_escapes_names(
    framework: SmallFramework, client_for: Callable[[Any], Client]
) -> None:
    for number in range(LONG_SELECT + 5):
        services.person_create(
            actor=SETUP, name=f"Person {number:03d}", organisation=framework.charity
        )
    tricky = services.person_create(actor=SETUP, name='Dee "<b>" O\'Neil & Sons')
    client = client_for(framework.users["manager"])
    url = f"/partnerships/{framework.board.pk}/members/new/"

    html = client.get(url).content.decode()
    select = re.search(r'<select class="govuk-select" id="id_person".*?</select>', html, re.S)
    assert select is not None
    options = re.findall(r"<option ", select.group(0))
    assert len(options) > LONG_SELECT
    assert "Dee &#34;&lt;b&gt;&#34; O&#39;Neil &amp; Sons" in select.group(0)
    assert "<b>" not in select.group(0)
    assert "__partnerplan_options__" not in html

    # A refused form shows the error in the GOV.UK way and keeps the person chosen.
    refused = client.post(url, {"person": tricky.pk, "role": "member", "sector": ""})
    assert refused.status_code == 400
    html = refused.content.decode()
    assert f'<option value="{tricky.pk}" selected>' in html
    assert 'class="govuk-form-group govuk-form-group--error"' in html
    assert "Choose the sector this member represents" in html
