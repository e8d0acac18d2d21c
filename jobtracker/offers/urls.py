from django.urls import path

from jobtracker.offers.views import accept, decision, offers

app_name = "offers"

urlpatterns = [
    path("", offers.offer_list, name="offer_list"),
    path("new/", offers.offer_create, name="offer_create"),
    path("compare/", decision.offer_compare, name="offer_compare"),
    path("settings/", decision.offer_settings, name="offer_settings"),
    path("<int:pk>/", offers.offer_detail, name="offer_detail"),
    path("<int:pk>/edit/", offers.offer_edit, name="offer_edit"),
    path("<int:pk>/delete/", offers.offer_delete, name="offer_delete"),
    path("<int:pk>/negotiation/", offers.offer_negotiation, name="offer_negotiation"),
    path("<int:pk>/scores/", offers.offer_scores, name="offer_scores"),
    path("<int:pk>/accept/", accept.offer_accept, name="offer_accept"),
    path("negotiation/<int:pk>/delete/", offers.negotiation_delete, name="negotiation_delete"),
    path("scores/<int:pk>/edit/", offers.score_edit, name="score_edit"),
    path("criteria/", decision.criterion_list, name="criterion_list"),
    path("criteria/<int:pk>/edit/", decision.criterion_edit, name="criterion_edit"),
    path("criteria/<int:pk>/delete/", decision.criterion_delete, name="criterion_delete"),
    path("rates/<int:pk>/delete/", decision.rate_delete, name="rate_delete"),
]
