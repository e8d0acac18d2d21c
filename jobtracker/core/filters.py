"""The base of every list page's filter: scoped to the owner, styled for Bootstrap's small inputs."""

import django_filters


class OwnerFilterSet(django_filters.FilterSet):
    def __init__(self, *args, owner, **kwargs):
        self.owner = owner
        super().__init__(*args, **kwargs)

    @property
    def form(self):
        form = super().form
        for field in form.fields.values():
            is_select = hasattr(field.widget, "choices")
            field.widget.attrs.setdefault(
                "class", "form-select form-select-sm" if is_select else "form-control form-control-sm"
            )
        return form
