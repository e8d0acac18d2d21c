"""The main navigation: which pages it lists, and which one the request is on (aria-current="page").

It lives in the front layer because it names pages of every app; base.html renders it.
"""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    # The current page belongs to this item when its (app namespace, url name) matches one of these rules.
    apps: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    name_parts: tuple[str, ...] = ()
    not_name_parts: tuple[str, ...] = ()

    def active(self, app: str, name: str) -> bool:
        if any(part in name for part in self.not_name_parts):
            return False
        return app in self.apps or name in self.names or any(part in name for part in self.name_parts)


ITEMS = (
    NavItem("Dashboard", "front:dashboard", names=("dashboard",)),
    NavItem("Calendar", "front:calendar", name_parts=("calendar",)),
    NavItem("Applications", "front:application_list", name_parts=("application",)),
    NavItem("Postings", "pipeline:position_list", name_parts=("position",)),
    NavItem("Institutions", "pipeline:institution_list", name_parts=("institution",)),
    NavItem("Contacts", "network:contact_list", apps=("network",)),
    NavItem("Materials", "materials:document_list", apps=("materials",), not_name_parts=("letter", "writer")),
    NavItem("Letters", "materials:letter_matrix", name_parts=("letter", "writer")),
    NavItem("Offers", "offers:offer_list", apps=("offers",)),
    NavItem("Interviews", "interviews:interview_list", apps=("interviews",)),
    NavItem("Reports", "reports:report", apps=("reports",)),
)


def navigation(request):
    match = getattr(request, "resolver_match", None)
    app, name = (match.app_name, match.url_name or "") if match else ("", "")
    current = next((item for item in ITEMS if item.active(app, name)), None)
    return {
        "main_nav": [{"label": item.label, "url": reverse(item.url_name), "current": item is current} for item in ITEMS]
    }
