from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from jobtracker.accounts.models import User
from jobtracker.core.shortcuts import owned_or_404
from jobtracker.core.views import act, submit
from jobtracker.reminders import emails, planning, selectors, services
from jobtracker.reminders.forms import ReminderSettingsForm
from jobtracker.reminders.models import Delivery
from jobtracker.reminders.registry import SOURCES


@login_required
@require_http_methods(["GET", "POST"])
def reminder_settings(request):
    form = ReminderSettingsForm(request.POST or None, instance=planning.current_settings(request.user))
    saved = submit(
        request,
        form,
        lambda data: services.save_settings(user=request.user, data=form.settings_data()),
        message="Reminder settings saved; upcoming reminders follow them within a minute.",
        success=reverse("reminders:settings"),
    )
    if saved:
        return saved
    context = {
        "form": form,
        **selectors.deliveries_overview(user=request.user),
        "labels": {kind: source.label for kind, source in SOURCES.items()},
    }
    return render(request, "reminders/settings.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def delivery_retry(request, pk):
    delivery = owned_or_404(Delivery, request, pk=pk)
    return act(
        request,
        lambda: services.retry(delivery=delivery),
        message="The reminder will be sent again within a minute.",
        success="reminders:settings",
    )


@csrf_exempt  # one-click unsubscribe (RFC 8058) posts from the mail client; the signed token is the authority
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    parsed = emails.read_unsubscribe_token(token)
    user = User.objects.filter(pk=parsed[0]).first() if parsed else None
    if user is None:
        return render(request, "reminders/unsubscribe.html", {"invalid": True}, status=400)
    kind = parsed[1]
    label = "all reminders" if kind == emails.ALL_KINDS else f"reminders about {SOURCES[kind].label.lower()}"
    if request.method == "POST":
        services.unsubscribe(user=user, kinds=list(SOURCES) if kind == emails.ALL_KINDS else [kind])
        return render(request, "reminders/unsubscribe.html", {"done": True, "label": label})
    return render(request, "reminders/unsubscribe.html", {"label": label, "email": user.email})
