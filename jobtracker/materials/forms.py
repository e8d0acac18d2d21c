from django import forms
from django.core.exceptions import ValidationError

from jobtracker.core.forms import OwnerFormMixin
from jobtracker.core.widgets import DateInput
from jobtracker.materials.models import (
    Document,
    DocumentKind,
    DocumentVersion,
    LetterRequest,
    Requirement,
    RequirementSet,
    RequirementSetItem,
)
from jobtracker.materials.uploads import ALLOWED, max_upload_bytes, vet_upload
from jobtracker.network.models import Contact
from jobtracker.pipeline.models import Institution

ACCEPT = ",".join(sorted(ALLOWED))


class UploadField(forms.FileField):
    """A file field that vets size, extension and content before anything is stored."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text", f"PDF, Word (.docx), text, Markdown or LaTeX; at most {max_upload_bytes() // 1048576} MB."
        )
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": ACCEPT}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            vet_upload(upload)
        return upload


class DocumentCreateForm(forms.Form):
    kind = forms.ChoiceField(choices=DocumentKind.choices)
    title = forms.CharField(max_length=200)
    file = UploadField(error_messages={"empty": "The file is empty."})
    label = forms.CharField(max_length=200, initial="v1", help_text='e.g. "v1, full length"')
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))


class VersionUploadForm(forms.Form):
    file = UploadField(error_messages={"empty": "The file is empty."})
    label = forms.CharField(max_length=200, help_text='e.g. "v3, shortened for liberal-arts colleges"')
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DocumentEditForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = ["kind", "title", "notes", "pinned_version"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        labels = {"pinned_version": "Current version"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["pinned_version"]
        field.queryset = DocumentVersion.objects.filter(document=self.instance, file_deleted_at__isnull=True)
        field.empty_label = "The newest version"
        field.label_from_instance = lambda v: f"{v.label} ({v.created_at:%d %b %Y})"


class RequirementForm(forms.ModelForm):
    class Meta:
        model = Requirement
        fields = ["kind", "page_limit", "note"]
        widgets = {"page_limit": forms.NumberInput(attrs={"min": 1, "max": 200})}
        labels = {"kind": "Material", "page_limit": "Page limit"}


class RequirementSetItemForm(RequirementForm):
    """The same line, kept in a set."""

    class Meta(RequirementForm.Meta):
        model = RequirementSetItem


def version_label(version: DocumentVersion) -> str:
    gone = " (file deleted)" if not version.is_available else ""
    return f"{version.document.title}: {version.label}{gone}"


class ChecklistForm(forms.Form):
    """One select per requirement: which version went (or will go) to this application."""

    def __init__(self, *args, rows, versions, **kwargs):
        super().__init__(*args, **kwargs)
        attached = [row.submission.version for row in rows if row.submission]
        offered = {v.pk: v for v in [*versions, *attached]}
        valid = DocumentVersion.objects.filter(pk__in=list(offered))
        for row in rows:
            kind = row.requirement.kind
            ordered = sorted(offered.values(), key=lambda v: (v.document.kind != kind, v.document.title, -v.pk))
            field = forms.ModelChoiceField(queryset=valid, required=False, label=str(row.requirement))
            # Choices from the versions already loaded, so the page costs no query per requirement.
            field.choices = [("", "— nothing attached —")] + [(v.pk, version_label(v)) for v in ordered]
            field.initial = row.submission.version_id if row.submission else None
            self.fields[self.field_name(row.requirement)] = field

    @staticmethod
    def field_name(requirement) -> str:
        return f"requirement_{requirement.pk}"


class LetterRequestForm(OwnerFormMixin, forms.ModelForm):
    owned_fields = {"writer": Contact}

    class Meta:
        model = LetterRequest
        fields = ["writer", "status", "asked_on", "due_date", "portal", "delivery", "confirmed_on", "notes"]
        widgets = {
            "asked_on": DateInput(),
            "due_date": DateInput(),
            "confirmed_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["writer"].queryset = self.fields["writer"].queryset.order_by("name")

    def clean(self):
        cleaned = super().clean()
        asked, confirmed = cleaned.get("asked_on"), cleaned.get("confirmed_on")
        if asked and confirmed and confirmed < asked:
            self.add_error("confirmed_on", "The confirmation cannot come before you asked.")
        if cleaned.get("status") == LetterRequest.Status.TO_ASK and asked:
            self.add_error("status", "You gave a date you asked on; set the status to Asked (or later).")
        return cleaned


class WriterForm(OwnerFormMixin, forms.ModelForm):
    owned_fields = {"institution": Institution}

    class Meta:
        model = Contact
        fields = ["name", "email", "title", "institution", "affiliation", "homepage", "time_zone", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("name", "").strip() and "name" not in self.errors:
            raise ValidationError({"name": "Give the writer's name."})
        return cleaned


class RequirementSetForm(forms.ModelForm):
    class Meta:
        model = RequirementSet
        fields = ["name", "letters"]
        widgets = {"letters": forms.NumberInput(attrs={"min": 0, "max": 10})}
        labels = {"name": "Name of the set", "letters": "Letters of recommendation"}
        help_texts = {"name": "e.g. “Faculty: CV, research, teaching, diversity”"}
