"""List-page filters: search, facets and sorting, all scoped to the owner's own rows."""

import django_filters
from django import forms
from django.db.models import Q

from jobtracker.core.filters import OwnerFilterSet
from jobtracker.pipeline.models import Application, Institution, Position, Season, Stage, Tag


class InstitutionFilter(OwnerFilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    kind = django_filters.ChoiceFilter(choices=Institution.Kind.choices, empty_label="Any kind")
    region = django_filters.ChoiceFilter(choices=Institution.Region.choices, empty_label="Any region")
    priority = django_filters.ChoiceFilter(choices=[(i, str(i)) for i in range(1, 6)], empty_label="Any priority")
    tag = django_filters.ModelChoiceFilter(field_name="tags", queryset=Tag.objects.none(), empty_label="Any tag")
    sort = django_filters.OrderingFilter(
        fields=(
            ("priority", "priority"),
            ("name", "name"),
            ("country", "country"),
            ("application_count", "applications"),
        ),
        field_labels={
            "priority": "Priority",
            "name": "Name",
            "country": "Country",
            "application_count": "Applications",
        },
        empty_label="Default order",
        label="Sort",
    )

    class Meta:
        model = Institution
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["tag"].queryset = Tag.objects.for_user(self.owner)

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value)
            | Q(department__icontains=value)
            | Q(city__icontains=value)
            | Q(country__icontains=value)
            | Q(fit_notes__icontains=value)
        )


class PositionFilter(OwnerFilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    season = django_filters.ModelChoiceFilter(queryset=Season.objects.none(), empty_label="Every season")
    kind = django_filters.ChoiceFilter(choices=Position.Kind.choices, empty_label="Any kind")
    has_application = django_filters.BooleanFilter(
        field_name="application",
        lookup_expr="isnull",
        exclude=True,
        label="Application",
        # BooleanWidget would open on "Unknown"; these say what each choice shows.
        widget=forms.Select(choices=[("", "Applied or not"), ("true", "Applied"), ("false", "Not applied yet")]),
    )
    sort = django_filters.OrderingFilter(
        fields=(("deadline_at", "deadline"), ("institution__name", "institution"), ("title", "title")),
        field_labels={"deadline_at": "Deadline", "institution__name": "Institution", "title": "Title"},
        empty_label="Default order",
        label="Sort",
    )

    class Meta:
        model = Position
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["season"].queryset = Season.objects.for_user(self.owner)

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value)
            | Q(field__icontains=value)
            | Q(institution__name__icontains=value)
            | Q(notes__icontains=value)
        )


class ApplicationFilter(OwnerFilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    season = django_filters.ModelChoiceFilter(
        field_name="position__season", queryset=Season.objects.none(), empty_label="Every season", label="Season"
    )
    track = django_filters.ChoiceFilter(choices=Application.Track.choices, empty_label="Both tracks")
    stage = django_filters.ModelChoiceFilter(queryset=Stage.objects.none(), empty_label="Any stage")
    category = django_filters.ChoiceFilter(
        field_name="stage__category", choices=Stage.Category.choices, empty_label="Any outcome", label="Outcome"
    )
    sort = django_filters.OrderingFilter(
        fields=(
            ("stage_changed_at", "changed"),
            ("position__deadline_at", "deadline"),
            ("position__institution__name", "institution"),
            ("stage__order", "stage"),
        ),
        field_labels={
            "stage_changed_at": "Last change",
            "position__deadline_at": "Deadline",
            "position__institution__name": "Institution",
            "stage__order": "Stage",
        },
        empty_label="Default order",
        label="Sort",
    )

    class Meta:
        model = Application
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["season"].queryset = Season.objects.for_user(self.owner)
        self.filters["stage"].queryset = Stage.objects.for_user(self.owner).order_by("track", "order")

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(position__title__icontains=value)
            | Q(position__institution__name__icontains=value)
            | Q(position__field__icontains=value)
            | Q(notes__icontains=value)
        )
