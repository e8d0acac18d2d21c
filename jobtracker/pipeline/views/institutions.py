from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from jobtracker.core.shortcuts import owned_or_404, paginate
from jobtracker.pipeline import selectors, services
from jobtracker.pipeline.filters import InstitutionFilter
from jobtracker.pipeline.forms import InstitutionForm
from jobtracker.pipeline.models import Institution


@login_required
def institution_list(request):
    filterset = InstitutionFilter(
        request.GET, queryset=selectors.institutions_for_list(user=request.user), owner=request.user
    )
    page = paginate(request, filterset.qs)
    return render(request, "pipeline/institution_list.html", {"filter": filterset, "page": page})


@login_required
def institution_detail(request, pk):
    institution = owned_or_404(Institution.objects.prefetch_related("tags"), request, pk=pk)
    positions = institution.positions.select_related("season", "application__stage").order_by(
        "-season__start_year", "deadline_at"
    )
    return render(request, "pipeline/institution_detail.html", {"institution": institution, "positions": positions})


@login_required
@require_http_methods(["GET", "POST"])
def institution_form(request, pk=None):
    institution = owned_or_404(Institution, request, pk=pk) if pk else None
    form = InstitutionForm(request.POST or None, instance=institution, owner=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            institution = form.save()
            services.set_tags(owner=request.user, obj=institution, names=form.cleaned_data["tag_names"])
        messages.success(request, f"Saved {institution}.")
        return redirect(institution)
    title = f"Edit {institution}" if institution else "Add an institution"
    cancel_url = institution.get_absolute_url() if institution else reverse("pipeline:institution_list")
    return render(request, "pipeline/form.html", {"form": form, "title": title, "cancel_url": cancel_url})


@login_required
@require_http_methods(["GET", "POST"])
def institution_delete(request, pk):
    institution = owned_or_404(Institution, request, pk=pk)
    if request.method == "POST":
        name = str(institution)
        institution.delete()
        messages.success(request, f"Deleted {name} with its postings and applications.")
        return redirect("pipeline:institution_list")
    consequences = [f"{institution.positions.count()} posting(s) and their applications and stage history"]
    context = {"object": institution, "consequences": consequences, "cancel_url": institution.get_absolute_url()}
    return render(request, "pipeline/confirm_delete.html", context)
