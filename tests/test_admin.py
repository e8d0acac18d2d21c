import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from jobtracker.pipeline import services
from jobtracker.reminders import planning, tasks
from tests.interviews.factories import make_visit_with_person
from tests.url_helpers import owned_objects

OUR_APPS = ["accounts", "pipeline", "network", "materials", "interviews", "offers", "reminders"]
MODELS = [model for label in OUR_APPS for model in apps.get_app_config(label).get_models()]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_model_is_in_the_admin_and_its_list_loads(client, django_user_model, model):
    assert admin.site.is_registered(model), f"{model.__name__} is not registered in the admin"
    staff = django_user_model.objects.create_superuser("admin@example.edu", "pw-long-enough-1")
    owned = owned_objects(staff)
    services.set_tags(owner=staff, obj=owned["institution"], names=["dream job"])
    make_visit_with_person(staff, owned["application"])
    planning.plan_changed()  # reminder settings and planner marks
    tasks.dispatch()  # a chore's beat and the sender slots
    client.force_login(staff)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["cl"].result_count >= 1
    assert client.get(url + "?q=Assistant").status_code == 200


def test_the_admin_is_closed_to_ordinary_users(owner_client):
    response = owner_client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
