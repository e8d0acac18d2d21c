from django import forms
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm

from jobtracker.accounts.models import User


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label="E-mail", widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "unconfirmed": "Confirm your address first: open the link we e-mailed you when you signed up. "
        "Lost it? Sign up again with the same address and we will send a new one.",
    }

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            if self._is_unconfirmed_with_this_password():
                raise forms.ValidationError(self.error_messages["unconfirmed"], code="unconfirmed") from None
            raise

    def _is_unconfirmed_with_this_password(self) -> bool:
        """Told only to someone who knows the password, so it reveals nothing about who has an account."""
        email, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        user = User.objects.filter(email__iexact=(email or "").strip(), is_active=False, last_login=None).first()
        return bool(user and password and user.check_password(password))


class SignupForm(UserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "time_zone")
        widgets = {"time_zone": forms.Select(attrs={"data-guess-timezone": "1"})}

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def validate_unique(self):
        """Whether the address is taken is told only to its inbox (see accounts.confirmation), never here."""


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ("full_name", "time_zone")
        labels = {"full_name": "Name"}
