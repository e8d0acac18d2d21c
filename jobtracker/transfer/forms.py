from django import forms

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
