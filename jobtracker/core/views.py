"""Views and view helpers every app shares: the form page, the delete confirmation, safe redirects."""

import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.crypto import constant_time_compare
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from jobtracker.core import health
from jobtracker.core.deletion import DeletePlan, delete_plan
from jobtracker.core.forms import add_errors
from jobtracker.core.services import CONFLICT, model_delete

ADD_ANOTHER = "_add_another"
# A local path and nothing else: no scheme, no host, no backslash, no whitespace or control characters.
LOCAL_PATH = re.compile(r"/(?!/)[A-Za-z0-9\-._~!$&'()*+,;=:@%/?#]*\Z")


def local_next(request) -> str:
    """The request's `next` when it is a path on this site, else ""."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if (
        len(target) <= 2000
        and LOCAL_PATH.match(target)
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return ""


def safe_next(request, fallback):
    """Redirect to the request's `next` when it is a path on this site, else to the fallback (a URL or object).

    `redirect()` would read a bare word as a URL name and fail; the fallback is the only thing passed to it.
    """
    target = local_next(request)
    return HttpResponseRedirect(target) if target else redirect(fallback)


def submit(request, form, save, *, message, success):
    """Handle a form's POST: when valid, `save(cleaned_data)` through a service and redirect.

    A ValidationError from the service lands on the form's fields. `message` and `success` (where to go:
    a URL or an object) may be functions of what `save` returned. Returns None when the form must be shown
    (a GET, or errors), so views read `return submit(...) or form_page(...)`.
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        saved = save(form.cleaned_data)
    except ValidationError as error:
        add_errors(form, error)
        return None
    except IntegrityError:  # a race no service foresaw: still a message on the form, never a server error
        add_errors(form, ValidationError(CONFLICT))
        return None
    messages.success(request, message(saved) if callable(message) else message)
    if ADD_ANOTHER in request.POST:  # "Save and add another": the same empty form, with what it was opened with
        return redirect(request.get_full_path())
    return redirect(success(saved) if callable(success) else success)


def act(request, action, *, message: str, success):
    """A one-click POST (remove a link, mark done, retry): run the service and go back to `success`.

    A ValidationError from the service (the row was deleted in another tab, say) becomes an error message;
    `action()` may return its own success message.
    """
    try:
        said = action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, said if isinstance(said, str) else message)
    return success if isinstance(success, HttpResponseRedirect) else redirect(success)


def form_page(
    request, form, *, title: str, cancel_url: str, template: str = "core/form.html", add_another=False, **extra
):
    """The one form page: a title, the form with its errors, Save and Cancel; 400 when the form has errors.

    The cursor starts in the first field, or in the first one with an error; a page that makes new rows can
    offer "Save and add another".
    """
    focus(form)
    context = {"form": form, "title": title, "cancel_url": cancel_url, "add_another": add_another, **extra}
    return render(request, template, context, status=400 if form.errors else 200)


def focus(form) -> None:
    """Autofocus the first field with an error, else the first visible field."""
    names = [name for name, field in form.fields.items() if not field.widget.is_hidden]
    wrong = [name for name in names if name in form.errors]
    target = (wrong or names or [None])[0]
    if target:
        form.fields[target].widget.attrs["autofocus"] = True


def confirm_delete(
    request,
    obj,
    *,
    success_url,
    cancel_url,
    delete=None,
    label=None,
    note: str = "",
    message: str = "",
    consequences: list[str] | None = None,
):
    """GET: what deleting `obj` takes with it. POST: delete it through the service and go to success_url.

    `delete(obj)` defaults to the generic model_delete; what it returns, if anything, is the message shown.
    The consequences are read from the cascade rules unless the service has its own (it keeps records).
    """
    label = label or str(obj)
    if request.method == "POST":
        try:  # protected rows, or the row gone meanwhile, come back from the service as a ValidationError
            said = (delete or (lambda row: model_delete(instance=row)))(obj)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(cancel_url)
        messages.success(request, said or message or f"Deleted {label}.")
        return redirect(success_url)
    plan = delete_plan(obj) if consequences is None else DeletePlan(consequences=consequences)
    if plan.blocked:
        messages.error(request, plan.blocked)
        return redirect(cancel_url)
    context = {"object": label, "consequences": plan.consequences, "note": note, "cancel_url": cancel_url}
    return render(request, "core/confirm_delete.html", context)


@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; the real icon is a static file."""
    return HttpResponsePermanentRedirect(static("jobtracker/favicon.svg"))


@require_GET
@never_cache
def healthz(request):
    """Liveness and database readiness for load balancers: cheap, public, no details."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:
        return JsonResponse({"status": "error", "database": str(exc.__class__.__name__)}, status=503)
    return JsonResponse({"status": "ok"})


@require_GET
@never_cache
def healthz_detail(request):
    """The full health report for an operator: staff, or a request carrying HEALTH_TOKEN.

    Answers 503 when anything is wrong (beat stopped, reminders late, broker or database down).
    """
    token = settings.HEALTH_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip() or request.GET.get("token", "")
    allowed = (token and constant_time_compare(given, token)) or getattr(request.user, "is_staff", False)
    if not allowed:
        return JsonResponse({"error": "Staff, or the health token, only."}, status=403)
    result = health.report()
    return JsonResponse(result, status=200 if result["ok"] else 503, json_dumps_params={"default": str})


@login_required
def help_page(request):
    return render(request, "core/help.html")
