from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from jobtracker.core.shortcuts import int_param, owned_or_404, paginate
from jobtracker.pipeline import selectors, services
from jobtracker.pipeline.filters import PositionFilter
from jobtracker.pipeline.forms import PositionForm
from jobtracker.pipeline.models import Institution, Position


@login_required
def position_list(request):
    filterset = PositionFilter(
        request.GET, queryset=selectors.positions_for_list(user=request.user), owner=request.user
    )
    page = paginate(request, filterset.qs)
    return render(request, "pipeline/position_list.html", {"filter": filterset, "page": page})


@login_required
def position_detail(request, pk):
    position = owned_or_404(
        Position.objects.select_related("institution", "season", "application__stage"), request, pk=pk
    )
    context = {"position": position, "requirements": position.requirements.order_by("pk")}
    return render(request, "pipeline/position_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def position_form(request, pk=None):
    position = owned_or_404(Position, request, pk=pk) if pk else None
    initial = {}
    if position is None:
        initial["season"] = services.current_season(user=request.user)
        institution_id = int_param(request, "institution")
        if institution_id:
            initial["institution"] = Institution.objects.for_user(request.user).filter(pk=institution_id).first()
    form = PositionForm(request.POST or None, instance=position, initial=initial, owner=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save()
            if position is None and form.cleaned_data.get("start_application"):
                services.create_application(owner=request.user, position=saved, track=saved.default_track)
        messages.success(request, f"Saved {saved}.")
        if position is None and form.cleaned_data.get("start_application"):
            return redirect(saved.application)
        return redirect(saved)
    title = f"Edit {position}" if position else "Add a posting"
    cancel_url = position.get_absolute_url() if position else reverse("pipeline:position_list")
    return render(request, "pipeline/form.html", {"form": form, "title": title, "cancel_url": cancel_url})


@login_required
@require_http_methods(["GET", "POST"])
def position_delete(request, pk):
    position = owned_or_404(Position, request, pk=pk)
    if request.method == "POST":
        name = str(position)
        position.delete()
        messages.success(request, f"Deleted {name}.")
        return redirect("pipeline:position_list")
    consequences = ["its application and the application's stage history"] if hasattr(position, "application") else []
    context = {"object": position, "consequences": consequences, "cancel_url": position.get_absolute_url()}
    return render(request, "pipeline/confirm_delete.html", context)
