from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from jobtracker.core.shortcuts import owned_or_404
from jobtracker.offers import drafts, selectors, services
from jobtracker.offers.models import Offer
from jobtracker.offers.views.offers import OFFER_RELATED

CLOSED = (Offer.Status.DECLINED, Offer.Status.EXPIRED, Offer.Status.RESCINDED)


class AcceptForm(forms.Form):
    """Which of the other applications to withdraw (or, holding an offer, to decline). Only these change."""

    withdraw = forms.ModelMultipleChoiceField(queryset=None, required=False)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["withdraw"].queryset = candidates


@login_required
@require_http_methods(["GET", "POST"])
def offer_accept(request, pk):
    """Accept this offer and walk through the rest: withdraw or decline each open application the user ticks."""
    offer = owned_or_404(Offer.objects.select_related(*OFFER_RELATED), request, pk=pk)
    if offer.status in CLOSED:
        messages.error(request, f"This offer is {offer.get_status_display().lower()}; change its status to accept it.")
        return redirect(offer)
    candidates = selectors.accept_candidates(offer=offer)
    # Not `request.POST or None`: a confirmation with nothing ticked is still a confirmation.
    form = AcceptForm(request.POST if request.method == "POST" else None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        chosen = list(form.cleaned_data["withdraw"])
        try:
            result = services.accept_offer(offer=offer, withdraw=chosen, user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"Accepted the offer from {offer.institution_name}. Withdrew {len(result.withdrawn)} application(s) "
                f"and declined {len(result.declined)} offer(s); the drafted notes are in each application's history.",
            )
            return redirect(offer.application)
    rows = [
        (
            application,
            drafts.withdrawal_note(
                application=application, has_offer=getattr(application, "offer", None) is not None, user=request.user
            ),
        )
        for application in candidates
    ]
    ticked = {str(pk) for pk in form["withdraw"].value() or []} if form.is_bound else None
    context = {"offer": offer, "form": form, "rows": rows, "ticked": ticked}
    return render(request, "offers/accept.html", context, status=400 if form.errors else 200)
