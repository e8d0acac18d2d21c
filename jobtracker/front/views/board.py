"""The applications board: a column per stage; a card moves by dragging or with its own "Move to…" form.

A move posts to application_board_move. Without JavaScript it redirects back to the board (same season,
scrolled to the card) with a message; from htmx it answers the re-rendered board and the message for the
board's live region, with an error status when nothing moved (board.js swaps those in too).
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jobtracker.core.services import CONFLICT
from jobtracker.front import board as board_selectors
from jobtracker.pipeline import selectors as pipeline_selectors
from jobtracker.pipeline import services as pipeline_services
from jobtracker.pipeline.models import Application, Stage

GONE = "That application no longer exists (deleted in another tab?); nothing was moved."
NO_STAGE = "Pick a stage to move the application to."
STAGE_GONE = "That stage no longer exists; the board now shows the stages there are."


@dataclass
class Notice:
    level: str  # a Bootstrap alert colour: success or danger
    text: str


@login_required
def application_board(request):
    return _board_page(request, pipeline_selectors.season_from_request(request))


@login_required
@require_POST
def application_board_move(request, pk):
    choice = pipeline_selectors.season_from_request(request)
    application = _owned_application(request, pk)
    if application is None:
        return _board_page(request, choice, Notice("danger", GONE), status=404)
    try:
        stage = _chosen_stage(request)
        pipeline_services.move_application(application=application, to_stage=stage)
    except ValidationError as error:
        return _answer(request, choice, application, Notice("danger", " ".join(error.messages)), status=400)
    except IntegrityError:  # a race the service did not foresee: a message, never a server error
        return _answer(request, choice, application, Notice("danger", CONFLICT), status=409)
    moved = f"Moved {application.position.institution.name} to {stage.name}."
    return _answer(request, choice, application, Notice("success", moved))


def _owned_application(request, pk) -> Application | None:
    return Application.objects.for_user(request.user).select_related("position__institution").filter(pk=pk).first()


def _chosen_stage(request) -> Stage:
    raw = request.POST.get("to_stage", "")
    if not raw:
        raise ValidationError(NO_STAGE)
    stage = None
    if raw.isascii() and raw.isdigit() and len(raw) <= 18:
        stage = board_selectors.owned_stage(user=request.user, pk=int(raw))
    if stage is None:  # deleted meanwhile, another user's, or not an id at all: the same answer
        raise ValidationError(STAGE_GONE)
    return stage


def _answer(request, choice, application, notice: Notice, status: int = 200):
    if request.htmx:
        return _board_page(request, choice, notice, status=status)
    level = messages.SUCCESS if notice.level == "success" else messages.ERROR
    messages.add_message(request, level, notice.text)
    return HttpResponseRedirect(f"{board_url(choice.season)}#card-{application.pk}")


def _board_page(request, choice, notice: Notice | None = None, status: int = 200):
    """The whole page; for a move posted by htmx, the board and the notice for its live region only."""
    board = board_selectors.board(user=request.user, choice=choice)
    context = {"board": board, "season": board.season, "seasons": board.seasons, "notice": notice}
    template = "front/_board_answer.html" if request.htmx and request.method == "POST" else "front/board.html"
    return render(request, template, context, status=status)


def board_url(season) -> str:
    url = reverse("front:application_board")
    return f"{url}?season={season.pk}" if season.pk else url
