from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import urlsafe_base64_decode
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from jobtracker.accounts import services
from jobtracker.accounts.confirmation import confirmation_tokens
from jobtracker.accounts.forms import ProfileForm, SignupForm
from jobtracker.accounts.models import User
from jobtracker.core.views import local_next, submit


@sensitive_post_parameters("password1", "password2")
def signup(request):
    if request.user.is_authenticated:
        return redirect("front:dashboard")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.sign_up(
            email=data["email"],
            password=data["password1"],
            full_name=data["full_name"],
            time_zone=data["time_zone"],
            site=request.build_absolute_uri("/"),
        )
        return redirect("accounts:signup_sent")
    return render(request, "accounts/signup.html", {"form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def confirm(request, uidb64, token):
    """GET only shows a button: mail scanners open links, and must not use up the one confirmation."""
    try:
        user_id = int(urlsafe_base64_decode(uidb64).decode())
    except (ValueError, UnicodeDecodeError):
        user_id = None
    if request.method == "POST" and user_id is not None:
        user = services.confirm(user_id=user_id, token=token)
        if user is not None:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, "Address confirmed. Start by adding the institutions on your target list.")
            return redirect("front:dashboard")
    user = User.objects.filter(pk=user_id, is_active=False, last_login=None).first() if user_id else None
    usable = user is not None and confirmation_tokens.check_token(user, token)
    return render(request, "accounts/confirm.html", {"usable": usable}, status=200 if usable else 400)


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    saved = submit(
        request,
        form,
        lambda data: services.update_profile(user=request.user, data=data),
        message=lambda user: f"Profile saved. Dates are now shown in {user.time_zone}.",
        success="accounts:profile",
    )
    return saved or render(request, "accounts/profile.html", {"form": form}, status=400 if form.errors else 200)


class LocalNextMixin:
    """Django's own check lets a relative "-1" or "x y" through; only a path on this site is followed."""

    def get_redirect_url(self):
        return local_next(self.request)


class LoginView(LocalNextMixin, auth_views.LoginView):
    pass


class LogoutView(LocalNextMixin, auth_views.LogoutView):
    pass
