"""Requirement sets (/materials/sets/): kept once, put on a posting in one click; and a posting's list copied
from another posting's or saved as a new set. The forms to apply and copy sit on the posting's requirements
page and on an application's checklist, and go back there (`next`)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from jobtracker.core.services import model_delete
from jobtracker.core.shortcuts import owned_or_404
from jobtracker.core.views import act, confirm_delete, form_page, safe_next, submit
from jobtracker.materials import requirement_sets as sets
from jobtracker.materials.forms import RequirementSetForm, RequirementSetItemForm
from jobtracker.materials.models import RequirementSet, RequirementSetItem
from jobtracker.pipeline.models import Position

LIST = "materials:requirementset_list"


def _back(position: Position) -> str:
    return reverse("materials:position_requirements", args=[position.pk])


@login_required
@require_http_methods(["GET", "POST"])
def requirementset_list(request):
    form = RequirementSetForm(request.POST or None)
    made = submit(
        request,
        form,
        lambda data: sets.create_set(owner=request.user, data=data),
        message=lambda made: f"Made the set “{made}”: now list its materials.",
        success=lambda made: made.get_absolute_url(),
    )
    if made:
        return made
    requirement_sets = RequirementSet.objects.for_user(request.user).prefetch_related("items")
    context = {"requirement_sets": requirement_sets, "form": form}
    return render(request, "materials/requirementset_list.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def requirementset_detail(request, pk):
    requirement_set = owned_or_404(RequirementSet, request, pk=pk)
    form = RequirementSetItemForm(request.POST or None)
    added = submit(
        request,
        form,
        lambda data: sets.add_item(requirement_set=requirement_set, data=data),
        message=lambda item: f"Added “{item}”.",
        success=requirement_set.get_absolute_url(),
    )
    if added:
        return added
    context = {"requirement_set": requirement_set, "items": requirement_set.items.all(), "form": form}
    return render(request, "materials/requirementset_detail.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def requirementset_edit(request, pk):
    requirement_set = owned_or_404(RequirementSet, request, pk=pk)
    form = RequirementSetForm(request.POST or None, instance=requirement_set)
    saved = submit(
        request,
        form,
        lambda data: sets.update_set(requirement_set=requirement_set, data=data),
        message="Saved.",
        success=requirement_set.get_absolute_url(),
    )
    return saved or form_page(
        request, form, title=f"Rename “{requirement_set}”", cancel_url=requirement_set.get_absolute_url()
    )


@login_required
@require_http_methods(["GET", "POST"])
def requirementset_delete(request, pk):
    requirement_set = owned_or_404(RequirementSet, request, pk=pk)
    return confirm_delete(
        request,
        requirement_set,
        success_url=reverse(LIST),
        cancel_url=requirement_set.get_absolute_url(),
        note="Postings it was put on keep their requirements.",
    )


@login_required
@require_POST
def setitem_delete(request, pk):
    item = owned_or_404(RequirementSetItem.objects.select_related("requirement_set"), request, pk=pk)
    back = item.requirement_set.get_absolute_url()
    return act(request, lambda: model_delete(instance=item), message=f"Removed “{item}”.", success=back)


@login_required
@require_POST
def position_apply_set(request, pk):
    position = owned_or_404(Position, request, pk=pk)
    chosen = RequirementSet.objects.for_user(request.user).filter(pk=_number(request, "requirement_set")).first()
    if chosen is None:
        messages.error(request, "Choose one of your sets; nothing was added.")
    else:
        added = sets.apply_set(position=position, requirement_set=chosen)
        messages.success(request, _added(added, f"from “{chosen}”"))
    return safe_next(request, _back(position))


@login_required
@require_POST
def position_copy_requirements(request, pk):
    position = owned_or_404(Position, request, pk=pk)
    others = Position.objects.for_user(request.user).exclude(pk=position.pk)
    source = others.select_related("institution").filter(pk=_number(request, "source")).first()
    if source is None:
        messages.error(request, "Choose another of your postings to copy from; nothing was added.")
    else:
        added = sets.copy_requirements(source=source, target=position)
        messages.success(request, _added(added, f"copied from {source}"))
    return safe_next(request, _back(position))


@login_required
@require_POST
def position_save_set(request, pk):
    position = owned_or_404(Position, request, pk=pk)
    form = RequirementSetForm({"name": request.POST.get("name", ""), "letters": position.letters_required})
    if not position.requirements.exists():
        messages.error(request, "This posting lists no materials yet, so there is nothing to keep as a set.")
    elif not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors) + " Nothing was saved.")
    else:
        made = _save_set(request, position, form.cleaned_data["name"])
        if made:
            return redirect(made.get_absolute_url())
    return redirect(_back(position))


def _save_set(request, position: Position, name: str) -> RequirementSet | None:
    try:
        made = sets.set_from_position(position=position, name=name)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages) + " Nothing was saved.")
        return None
    messages.success(request, f"Kept what {position.institution.name} asks for as the set “{made}”.")
    return made


def _number(request, name: str) -> int | None:
    value = request.POST.get(name, "")
    return int(value) if value.isdigit() else None


def _added(count: int, where: str) -> str:
    if not count:
        return f"Nothing new {where}: the posting already asks for all of it."
    return f"Added {count} material{'s' if count != 1 else ''} {where}."
