import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from jobtracker.accounts.models import User
from jobtracker.core.shortcuts import owned_or_404
from jobtracker.reminders import calendar, emails, planning, tasks
from jobtracker.reminders.forms import ReminderSettingsForm
from jobtracker.reminders.models import Delivery
from jobtracker.reminders.registry import SOURCES

AGENDA_DAYS = 60


@login_required
def calendar_page(request):
    today = calendar.today_for(request.user)
    start = today - dt.timedelta(days=7) if request.GET.get("past") == "1" else today
    context = {
        "agenda": calendar.agenda(user=request.user, start=start, days=AGENDA_DAYS + (today - start).days),
        "today": today,
        "days": AGENDA_DAYS,
    }
    return render(request, "reminders/calendar.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def reminder_settings(request):
    current = planning.settings_for(request.user)
    form = ReminderSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        form.save()
        user_id = request.user.pk
        transaction.on_commit(lambda: tasks.plan_user.delay(user_id))
        messages.success(request, "Reminder settings saved; upcoming reminders follow them within a minute.")
        return redirect("reminders:settings")
    deliveries = Delivery.objects.for_user(request.user)
    context = {
        "form": form,
        "upcoming": deliveries.filter(status=Delivery.Status.PENDING).order_by("send_at")[:15],
        "failed": deliveries.filter(status=Delivery.Status.FAILED).order_by("-updated_at")[:50],
        "sent": deliveries.filter(status=Delivery.Status.SENT).order_by("-sent_at")[:10],
        "labels": {kind: source.label for kind, source in SOURCES.items()},
    }
    return render(request, "reminders/settings.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def delivery_retry(request, pk):
    delivery = owned_or_404(Delivery, request, pk=pk)
    retried = Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.FAILED).update(
        status=Delivery.Status.PENDING, attempts=0, send_at=timezone.now()
    )
    if retried:
        messages.success(request, "The reminder will be sent again within a minute.")
    return redirect("reminders:settings")


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
        current = planning.settings_for(user)
        kinds = list(SOURCES) if kind == emails.ALL_KINDS else [kind]
        current.disabled_kinds = sorted(set(current.disabled_kinds) | set(kinds))
        current.save(update_fields=["disabled_kinds", "updated_at"])
        Delivery.objects.filter(owner=user, kind__in=kinds, status=Delivery.Status.PENDING).update(
            status=Delivery.Status.CANCELLED
        )
        return render(request, "reminders/unsubscribe.html", {"done": True, "label": label})
    return render(request, "reminders/unsubscribe.html", {"label": label, "email": user.email})
