from django import forms
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm

from jobtracker.accounts.models import User


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label="E-mail", widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )


class SignupForm(UserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "time_zone")
        widgets = {"time_zone": forms.Select(attrs={"data-guess-timezone": "1"})}

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("An account with this e-mail already exists. Log in or reset your password.")
        return email


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ("full_name", "time_zone")
        labels = {"full_name": "Name"}
