"""Which applications an export covers: what the /applications/ list shows when its filters are given, else all.

The filters are the list's own (`ApplicationFilter`), so "export what I see" exports the rows the list shows,
on every page of it. Exports keep their own order (season, then institution), whatever the list's sort. A value
the filter refuses ("abc", an id that is not one of the user's) is ignored rather than answered with an error,
and the description says so.
"""

from django.db.models import Model, QuerySet
from django.http import QueryDict

from jobtracker.pipeline.filters import ApplicationFilter
from jobtracker.pipeline.models import Application, StageEvent
from jobtracker.pipeline.selectors import applications_for_list

EVERYTHING = "everything"
# "sort" only orders the list and "page" only pages it: neither narrows what is exported.
FILTER_PARAMS = tuple(name for name in ApplicationFilter.base_filters if name != "sort")
LABELS = {"q": "search", "category": "outcome"}
SHOWN_SEARCH_CHARS = 40


def applications_for_query(user, data: QueryDict) -> tuple[QuerySet[Application], str]:
    """The user's applications narrowed by the list's filters in `data`, and a short description of them."""
    if not any(data.get(name) for name in FILTER_PARAMS):
        return Application.objects.for_user(user), EVERYTHING
    filterset = ApplicationFilter(data, queryset=applications_for_list(user=user), owner=user)
    return filterset.qs, _describe(filterset)


def exported_applications(request) -> tuple[QuerySet[Application], str]:
    return applications_for_query(request.user, request.GET)


def filter_form(user, data: QueryDict):
    """The list's filter form without its sort, for the page that chooses what to export."""
    form = ApplicationFilter(data or None, queryset=Application.objects.none(), owner=user).form
    del form.fields["sort"]
    return form


def filter_query(data: QueryDict) -> str:
    """Only the list's filter parameters of a query string, for links that export the same rows."""
    kept = QueryDict(mutable=True)
    for name in FILTER_PARAMS:
        if data.get(name):
            kept[name] = data[name]
    return kept.urlencode()


def in_export_order(applications: QuerySet[Application]) -> QuerySet[Application]:
    return applications.select_related("position__institution", "position__season", "stage").order_by(
        "position__season__start_year", "position__institution__name", "pk"
    )


def stage_events(*, user, applications: QuerySet[Application]) -> QuerySet[StageEvent]:
    """Every stage change of these applications, application by application in export order, oldest first."""
    return (
        StageEvent.objects.for_user(user)
        .filter(application__in=applications.values("pk"))
        .select_related("application__position__institution", "from_stage", "to_stage")
        .order_by(
            "application__position__season__start_year",
            "application__position__institution__name",
            "application_id",
            "occurred_at",
            "pk",
        )
    )


def _describe(filterset: ApplicationFilter) -> str:
    form = filterset.form
    applied = [
        f"{LABELS.get(name, name)} {_shown(form, name, value)}"
        for name, value in form.cleaned_data.items()
        if name in FILTER_PARAMS and value not in (None, "")
    ]
    ignored = [LABELS.get(name, name) for name in FILTER_PARAMS if name in form.errors]
    text = f"filtered: {', '.join(applied)}" if applied else EVERYTHING
    if ignored:
        text += f" (ignored the invalid {_joined(ignored)})"
    return text


def _shown(form, name: str, value) -> str:
    if isinstance(value, Model):
        return str(value)
    if name == "q":
        short = value if len(value) <= SHOWN_SEARCH_CHARS else value[: SHOWN_SEARCH_CHARS - 1] + "…"
        return f"“{short}”"
    return str(dict(form.fields[name].choices).get(value, value))


def _joined(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"
