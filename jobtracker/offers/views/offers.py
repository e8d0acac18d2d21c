from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from jobtracker.core.services import model_delete
from jobtracker.core.shortcuts import int_param, owned_or_404
from jobtracker.core.views import act, confirm_delete, form_page, submit
from jobtracker.offers import compensation, selectors, services, terms
from jobtracker.offers.forms import NegotiationForm, OfferForm, ScoreForm, ScoresForm
from jobtracker.offers.models import NegotiationEntry, Offer, Score
from jobtracker.pipeline.models import Application

OFFER_RELATED = ("application__position__institution", "application__position__season", "application__stage")


@login_required
def offer_list(request):
    currencies = selectors.currency_settings(user=request.user)
    offers = selectors.with_cash(selectors.offers_for_list(user=request.user), currencies=currencies)
    waiting = selectors.offers_to_record(user=request.user)
    context = {"offers": offers, "currencies": currencies, "waiting": waiting}
    return render(request, "offers/offer_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def offer_create(request):
    initial = {}
    application_id = int_param(request, "application")
    if application_id:
        application = owned_or_404(Application.objects.select_related("offer"), request, pk=application_id)
        existing = getattr(application, "offer", None)
        if existing is not None:
            messages.info(request, "This application already has an offer; here it is.")
            return redirect(existing)
        initial["application"] = application
        initial["city"] = application.position.institution.city
        if application.track == Application.Track.FACULTY:
            initial["salary_period"] = Offer.SalaryPeriod.NINE_MONTH
    form = OfferForm(request.POST or None, initial=initial, owner=request.user)
    created = submit(
        request,
        form,
        lambda data: services.create_offer(**data),
        message=lambda offer: f"Recorded the offer from {offer.institution_name}.",
        success=lambda offer: offer,
    )
    return created or form_page(request, form, title="Record an offer", cancel_url=reverse("offers:offer_list"))


def _detail(request, offer, negotiation_form=None, scores_form=None):
    criteria = list(selectors.criteria(user=request.user))
    scores = selectors.offer_scores(offer=offer)
    currencies = selectors.currency_settings(user=request.user)
    context = {
        "offer": offer,
        "cash": compensation.summarise(offer, base=currencies.base, rates=currencies.rates),
        "terms": terms.term_rows(offer),
        "negotiations": offer.negotiations.order_by("occurred_on", "pk"),
        "negotiation_form": negotiation_form or NegotiationForm(),
        "scores_form": scores_form or ScoresForm(criteria=criteria, scores=scores),
    }
    return render(request, "offers/offer_detail.html", context)


@login_required
def offer_detail(request, pk):
    return _detail(request, owned_or_404(Offer.objects.select_related(*OFFER_RELATED), request, pk=pk))


@login_required
@require_http_methods(["GET", "POST"])
def offer_edit(request, pk):
    offer = owned_or_404(Offer.objects.select_related(*OFFER_RELATED), request, pk=pk)
    form = OfferForm(request.POST or None, instance=offer, owner=request.user)
    saved = submit(
        request, form, lambda data: services.update_offer(offer=offer, data=data), message="Offer saved.", success=offer
    )
    return saved or form_page(
        request, form, title=f"Edit the offer from {offer.institution_name}", cancel_url=offer.get_absolute_url()
    )


@login_required
@require_http_methods(["GET", "POST"])
def offer_delete(request, pk):
    offer = owned_or_404(Offer.objects.select_related(*OFFER_RELATED), request, pk=pk)
    return confirm_delete(
        request,
        offer,
        success_url=reverse("offers:offer_list"),
        cancel_url=offer.get_absolute_url(),
        note="The application and its stage history are kept.",
        message=f"Deleted the {offer}; the application is kept.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def offer_negotiation(request, pk):
    """Add an entry to the negotiation log (the detail page holds the same form)."""
    offer = owned_or_404(Offer.objects.select_related(*OFFER_RELATED), request, pk=pk)
    form = NegotiationForm(request.POST or None)
    added = submit(
        request,
        form,
        lambda data: services.add_negotiation_entry(offer=offer, **data),
        message="Added to the negotiation log.",
        success=reverse("offers:offer_detail", args=[offer.pk]) + "#negotiation",
    )
    return added or form_page(
        request, form, title=f"Negotiation with {offer.institution_name}", cancel_url=offer.get_absolute_url()
    )


@login_required
@require_POST
def negotiation_delete(request, pk):
    entry = owned_or_404(NegotiationEntry, request, pk=pk)
    return act(
        request,
        lambda: model_delete(instance=entry),
        message="Removed the entry from the negotiation log.",
        success=reverse("offers:offer_detail", args=[entry.offer_id]) + "#negotiation",
    )


@login_required
@require_http_methods(["GET", "POST"])
def offer_scores(request, pk):
    """Score the offer on every criterion (the detail page holds the same form)."""
    offer = owned_or_404(Offer.objects.select_related(*OFFER_RELATED), request, pk=pk)
    criteria = selectors.criteria(user=request.user)
    data = request.POST if request.method == "POST" else None  # all unscored is a valid post
    form = ScoresForm(data, criteria=criteria, scores=selectors.offer_scores(offer=offer))
    saved = submit(
        request,
        form,
        lambda data: services.save_scores(offer=offer, scores=form.scores()),
        message=f"Saved the scores for {offer.institution_name}.",
        success=reverse("offers:offer_detail", args=[offer.pk]) + "#scores",
    )
    return saved or render(request, "offers/offer_scores.html", {"offer": offer, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def score_edit(request, pk):
    score = owned_or_404(
        Score.objects.select_related("criterion", "offer__application__position__institution"), request, pk=pk
    )
    form = ScoreForm(request.POST or None, initial={"value": score.value, "note": score.note})
    saved = submit(
        request,
        form,
        lambda data: services.save_scores(
            offer=score.offer, scores={score.criterion: (data["value"], data["note"].strip())}
        ),
        message=f"Saved the score for {score.criterion}.",
        success=reverse("offers:offer_compare"),
    )
    return saved or form_page(
        request,
        form,
        title=f"{score.offer.institution_name}: {score.criterion}",
        cancel_url=reverse("offers:offer_compare"),
    )
