"""Form pieces every app shares: owner-scoped choices, comma-separated lists, service errors on a form."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


class OwnerFormMixin:
    """Forms for the signed-in owner: every choice of a related row offers only the owner's own rows.

    Per-owner uniqueness is checked by the service that saves the row (full_clean() sees the owner);
    `add_errors` puts what it finds on the form.
    """

    owned_fields: dict[str, type] = {}

    def __init__(self, *args, owner, **kwargs):
        self.owner = owner
        super().__init__(*args, **kwargs)
        if isinstance(self, forms.ModelForm):
            self.instance.owner = owner
        for name, model in self.owned_fields.items():
            if name in self.fields:
                self.fields[name].queryset = model.objects.for_user(owner)


def add_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has it, else at the top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        target = name if name in form.fields or name == NON_FIELD_ERRORS else None
        form.add_error(target, errors)


class CommaListField(forms.CharField):
    """A comma-separated list of names (tags, people met): trimmed, de-duplicated ignoring case, bounded."""

    def __init__(self, *, noun: str, max_items: int, max_length_each: int, **kwargs):
        kwargs.setdefault("required", False)
        self.noun, self.max_items, self.max_length_each = noun, max_items, max_length_each
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        names, seen = [], set()
        for raw in (value or "").split(","):
            name = " ".join(raw.split())
            if not name or name.lower() in seen:
                continue
            if len(name) > self.max_length_each:
                raise forms.ValidationError(
                    f"“{name[:40]}…” is too long; keep each {self.noun} under {self.max_length_each} characters "
                    "and separate them with commas."
                )
            seen.add(name.lower())
            names.append(name)
        if len(names) > self.max_items:
            raise forms.ValidationError(f"Use at most {self.max_items} {self.noun}s.")
        return names
