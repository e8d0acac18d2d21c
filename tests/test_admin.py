import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from jobtracker.pipeline import services
from tests.factories import make_application
from tests.interviews.factories import make_visit_with_person
from tests.offers.factories import offer_objects

OUR_APPS = ["accounts", "pipeline", "interviews", "offers"]
MODELS = [model for label in OUR_APPS for model in apps.get_app_config(label).get_models()]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_model_is_in_the_admin_and_its_list_loads(client, django_user_model, model):
    assert admin.site.is_registered(model), f"{model.__name__} is not registered in the admin"
    staff = django_user_model.objects.create_superuser("admin@example.edu", "pw-long-enough-1")
    application = make_application(staff)
    services.set_tags(owner=staff, obj=application.position.institution, names=["dream job"])
    make_visit_with_person(staff, application)
    offer_objects(staff, application)
    client.force_login(staff)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["cl"].result_count >= 1
    assert client.get(url + "?q=Assistant").status_code == 200


def test_the_admin_is_closed_to_ordinary_users(owner_client):
    response = owner_client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
