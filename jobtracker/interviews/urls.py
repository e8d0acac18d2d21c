from django.urls import path

from jobtracker.interviews.views import interviews, itinerary

app_name = "interviews"

# /interviews/, plus scheduling one from its application.
urlpatterns = [
    path(
        "applications/<int:pk>/interviews/new/",
        interviews.application_interview_create,
        name="application_interview_create",
    ),
    path("interviews/", interviews.interview_list, name="interview_list"),
    path("interviews/<int:pk>/", interviews.interview_detail, name="interview_detail"),
    path("interviews/<int:pk>/edit/", interviews.interview_edit, name="interview_edit"),
    path("interviews/<int:pk>/delete/", interviews.interview_delete, name="interview_delete"),
    path("interviews/<int:pk>/itinerary/print/", itinerary.interview_print, name="interview_print"),
    path("interviews/<int:pk>/thank-you/sent/", itinerary.thanks_all_sent, name="interview_thanks_sent"),
    path("interviews/items/<int:pk>/edit/", itinerary.item_edit, name="item_edit"),
    path("interviews/items/<int:pk>/delete/", itinerary.item_delete, name="item_delete"),
    path("interviews/people/<int:pk>/thank-you/", itinerary.person_thanks, name="person_thanks"),
]
