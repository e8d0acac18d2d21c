from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.debug import sensitive_post_parameters

from jobtracker.accounts import services
from jobtracker.accounts.forms import ProfileForm, SignupForm
from jobtracker.core.views import submit


@sensitive_post_parameters("password1", "password2")
def signup(request):
    if request.user.is_authenticated:
        return redirect("front:dashboard")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = services.sign_up(
            email=data["email"], password=data["password1"], full_name=data["full_name"], time_zone=data["time_zone"]
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Welcome! Start by adding the institutions on your target list.")
        return redirect("front:dashboard")
    return render(request, "accounts/signup.html", {"form": form})


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
