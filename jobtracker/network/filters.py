import django_filters
from django.db.models import Q

from jobtracker.core.filters import OwnerFilterSet
from jobtracker.core.text_search import InRows, contains, parse
from jobtracker.core.widgets import LongSelect
from jobtracker.network.models import TAG_FIELDS, TAG_LABELS, Contact
from jobtracker.pipeline.models import Institution


class ContactFilter(OwnerFilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    tag = django_filters.ChoiceFilter(
        choices=[(tag, TAG_LABELS[tag]) for tag in TAG_FIELDS], method="with_tag", empty_label="Any tag"
    )
    institution = django_filters.ModelChoiceFilter(
        queryset=Institution.objects.none(), empty_label="Anywhere", widget=LongSelect
    )
    sort = django_filters.OrderingFilter(
        fields=(("name", "name"), ("last_contact", "last_contact")),
        field_labels={"name": "Name", "last_contact": "Last contact"},
        empty_label="Default order",
        label="Sort",
    )

    class Meta:
        model = Contact
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only places where the user has contacts: the choice list grows with contacts' institutions, not with a
        # target list of thousands (issue 13). One query, which reads the owner's contacts once: as a correlated
        # EXISTS, SQLite walked all of the owner's contacts for every institution (1.7 s with 23,566 contacts), and
        # PostgreSQL, unscoped, hashed every user's contacts (tests/test_query_plans.py checks its plan).
        places = Contact.objects.filter(owner=self.owner, institution__isnull=False).values("institution_id")
        institutions = Institution.objects.for_user(self.owner).filter(pk__in=places).only("name", "department")
        self.filters["institution"].queryset = institutions

    def search(self, queryset, name, value):
        """Every word of the query in the contact's text or its institution's name, as the search page finds them
        (core/text_search.py): on PostgreSQL through the trigram indexes, ignoring case and accents."""
        query = parse(value)
        if not query.words:  # only one-letter words: they would match nearly everyone, so nobody is shown
            return queryset.none() if query.text else queryset
        for word in query.words:
            places = Institution.objects.for_user(self.owner).filter(contains(("name",), word)).order_by()
            in_place = InRows("institution", places.values("pk"))
            queryset = queryset.filter(Q(contains(Contact.SEARCH_FIELDS, word)) | Q(in_place))
        return queryset

    def with_tag(self, queryset, name, value):
        return queryset.filter(**{TAG_FIELDS[value]: True})
