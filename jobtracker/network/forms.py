from django import forms
from django.utils.text import Truncator

from jobtracker.core.forms import OwnerFormMixin
from jobtracker.core.widgets import DateInput
from jobtracker.network import importer
from jobtracker.network.models import TAG_FIELDS, TAG_LABELS, ApplicationContact, Contact, ContactImport, Interaction
from jobtracker.pipeline.models import Application, Institution

TAG_CHOICES = [(tag, TAG_LABELS[tag]) for tag in TAG_FIELDS]


class ContactForm(OwnerFormMixin, forms.ModelForm):
    owned_fields = {"institution": Institution}
    tags = forms.MultipleChoiceField(choices=TAG_CHOICES, required=False, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Contact
        fields = [
            "name",
            "email",
            "phone",
            "title",
            "institution",
            "affiliation",
            "department",
            "homepage",
            "scholar_id",
            "time_zone",
            "how_we_met",
            "notes",
            "other_names",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3}), "other_names": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tags"].initial = [tag for tag, name in TAG_FIELDS.items() if getattr(self.instance, name)]
        self.fields["institution"].help_text = "One of your target institutions, if they work at one."

    def contact_data(self) -> dict:
        """The cleaned data with the tags spelled out as the contact's boolean columns."""
        data = dict(self.cleaned_data)
        tags = data.pop("tags")
        data.update({name: tag in tags for tag, name in TAG_FIELDS.items()})
        return data


class InteractionForm(forms.ModelForm):
    class Meta:
        model = Interaction
        fields = ["happened_on", "channel", "summary", "follow_up_on", "follow_up_done"]
        widgets = {
            "happened_on": DateInput(),
            "follow_up_on": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        cleaned = super().clean()
        happened, follow_up = cleaned.get("happened_on"), cleaned.get("follow_up_on")
        if happened and follow_up and follow_up < happened:
            self.add_error("follow_up_on", "A follow-up cannot come before the interaction itself.")
        return cleaned


class ApplicationLinkForm(OwnerFormMixin, forms.ModelForm):
    owned_fields = {"application": Application}

    class Meta:
        model = ApplicationContact
        fields = ["application", "role", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = (
            Application.objects.for_user(self.owner)
            .select_related("position__institution")
            .order_by("position__institution__name")
        )


class ImportUploadForm(forms.Form):
    """The file is read and checked here, once; the view hands the result (cleaned_data["table"]) to the service."""

    file = forms.FileField(label="CSV file", widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}))

    MAX_BYTES = importer.MAX_BYTES

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            f"At most {importer.MAX_BYTES // 1048576} MB, {importer.MAX_ROWS:,} rows and {importer.MAX_COLUMNS} "
            f"columns, and no cell longer than {importer.MAX_CELL:,} characters."
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("Upload a .csv file.")
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError("The file is larger than 20 MB; split it into smaller files.")
        raw = upload.read()
        upload.seek(0)
        try:
            table = importer.scan_table(raw)
        except importer.ImportFileError as error:
            raise forms.ValidationError(str(error)) from None
        self.cleaned_data["table"] = table
        self.cleaned_data["header"], self.cleaned_data["rows"] = table.header, table.rows
        return upload


class MappingForm(forms.Form):
    """Which column holds which contact field (generic CSVs only)."""

    create_institutions = forms.BooleanField(
        required=False, label="Create the institutions that are not on my target list yet"
    )

    def __init__(self, *args, contact_import: ContactImport, **kwargs):
        super().__init__(*args, **kwargs)
        self.contact_import = contact_import
        if contact_import.format == ContactImport.Format.GENERIC:
            choices = [("", "— not in the file —")] + [
                (str(i), Truncator(name).chars(60) or f"column {i + 1}")
                for i, name in enumerate(contact_import.columns)
            ]
            for field in importer.FIELDS:
                self.fields[f"map_{field}"] = forms.TypedChoiceField(
                    choices=choices,
                    required=field in importer.REQUIRED,
                    coerce=int,
                    empty_value=None,
                    label=field.replace("_", " ").capitalize(),
                    initial=contact_import.mapping.get(field),
                )

    def clean(self):
        cleaned = super().clean()
        if self.contact_import.format == ContactImport.Format.GENERIC:
            chosen = [cleaned.get(f"map_{f}") for f in importer.FIELDS if cleaned.get(f"map_{f}") is not None]
            if len(chosen) != len(set(chosen)):
                raise forms.ValidationError("Each column can feed only one field.")
        return cleaned

    def mapping(self) -> dict[str, int]:
        if self.contact_import.format == ContactImport.Format.CSRANKINGS:
            return dict(importer.CSRANKINGS_MAPPING)
        return {
            f: self.cleaned_data[f"map_{f}"] for f in importer.FIELDS if self.cleaned_data.get(f"map_{f}") is not None
        }
