"""The pages that compose several apps. Every other URL's first segment names the app that serves it
(see the URL map in README.md); these are the exceptions, found here in one place."""

from django.urls import path

from jobtracker.front.views import applications, board, calendar, contacts, dashboard, start
from jobtracker.front.views import search as search_views

app_name = "front"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("calendar/", calendar.calendar_page, name="calendar"),
    path("calendar/feed/", calendar.calendar_feed_make, name="calendar_feed_make"),
    path("calendar/feed/revoke/", calendar.calendar_feed_revoke, name="calendar_feed_revoke"),
    path("calendar/feed/<slug:token>.ics", calendar.calendar_feed, name="calendar_feed"),
    path("applications/", applications.application_list, name="application_list"),
    path("applications/start/", start.application_start, name="application_start"),
    path("applications/board/", board.application_board, name="application_board"),
    path("applications/board/<int:pk>/move/", board.application_board_move, name="application_board_move"),
    path("applications/<int:pk>/", applications.application_detail, name="application_detail"),
    path("applications/<int:pk>/move/", applications.application_move, name="application_move"),
    path("positions/<int:pk>/", applications.position_detail, name="position_detail"),
    path("contacts/<int:pk>/", contacts.contact_detail, name="contact_detail"),
    path("contacts/<int:pk>/interactions/new/", contacts.contact_interaction_create, name="contact_interaction_create"),
    path("contacts/<int:pk>/links/new/", contacts.contact_link_create, name="contact_link_create"),
    path("search/", search_views.search, name="search"),
]
