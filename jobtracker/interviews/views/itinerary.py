from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from jobtracker.core.shortcuts import owned_or_404
from jobtracker.core.views import confirm_delete, form_page, submit
from jobtracker.interviews import selectors, services
from jobtracker.interviews.forms import ItineraryItemForm, ThankYouForm
from jobtracker.interviews.models import ItineraryItem, ItineraryPerson

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
    """The thank-you status of one person met; the itinerary posts here from a small form on each row."""
    person = owned_or_404(
        ItineraryPerson.objects.select_related("contact", "item__interview__application__position__institution"),
        request,
        pk=pk,
    )
    form = ThankYouForm(request.POST or None, instance=person)
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
