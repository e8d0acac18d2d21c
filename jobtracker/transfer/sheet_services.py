"""Writes for the spreadsheet import: upload (read and plan once), change the choices (plan again), commit.

Committing reads the file again and plans afresh (the list may have changed since the preview), then writes
every new row through the pipeline's own services in one transaction: all rows or none.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from jobtracker.network.importer import ImportFileError, Table
from jobtracker.pipeline import services as pipeline
from jobtracker.pipeline.models import Institution, Season, Stage
from jobtracker.transfer import sheet_plan, tables
from jobtracker.transfer.models import SheetImport
from jobtracker.transfer.services import LIFETIME
from jobtracker.transfer.storage import delete_files_on_commit


def _read(sheet: SheetImport) -> Table:
    with sheet.file.open("rb") as stored:
        return tables.read_table(stored.read(), name=sheet.original_name)


def _replan(sheet: SheetImport, table: Table) -> None:
    rows = sheet_plan.plan(
        owner=sheet.owner,
        table=table,
        mapping=sheet.mapping,
        zone=sheet.time_zone,
        create_institutions=sheet.create_institutions,
    )
    sheet.plan = sheet_plan.to_data(rows)


def start_import(*, owner, upload, table: Table, time_zone: str, create_institutions: bool) -> SheetImport:
    sheet = SheetImport(
        owner=owner,
        original_name=(upload.name or "applications.csv")[-255:],
        columns=table.header,
        mapping=sheet_plan.guess_mapping(table.header),
        time_zone=time_zone,
        create_institutions=create_institutions,
        expires_at=timezone.now() + LIFETIME,
    )
    sheet.file.save(sheet.original_name, upload, save=False)
    if "institution" in sheet.mapping:
        _replan(sheet, table)
    sheet.save()
    return sheet


def set_choices(*, sheet: SheetImport, mapping: dict[str, int], time_zone: str, create_institutions: bool):
    if sheet.committed_at:
        raise ValidationError("This file is imported already.")
    sheet.mapping, sheet.time_zone, sheet.create_institutions = mapping, time_zone, create_institutions
    try:
        _replan(sheet, _read(sheet))
    except (ImportFileError, FileNotFoundError) as error:
        raise ValidationError(str(error) or "The uploaded file is gone; upload it again.") from None
    sheet.save(update_fields=["mapping", "time_zone", "create_institutions", "plan", "updated_at"])
    return sheet


@transaction.atomic
def commit(*, sheet: SheetImport) -> dict:
    locked = SheetImport.objects.select_for_update().filter(pk=sheet.pk, committed_at__isnull=True).first()
    if locked is None:
        raise ValidationError("This file is imported already, or the import expired.")
    try:
        _replan(locked, _read(locked))
    except (ImportFileError, FileNotFoundError) as error:
        raise ValidationError(str(error) or "The uploaded file is gone; upload it again.") from None
    rows = sheet_plan.from_data(locked.plan)
    refused = [row for row in rows if row.outcome == "refused"]
    if refused:
        first = refused[0]
        raise ValidationError(
            f"Nothing was imported: {len(refused)} row{'s' if len(refused) != 1 else ''} cannot be imported "
            f"(line {first.line}: {first.detail})."
        )
    new = [row for row in rows if row.outcome == "new"]
    _write(locked.owner, new)
    locked.committed_at = timezone.now()
    locked.result = {**sheet_plan.counts(rows), "institutions": len({r.values["institution"].lower() for r in new})}
    delete_files_on_commit([locked.file.name])
    locked.file = ""
    locked.save(update_fields=["committed_at", "result", "file", "plan", "updated_at"])
    return locked.result


def _write(owner, rows: list[sheet_plan.RowPlan]) -> None:
    institutions = Institution.objects.for_user(owner).in_bulk()
    created: dict[tuple[str, str], Institution] = {}
    seasons = {s.start_year: s for s in Season.objects.for_user(owner)}
    stages = {s.pk: s for s in Stage.objects.for_user(owner)}
    for row in rows:
        v = row.values
        try:
            key = (v["institution"].lower(), v["department"].lower())
            institution = institutions.get(v["institution_pk"]) or created.get(key)
            if institution is None:
                kind = Institution.Kind.INDUSTRY_LAB if v["track"] == Stage.Track.INDUSTRY else None
                data = {"name": v["institution"], "department": v["department"], "priority": v["priority"]}
                institution = pipeline.save_institution(owner=owner, data={**data, **({"kind": kind} if kind else {})})
                created[key] = institution
            season = seasons.get(v["season"]) or pipeline.add_season(owner=owner, start_year=v["season"])
            seasons[v["season"]] = season
            position = pipeline.save_position(owner=owner, data=_position_data(v, institution, season))
            started = dt.datetime.fromisoformat(v["changed_at"]) if v["changed_at"] else None
            application = pipeline.create_application(
                owner=owner, position=position, track=v["track"], stage=stages[v["stage"]], started_at=started
            )
            submitted = dt.date.fromisoformat(v["submitted_on"]) if v["submitted_on"] else None
            pipeline.update_application(application=application, data={"submitted_on": submitted, "notes": v["notes"]})
        except ValidationError as error:
            raise ValidationError(f"Nothing was imported: line {row.line}: {' '.join(error.messages)}") from None


def _position_data(v: dict, institution, season) -> dict:
    return {
        "institution": institution,
        "season": season,
        "title": v["title"],
        "kind": v["kind"],
        "posting_url": v["posting_url"],
        "deadline_date": dt.date.fromisoformat(v["deadline_date"]) if v["deadline_date"] else None,
        "deadline_time": dt.time.fromisoformat(v["deadline_time"]) if v["deadline_time"] else None,
        "deadline_tz": v["deadline_tz"],
    }
