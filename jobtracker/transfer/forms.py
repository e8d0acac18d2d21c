from django import forms

from jobtracker.accounts.timezones import timezone_choices
from jobtracker.core.sizes import too_large_message
from jobtracker.network.importer import ImportFileError
from jobtracker.transfer import sheet_plan, tables
from jobtracker.transfer.storage import max_restore_upload_bytes


class RestoreUploadForm(forms.Form):
    file = forms.FileField(
        label="Backup file",
        help_text="A .zip made by “Back up everything”, on this server or another one.",
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size == 0:
            raise forms.ValidationError("The file is empty.")
        return upload

    @staticmethod
    def limit() -> int:
        return max_restore_upload_bytes()


class LeaveForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="Deleting cannot be undone.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password; nothing was deleted.")
        return password


class SheetUploadForm(forms.Form):
    """The file is read and checked here, once; the view hands the table to the service."""

    file = forms.FileField(
        label="Spreadsheet (CSV or XLSX)",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
        help_text=f"A header row, then one application per row. At most {tables.MAX_ROWS:,} rows and "
        f"{tables.MAX_BYTES // 1048576} MB.",
    )
    time_zone = forms.ChoiceField(
        label="Time zone of the file", help_text="For dates and times in the file that do not name their zone."
    )
    create_institutions = forms.BooleanField(
        label="Create the institutions that are not on my list yet", required=False, initial=True
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = timezone_choices()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > tables.MAX_BYTES:
            raise forms.ValidationError(too_large_message(upload.size, tables.MAX_BYTES))
        raw = upload.read()
        upload.seek(0)
        try:
            self.cleaned_data["table"] = tables.read_table(raw, name=upload.name or "")
        except ImportFileError as error:
            raise forms.ValidationError(str(error)) from None
        return upload


class SheetChoicesForm(forms.Form):
    """Which column holds which field, the file's zone, and whether to create institutions."""

    time_zone = forms.ChoiceField(label="Time zone of the file")
    create_institutions = forms.BooleanField(
        label="Create the institutions that are not on my list yet", required=False
    )

    def __init__(self, *args, sheet, **kwargs):
        initial = {
            "time_zone": sheet.time_zone,
            "create_institutions": sheet.create_institutions,
            **{f"column_{name}": str(index) for name, index in sheet.mapping.items()},
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["time_zone"].choices = timezone_choices()
        columns = [("", "(none)"), *((str(i), name or f"column {i + 1}") for i, name in enumerate(sheet.columns))]
        for name, (label, _guesses) in sheet_plan.FIELDS.items():
            self.fields[f"column_{name}"] = forms.ChoiceField(label=label, choices=columns, required=False)

    def clean(self):
        cleaned = super().clean()
        mapping = {name: int(cleaned[f"column_{name}"]) for name in sheet_plan.FIELDS if cleaned.get(f"column_{name}")}
        if "institution" not in mapping:
            self.add_error("column_institution", "Choose the column that names the institution.")
        used = list(mapping.values())
        if len(used) != len(set(used)):
            raise forms.ValidationError("Each column can hold one field only.")
        cleaned["mapping"] = mapping
        return cleaned
