import contextlib
import datetime as dt
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from jobtracker.core.shortcuts import owned_or_404
from jobtracker.core.views import confirm_delete, form_page, submit
from jobtracker.interviews import selectors, services
from jobtracker.interviews.forms import InterviewForm, ItineraryItemForm
from jobtracker.interviews.models import Interview, ItineraryPerson
from jobtracker.pipeline.models import Application


@login_required
def interview_list(request):
    return render(request, "interviews/interview_list.html", {"overview": selectors.overview(user=request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def application_interview_create(request, pk):
    application = owned_or_404(Application.objects.select_related("position__institution", "stage"), request, pk=pk)
    initial = {"kind": request.GET["kind"]} if request.GET.get("kind") in Interview.Kind.values else {}
    form = InterviewForm(request.POST or None, initial=initial, owner=request.user, application=application)
    scheduled = submit(
        request,
        form,
        lambda data: services.schedule_interview(application=application, **data),
        message=lambda interview: (
            f"Scheduled the {interview.get_kind_display().lower()}"
            + (" and moved the application on." if form.cleaned_data.get("move_stage") else ".")
        ),
        success=lambda interview: interview,
    )
    return scheduled or form_page(
        request,
        form,
        title=f"Schedule an interview: {application.position.institution.name}",
        cancel_url=application.get_absolute_url(),
        template="interviews/interview_form.html",
    )


@login_required
@require_http_methods(["GET", "POST"])
def interview_detail(request, pk):
    """The round with its notes; for a visit, the itinerary by day and a form that adds an item (POST)."""
    interview = owned_or_404(selectors.interview_for_page(user=request.user, pk=pk), request, pk=pk)
    continuing = _next_item_initial(request, interview)
    form = ItineraryItemForm(request.POST or None, owner=request.user, interview=interview, initial=continuing)
    if continuing and not request.POST:
        form.fields["start_time"].widget.attrs["autofocus"] = True
    added = submit(
        request,
        form,
        lambda data: services.save_item(interview=interview, data=data),
        message=lambda item: f"Added {item.get_kind_display().lower()} at {item.start_time:%H:%M}.",
        success=_add_next_url,
    )
    if added:
        return added
    context = {
        "interview": interview,
        "application": interview.application,
        "itinerary": selectors.itinerary(interview=interview),
        "form": form,
        "thanks_choices": ItineraryPerson.ThankYou.choices,
    }
    return render(request, "interviews/interview_detail.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def interview_edit(request, pk):
    interview = owned_or_404(selectors.interview_for_page(user=request.user, pk=pk), request, pk=pk)
    form = InterviewForm(
        request.POST or None, instance=interview, owner=request.user, application=interview.application
    )
    saved = submit(
        request,
        form,
        lambda data: services.update_interview(interview=interview, data=data),
        message="Interview saved.",
        success=interview,
    )
    return saved or form_page(
        request,
        form,
        title=f"Edit {interview}",
        cancel_url=interview.get_absolute_url(),
        template="interviews/interview_form.html",
    )


@login_required
@require_http_methods(["GET", "POST"])
def interview_delete(request, pk):
    interview = owned_or_404(selectors.interview_for_page(user=request.user, pk=pk), request, pk=pk)
    return confirm_delete(
        request,
        interview,
        success_url=interview.application.get_absolute_url(),
        cancel_url=interview.get_absolute_url(),
        label=f"the interview ({interview})",
        note="The contacts themselves are kept.",
    )


def _add_next_url(item) -> str:
    """After adding an item, the form again for the next one: the same day, starting when this one ends."""
    after = item.end_time.strftime("%H:%M") if item.end_time else ""
    query = urlencode({"day": item.date.isoformat(), "after": after})
    return f"{item.interview.get_absolute_url()}?{query}#add-item"


def _next_item_initial(request, interview) -> dict:
    """The day and start time `_add_next_url` carries, if they make sense for this visit."""
    initial = {}
    try:
        day = dt.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return initial
    if interview.start_date <= day <= interview.last_day:
        initial["date"] = day
        with contextlib.suppress(ValueError):  # no end time: the start is left to type
            initial["start_time"] = dt.time.fromisoformat(request.GET.get("after", ""))
    return initial
