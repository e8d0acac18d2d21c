"""Demo network: invented people at real institutions, a few interactions and follow-ups."""

import datetime as dt

from django.utils import timezone

from jobtracker.network.models import ApplicationContact, Contact, Interaction
from jobtracker.pipeline.models import Application, Institution

PEOPLE = [
    # name, title, institution, tags
    ("Dr. Elena Petrova", "Research Scientist", "Meta FAIR", {"is_peer": True, "is_alumnus": True}),
    ("Sam Whitaker", "University Recruiter", "NVIDIA Research", {"is_recruiter": True}),
    ("Prof. Arjun Mehta", "Associate Professor", "University of Washington", {"is_target_faculty": True}),
    ("Prof. Claire Dubois", "Professor, search committee chair", "University of Toronto", {"is_target_faculty": True}),
    ("Dr. Tomás Herrera", "Senior Research Manager", "Microsoft Research", {"is_hiring_manager": True}),
]


def seed_network(*, user) -> None:
    today = timezone.localdate()
    institutions = {i.name: i for i in Institution.objects.for_user(user)}
    applications = {
        a.position.institution.name: a
        for a in Application.objects.for_user(user).select_related("position__institution")
        if a.position.season.start_year == a.position.season.start_year_for(today)
    }
    for index, (name, title, where, tags) in enumerate(PEOPLE):
        contact = Contact.objects.create(
            owner=user,
            name=name,
            title=title,
            institution=institutions.get(where),
            email=f"{name.split()[-1].lower()}@example.com",
            how_we_met="CVPR 2026" if index % 2 else "Lab alumni",
            **tags,
        )
        Interaction.objects.create(
            owner=user,
            contact=contact,
            happened_on=today - dt.timedelta(days=30 - index * 5),
            channel="conference",
            summary=f"Talked with {name.split()[-1]} about the {where} opening.",
            follow_up_on=today - dt.timedelta(days=index - 2),
            follow_up_done=index == 0,
        )
        if where in applications:
            role = {"is_recruiter": "recruiter", "is_hiring_manager": "manager"}.get(next(iter(tags)), "knows")
            if "committee" in title:
                role = "chair"
            ApplicationContact.objects.create(owner=user, application=applications[where], contact=contact, role=role)
