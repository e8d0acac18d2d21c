from django.core.management import call_command

from jobtracker.accounts.models import User
from jobtracker.pipeline import demo
from jobtracker.pipeline.models import Application, Institution, Position, Stage, StageEvent


def test_seed_demo_builds_a_believable_season_at_every_stage(db, capsys):
    call_command("seed_demo")
    assert f"{demo.DEMO_EMAIL} / {demo.DEMO_PASSWORD}" in capsys.readouterr().out
    user = User.objects.get(email=demo.DEMO_EMAIL)
    assert user.check_password(demo.DEMO_PASSWORD)
    institutions = Institution.objects.for_user(user)
    assert institutions.filter(kind="industry_lab").count() == 6
    assert institutions.exclude(kind__in=["industry_lab", "nonprofit"]).count() >= 25
    used = set(Application.objects.for_user(user).values_list("stage__name", "track"))
    every = set(Stage.objects.for_user(user).filter(track="faculty").values_list("name", "track"))
    assert every <= used, f"faculty stages without a demo application: {every - used}"
    upcoming = [p for p in Position.objects.for_user(user) if p.deadline_at and p.deadline_at > user.date_joined]
    assert len(upcoming) >= 5


def test_seed_demo_keeps_an_existing_demo_account(db):
    call_command("seed_demo")
    call_command("seed_demo")
    assert User.objects.filter(email=demo.DEMO_EMAIL).count() == 1


def test_seed_demo_if_empty_leaves_a_used_database_alone(db, django_user_model, capsys):
    django_user_model.objects.create_user("someone@example.edu", "pw-long-enough-1")
    call_command("seed_demo", "--if-empty")
    assert not User.objects.filter(email=demo.DEMO_EMAIL).exists()
    assert "not loaded" in capsys.readouterr().out


def test_the_heavy_scale_adds_a_large_account(db):
    call_command("seed_demo", "--scale", "heavy")
    heavy = User.objects.get(email=demo.HEAVY_EMAIL)
    assert Institution.objects.for_user(heavy).count() == 500
    assert Application.objects.for_user(heavy).count() == 300
    assert StageEvent.objects.for_user(heavy).count() == 5000
    assert not Position.objects.for_user(heavy).filter(deadline_at__isnull=True).exists()
