from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from jobtracker.core.forms import add_errors
from jobtracker.core.services import model_delete
from jobtracker.core.shortcuts import owned_or_404
from jobtracker.core.views import act, confirm_delete, form_page, submit
from jobtracker.offers import selectors, services
from jobtracker.offers.forms import BaseCurrencyForm, CriterionForm, RateForm
from jobtracker.offers.models import Criterion, ExchangeRate

REBASE_MESSAGES = {
    "restated": "Your rates were restated in {base}.",
    "cleared": "You had no rate for {base}, so your old rates could not be restated; enter them again in {base}.",
}


@login_required
def offer_compare(request):
    comparison = selectors.comparison(user=request.user, show_all=request.GET.get("all") == "1")
    return render(request, "offers/compare.html", {"comparison": comparison})


@login_required
@require_http_methods(["GET", "POST"])
def criterion_list(request):
    form = CriterionForm(request.POST or None, owner=request.user)
    added = submit(
        request,
        form,
        lambda data: services.add_criterion(owner=request.user, **data),
        message=lambda criterion: f"Added “{criterion}”.",
        success=reverse("offers:criterion_list"),
    )
    if added:
        return added
    criteria = list(selectors.criteria_with_use(user=request.user))
    rows = [(c, CriterionForm(instance=c, owner=request.user, prefix=f"c{c.pk}")) for c in criteria]
    total = sum(c.weight for c in criteria)
    context = {"rows": rows, "form": form, "total_weight": total}
    return render(request, "offers/criterion_list.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def criterion_edit(request, pk):
    """Rename or reweight; the criteria page posts here from each row (prefixed), the page itself does not."""
    criterion = owned_or_404(Criterion, request, pk=pk)
    prefix = f"c{criterion.pk}" if f"c{criterion.pk}-name" in request.POST else None
    form = CriterionForm(request.POST or None, instance=criterion, owner=request.user, prefix=prefix)
    back = reverse("offers:criterion_list")
    saved = submit(
        request,
        form,
        lambda data: services.update_criterion(criterion=criterion, data=data),
        message=lambda saved: f"Saved “{saved}”.",
        success=back,
    )
    return saved or form_page(request, form, title=f"Edit “{criterion}”", cancel_url=back)


@login_required
@require_http_methods(["GET", "POST"])
def criterion_delete(request, pk):
    criterion = owned_or_404(Criterion, request, pk=pk)
    back = reverse("offers:criterion_list")
    return confirm_delete(
        request,
        criterion,
        success_url=back,
        cancel_url=back,
        label=f"the criterion “{criterion}”",
        message=f"Deleted “{criterion}” and its scores.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def offer_settings(request):
    """The comparison currency and the exchange rates the user enters (nothing is fetched from the network)."""
    currencies = selectors.currency_settings(user=request.user)
    which = request.POST.get("form") if request.method == "POST" else None
    base_form = BaseCurrencyForm(
        request.POST if which == "base" else None, initial={"base_currency": currencies.base}, prefix="base"
    )
    rate_form = RateForm(request.POST if which == "rate" else None, base=currencies.base, prefix="rate")
    if which == "base" and base_form.is_valid():
        base = base_form.cleaned_data["base_currency"]
        outcome = services.save_base_currency(user=request.user, base_currency=base)
        messages.success(request, f"Offers are now compared in {base}.")
        if outcome in REBASE_MESSAGES:
            messages.info(request, REBASE_MESSAGES[outcome].format(base=base))
        return redirect("offers:offer_settings")
    if which == "rate" and rate_form.is_valid():
        try:
            rate = services.set_rate(user=request.user, **rate_form.cleaned_data)
        except ValidationError as error:
            add_errors(rate_form, error)
        else:
            messages.success(request, f"Saved 1 {rate.currency} = {rate.rate.normalize():f} {currencies.base}.")
            return redirect("offers:offer_settings")
    context = {
        "currencies": currencies,
        "rates": selectors.exchange_rates(user=request.user),
        "base_form": base_form,
        "rate_form": rate_form,
        "offer_currencies": selectors.offer_currencies(user=request.user),
    }
    invalid = base_form.errors or rate_form.errors
    return render(request, "offers/settings.html", context, status=400 if invalid else 200)


@login_required
@require_POST
def rate_delete(request, pk):
    rate = owned_or_404(ExchangeRate, request, pk=pk)
    return act(
        request,
        lambda: model_delete(instance=rate),
        message=f"Removed the rate for {rate.currency}.",
        success="offers:offer_settings",
    )
