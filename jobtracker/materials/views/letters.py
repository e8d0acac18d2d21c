from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from jobtracker.core.csv_files import csv_response
from jobtracker.core.shortcuts import int_param, owned_or_404, paginate
from jobtracker.core.views import confirm_delete, form_page, local_next, submit
from jobtracker.materials import selectors, services
from jobtracker.materials import writer_list as writer_text
from jobtracker.materials.forms import LetterRequestForm, WriterForm
from jobtracker.materials.models import LetterRequest
from jobtracker.network.models import Contact
from jobtracker.pipeline import selectors as pipeline_selectors
from jobtracker.pipeline.models import Application

LETTERLESS_PAGE_SIZE = 20


@login_required
def letter_matrix(request):
    choice = pipeline_selectors.season_from_request(request)
    matrix = selectors.letter_matrix(user=request.user, season=choice.season)

    def rows(applications):
        return [(app, [(w, matrix.cell(app.pk, w.pk)) for w in matrix.writers]) for app in applications]

    # Applications without a request yet: a page at a time, and none loaded while there is no writer to ask.
    page = paginate(request, matrix.without_letters, per_page=LETTERLESS_PAGE_SIZE) if matrix.writers else None
    context = {
        "matrix": matrix,
        "rows": rows(matrix.applications),
        "page": page,
        "letterless_rows": rows(page.object_list) if page else [],
        "season": choice.season,
        "seasons": choice.seasons,
        "statuses": LetterRequest.Status.choices,
    }
    return render(request, "materials/letter_matrix.html", context)


def _checklist_url(application_id: int) -> str:
    return reverse("materials:application_checklist", args=[application_id])


@login_required
@require_http_methods(["GET", "POST"])
def application_letter_create(request, pk):
    application = owned_or_404(Application.objects.select_related("position__institution"), request, pk=pk)
    initial = {"due_date": application.position.deadline_date, "portal": application.position.portal}
    writer_id = int_param(request, "writer")
    if writer_id:
        initial["writer"] = Contact.objects.for_user(request.user).filter(pk=writer_id).first()
    form = LetterRequestForm(request.POST or None, initial=initial, owner=request.user)
    created = submit(
        request,
        form,
        lambda data: services.create_letter_request(application=application, **data),
        message=lambda letter: f"Added a letter request to {letter.writer}.",
        success=local_next(request) or _checklist_url(application.pk),  # the letters matrix sends people back to it
    )
    return created or form_page(
        request,
        form,
        title=f"Letter for {application}",
        cancel_url=_checklist_url(application.pk),
        template="materials/letter_form.html",
        no_writers=not Contact.objects.for_user(request.user).exists(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def letter_edit(request, pk):
    letter = owned_or_404(
        LetterRequest.objects.select_related("application__position__institution", "writer"), request, pk=pk
    )
    form = LetterRequestForm(request.POST or None, instance=letter, owner=request.user)
    saved = submit(
        request,
        form,
        lambda data: services.update_letter_request(letter=letter, data=data),
        message=lambda letter: f"Saved the letter from {letter.writer}.",
        success=_checklist_url(letter.application_id),
    )
    return saved or form_page(
        request,
        form,
        title=f"Letter from {letter.writer} for {letter.application}",
        cancel_url=_checklist_url(letter.application_id),
        template="materials/letter_form.html",
        letter=letter,
    )


@login_required
@require_http_methods(["GET", "POST"])
def letter_delete(request, pk):
    letter = owned_or_404(
        LetterRequest.objects.select_related("writer", "application__position__institution"), request, pk=pk
    )
    back = _checklist_url(letter.application_id)
    return confirm_delete(
        request, letter, success_url=back, cancel_url=back, message=f"Removed the letter request to {letter.writer}."
    )


@login_required
@require_http_methods(["GET", "POST"])
def writer_list(request):
    form = WriterForm(request.POST or None, owner=request.user, initial={"time_zone": ""})
    added = submit(
        request,
        form,
        lambda data: services.save_writer(owner=request.user, data=data),
        message=lambda writer: f"Added {writer} as a letter writer.",
        success=lambda writer: reverse("materials:writer_detail", args=[writer.pk]),
    )
    if added:
        return added
    context = {"writers": selectors.writers(user=request.user), "form": form}
    return render(request, "materials/writer_list.html", context, status=400 if form.errors else 200)


@login_required
def writer_detail(request, pk):
    writer = owned_or_404(Contact.objects.select_related("institution"), request, pk=pk)
    requests = list(selectors.writer_requests(writer=writer))
    context = {
        "writer": writer,
        "requests": requests,
        "text": writer_text.as_text(writer=writer, requests=requests),
        "statuses": LetterRequest.Status.choices,
    }
    return render(request, "materials/writer_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def writer_edit(request, pk):
    writer = owned_or_404(Contact, request, pk=pk)
    form = WriterForm(request.POST or None, instance=writer, owner=request.user)
    back = reverse("materials:writer_detail", args=[writer.pk])
    saved = submit(
        request,
        form,
        lambda data: services.save_writer(owner=request.user, data=data, writer=writer),
        message=lambda saved: f"Saved {saved}.",
        success=back,
    )
    return saved or form_page(request, form, title=f"Edit {writer}", cancel_url=back)


@login_required
def writer_requests_text(request, pk):
    writer = owned_or_404(Contact, request, pk=pk)
    text = writer_text.as_text(writer=writer, requests=selectors.writer_requests(writer=writer))
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="letters.txt"'
    return response


@login_required
def writer_requests_csv(request, pk):
    writer = owned_or_404(Contact, request, pk=pk)
    rows = writer_text.as_rows(writer=writer, requests=selectors.writer_requests(writer=writer))
    return csv_response(filename="letters.csv", header=writer_text.HEADER, rows=rows)
