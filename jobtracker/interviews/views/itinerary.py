from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jobtracker.core.shortcuts import owned_or_404
from jobtracker.core.views import act, confirm_delete, form_page, submit
from jobtracker.interviews import selectors, services
from jobtracker.interviews.forms import ItineraryItemForm, ThankYouForm
from jobtracker.interviews.models import Interview, ItineraryItem, ItineraryPerson

ITEM_RELATIONS = ("interview__application__position__institution", "interview__owner")


def day_url(item) -> str:
    """The visit page, scrolled to the item's day."""
    return f"{item.interview.get_absolute_url()}#day-{item.date:%Y-%m-%d}"


@login_required
@require_GET
def interview_print(request, pk):
    """The itinerary on paper: no navigation, no buttons in print, one page per day."""
    interview = owned_or_404(selectors.interview_for_page(user=request.user, pk=pk), request, pk=pk)
    context = {"interview": interview, "itinerary": selectors.itinerary(interview=interview)}
    return render(request, "interviews/itinerary_print.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request, pk):
    item = owned_or_404(ItineraryItem.objects.select_related(*ITEM_RELATIONS), request, pk=pk)
    form = ItineraryItemForm(request.POST or None, instance=item, owner=request.user, interview=item.interview)
    saved = submit(
        request,
        form,
        lambda data: services.save_item(interview=item.interview, item=item, data=data),
        message="Itinerary item saved.",
        success=day_url,
    )
    return saved or form_page(request, form, title=f"Edit {item}", cancel_url=day_url(item))


@login_required
@require_http_methods(["GET", "POST"])
def item_delete(request, pk):
    item = owned_or_404(ItineraryItem.objects.select_related(*ITEM_RELATIONS), request, pk=pk)
    back = day_url(item)
    return confirm_delete(
        request,
        item,
        success_url=back,
        cancel_url=back,
        note="The contacts themselves are kept.",
        delete=lambda row: services.delete_item(item=row),
        message=f"Deleted the {item.get_kind_display().lower()} at {item.start_time:%H:%M}.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_thanks(request, pk):
    """The thank-you status of one person met; each row of the itinerary posts here.

    From the page (htmx) the answer is the row itself, saved or with its error, so the page stays where it was
    and the focus stays in the row; without JavaScript it is a form post that goes back to the day.
    """
    person = owned_or_404(
        ItineraryPerson.objects.select_related("contact", "item__interview__application__position__institution"),
        request,
        pk=pk,
    )
    form = ThankYouForm(request.POST or None, instance=person)
    if request.htmx and request.method == "POST":
        return _thanks_row(request, person, form)
    saved = submit(
        request,
        form,
        lambda data: services.set_thank_you(
            person=person, status=data["thank_you_status"], sent_on=data["thank_you_sent_on"]
        ),
        message=lambda saved: f"Thank-you note to {saved.contact}: {saved.get_thank_you_status_display()}.",
        success=lambda saved: day_url(saved.item),
    )
    return saved or form_page(
        request, form, title=f"Thank-you note to {person.contact}", cancel_url=day_url(person.item)
    )


def _thanks_row(request, person, form):
    error = ""
    if form.is_valid():
        data = form.cleaned_data
        try:
            person = services.set_thank_you(
                person=person, status=data["thank_you_status"], sent_on=data["thank_you_sent_on"]
            )
        except ValidationError as problem:
            error = " ".join(problem.messages)
    else:
        error = " ".join(message for messages in form.errors.values() for message in messages)
    if error:
        person.refresh_from_db(fields=["thank_you_status", "thank_you_sent_on"])
    context = {
        "person": person,
        "forms": True,
        "thanks_choices": ItineraryPerson.ThankYou.choices,
        "error": error,
        "saved": not error,
    }
    return render(request, "interviews/_person_thanks.html", context)


@login_required
@require_POST
def thanks_all_sent(request, pk):
    """One click for the evening after a visit: every note still to send is sent today."""
    interview = owned_or_404(Interview, request, pk=pk)

    def mark():
        marked, later = services.mark_thanks_sent(interview=interview, on=timezone.localdate())
        said = f"Marked {marked} thank-you note{'s' if marked != 1 else ''} as sent today."
        return said + (f" {later} for meetings after today were left to send." if later else "")

    return act(request, mark, message="", success=f"{interview.get_absolute_url()}#itinerary")
