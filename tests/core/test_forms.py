"""Shared form pieces: comma lists, owner-scoped choices, and service errors placed on the right field."""

import pytest
from django import forms
from django.core.exceptions import ValidationError

from jobtracker.core.forms import CommaListField, OwnerFormMixin, add_errors
from jobtracker.pipeline.models import Institution, Position
from tests.factories import InstitutionFactory


def test_a_comma_list_is_trimmed_and_deduplicated_ignoring_case():
    field = CommaListField(noun="tag", max_items=3, max_length_each=10)
    assert field.clean(" dream job, Dream  Job ,,west ") == ["dream job", "west"]
    assert field.clean("") == []


@pytest.mark.parametrize(
    ("value", "message"),
    [("a" * 11, "keep each tag under 10 characters"), ("a, b, c, d", "Use at most 3 tags.")],
)
def test_a_comma_list_refuses_long_names_and_long_lists(value, message):
    with pytest.raises(ValidationError, match=message):
        CommaListField(noun="tag", max_items=3, max_length_each=10).clean(value)


class PostingPick(OwnerFormMixin, forms.Form):
    owned_fields = {"institution": Institution}
    institution = forms.ModelChoiceField(queryset=Institution.objects.all())
    title = forms.CharField()


def test_an_owner_form_offers_only_the_owners_rows(owner, outsider):
    mine, theirs = InstitutionFactory(owner=owner), InstitutionFactory(owner=outsider)
    form = PostingPick({"institution": theirs.pk, "title": "x"}, owner=owner)
    assert list(form.fields["institution"].queryset) == [mine]
    assert not form.is_valid() and "institution" in form.errors


def test_service_errors_land_on_their_field_or_at_the_top():
    form = type("TitleForm", (forms.Form,), {"title": forms.CharField()})({"title": "x"})
    assert form.is_valid()
    error = ValidationError({"title": "Too vague.", "contact": "Gone.", "__all__": "Nothing was saved."})
    add_errors(form, error)
    assert form.errors["title"] == ["Too vague."]
    assert set(form.non_field_errors()) == {"Gone.", "Nothing was saved."}
    add_errors(form, ValidationError("Plain message."))
    assert "Plain message." in form.non_field_errors()


def test_position_is_a_posting_to_the_user():
    assert str(Position._meta.verbose_name) == "posting"
