"""Requirement sets: a user's usual materials, kept once and put on postings in one click; and copying what one
posting asks for onto another. Writes only, like services.py; views call these.

Putting a list on a posting adds what it does not ask for yet and leaves alone what it does (the same material
with the same note), so applying twice, or a set and then a copy, never doubles a line.
"""

from collections.abc import Iterable

from django.db import transaction

from jobtracker.core.services import lock_rows, model_create, model_update
from jobtracker.materials.models import Requirement, RequirementSet, RequirementSetItem
from jobtracker.pipeline import services as pipeline_services
from jobtracker.pipeline.models import Position

LINE_FIELDS = ("kind", "page_limit", "note")


def _key(line) -> tuple[str, str]:
    return line.kind, line.note.strip().lower()


def _put_on(position: Position, lines: Iterable) -> int:
    """Add each line the posting does not ask for yet; returns how many were added."""
    lock_rows([position])
    present = {_key(requirement) for requirement in position.requirements.all()}
    added = 0
    for line in lines:
        if _key(line) in present:
            continue
        data = {name: getattr(line, name) for name in LINE_FIELDS}
        model_create(model=Requirement, data=data, owner_id=position.owner_id, position=position)
        present.add(_key(line))
        added += 1
    return added


@transaction.atomic
def apply_set(*, position: Position, requirement_set: RequirementSet) -> int:
    added = _put_on(position, requirement_set.items.all())
    if requirement_set.letters is not None and position.letters_required != requirement_set.letters:
        pipeline_services.save_position(
            owner=position.owner, position=position, data={"letters_required": requirement_set.letters}
        )
    return added


@transaction.atomic
def copy_requirements(*, source: Position, target: Position) -> int:
    """What `source` asks for, onto `target` (its letters too); both are the same user's."""
    added = _put_on(target, source.requirements.all())
    if target.letters_required != source.letters_required:
        pipeline_services.save_position(
            owner=target.owner, position=target, data={"letters_required": source.letters_required}
        )
    return added


def create_set(*, owner, data: dict) -> RequirementSet:
    return model_create(model=RequirementSet, data=data, owner=owner)


def update_set(*, requirement_set: RequirementSet, data: dict) -> RequirementSet:
    return model_update(instance=requirement_set, data=data)


@transaction.atomic
def set_from_position(*, position: Position, name: str) -> RequirementSet:
    """A new set holding what this posting asks for, letters included."""
    requirement_set = create_set(owner=position.owner, data={"name": name, "letters": position.letters_required})
    for requirement in position.requirements.all():
        add_item(requirement_set=requirement_set, data={f: getattr(requirement, f) for f in LINE_FIELDS})
    return requirement_set


def add_item(*, requirement_set: RequirementSet, data: dict) -> RequirementSetItem:
    return model_create(
        model=RequirementSetItem,
        data=data,
        owner_id=requirement_set.owner_id,
        requirement_set=requirement_set,
        lock=["requirement_set"],
    )
