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
from jobtracker.reminders.registry import MESSAGES, SOURCES


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
    """Stop a kind of reminder (or all) from a link in an e-mail, without logging in.

    The page names no address: whoever holds the link learns nothing from it. A link older than 60 days
    works only for its owner, logged in.
    """
    link = emails.read_unsubscribe_token(token)
    user = User.objects.filter(pk=link.user_id).first() if link else None
    if user is None:
        return render(request, "reminders/unsubscribe.html", {"invalid": True}, status=400)
    if link.expired and request.user.pk != user.pk:
        context = {"expired": True, "login": f"{reverse('accounts:login')}?next={request.path}"}
        return render(request, "reminders/unsubscribe.html", context, status=410)
    label = _unsubscribe_label(link.kind)
    if request.method == "POST":
        every_kind = [*SOURCES, *MESSAGES]
        services.unsubscribe(user=user, kinds=every_kind if link.kind == emails.ALL_KINDS else [link.kind])
        return render(request, "reminders/unsubscribe.html", {"done": True, "label": label})
    return render(request, "reminders/unsubscribe.html", {"label": label})


def _unsubscribe_label(kind: str) -> str:
    if kind == emails.ALL_KINDS:
        return "all reminders and recurring e-mails"
    if kind in MESSAGES:
        return f"the {MESSAGES[kind].label.lower()}"
    return f"reminders about {SOURCES[kind].label.lower()}"
