from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from partnerplan.accounts.choices import AccessRole
from partnerplan.accounts.selectors import grantable_users


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account has been switched off. Ask your partnership manager.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"


class RoleGrantForm(forms.Form):
    user = forms.ModelChoiceField(
        label="Person with an account",
        queryset=None,  # type: ignore[arg-type]
        empty_label="Choose",
        error_messages={"required": "Choose whose role to set"},
    )
    role = forms.ChoiceField(
        choices=AccessRole.choices,
        widget=forms.RadioSelect,
        help_text="“No access” stops a role given on a partnership above from applying here.",
        error_messages={"required": "Choose a role"},
    )

    def __init__(self, *args: Any, manager: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = grantable_users(manager).select_related("organisation")
        self.fields["user"].label_from_instance = lambda u: (
            f"{u} ({u.organisation})" if u.organisation_id else str(u)
        )
