"""A letter's status changed in place (the letters matrix, a writer's page), and several at once."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jobtracker.core.shortcuts import owned_or_404
from jobtracker.core.views import safe_next
from jobtracker.materials import services
from jobtracker.materials.models import LetterRequest


def _status(request) -> str | None:
    status = request.POST.get("status", "")
    return status if status in LetterRequest.Status.values else None


@login_required
@require_POST
def letter_status(request, pk):
    """From the page (htmx) the answer is the cell itself, so the focus stays in it; otherwise back to the page."""
    letter = owned_or_404(
        LetterRequest.objects.select_related("writer", "application__position__institution"), request, pk=pk
    )
    status, error = _status(request), ""
    if status is None:
        error = "Choose one of the statuses."
    else:
        try:
            letter = services.set_letter_status(letter=letter, status=status)
        except ValidationError as problem:
            error = " ".join(problem.messages)
    if request.htmx:
        context = {
            "letter": letter,
            "who": letter.writer.name,
            "where": letter.application.position.institution.name,
            "error": error,
            "saved": not error,
            "statuses": LetterRequest.Status.choices,
        }
        return render(request, "materials/_letter_status_cell.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, f"The letter from {letter.writer} is now “{letter.get_status_display()}”.")
    return safe_next(request, reverse("materials:letter_matrix"))


@login_required
@require_POST
def letters_status(request):
    """Ticked letters set to one status, e.g. all of a writer's letters marked submitted."""
    ids = [int(value) for value in request.POST.getlist("letter") if value.isdigit()]
    status = _status(request)
    if not ids or status is None:
        messages.error(request, "Tick at least one letter and choose a status; nothing was changed.")
    else:
        changed = services.set_letters_status(owner=request.user, letter_ids=ids, status=status)
        label = LetterRequest.Status(status).label.lower()
        messages.success(request, f"{changed} letter{'s' if changed != 1 else ''} marked “{label}”.")
    return safe_next(request, reverse("materials:letter_matrix"))
