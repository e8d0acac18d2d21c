"""Demo materials and letters for the demo account: invented writers, small generated files."""

import datetime as dt
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jobtracker.materials import services
from jobtracker.materials.models import LetterRequest, Requirement, RequirementSet, RequirementSetItem
from jobtracker.network.models import Contact
from jobtracker.pipeline.models import Application, Institution

WRITERS = [
    ("Prof. Miriam Okafor", "Professor of Computer Science", "Carnegie Mellon University", "America/New_York"),
    ("Prof. Lukas Brandt", "Associate Professor", "ETH Zurich", "Europe/Zurich"),
    ("Dr. Hana Sato", "Research Scientist", "Google DeepMind", "Europe/London"),
    ("Prof. Daniel Reyes", "Professor of Statistics", "", "America/Los_Angeles"),
]

DOCUMENTS = [
    ("cv", "Academic CV", ["v1", "v2, with the CVPR paper", "v3, November update"]),
    ("research_statement", "Research statement: multimodal learning", ["v1, full length", "v2, max 3 pages"]),
    ("teaching_statement", "Teaching statement", ["v1"]),
    ("diversity_statement", "Diversity and service statement", ["v1"]),
    ("job_market_paper", "Job-market paper: grounded video-language models", ["arXiv v2"]),
]


def tiny_pdf(text: str) -> bytes:
    """A valid one-page PDF showing one line of text."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def seed_materials(*, user, seed: int = 3) -> None:
    rng = random.Random(seed)
    latest = {}
    for kind, title, labels in DOCUMENTS:
        name = title.split(":")[0].lower().replace(" ", "-")
        document = services.create_document(
            owner=user,
            kind=kind,
            title=title,
            notes="",
            upload=SimpleUploadedFile(f"{name}.pdf", tiny_pdf(f"{title} - {labels[0]}")),
            label=labels[0],
        )
        version = document.versions.get()
        for label in labels[1:]:
            version = services.add_version(
                document=document, upload=SimpleUploadedFile(f"{name}.pdf", tiny_pdf(f"{title} - {label}")), label=label
            )
        latest[kind] = (document, version)

    institutions = {i.name: i for i in Institution.objects.for_user(user)}
    writers = [
        Contact.objects.create(
            owner=user,
            name=name,
            title=title,
            institution=institutions.get(where),
            affiliation="" if where in institutions else "UC San Diego",
            time_zone=zone,
            writes_letters=True,
            email=f"{name.split()[-1].lower()}@example.edu",
        )
        for name, title, where, zone in WRITERS
    ]

    usual = RequirementSet.objects.create(owner=user, name="Faculty, US", letters=3)
    for kind, pages in (("cv", None), ("research_statement", 3), ("teaching_statement", None)):
        RequirementSetItem.objects.create(owner=user, requirement_set=usual, kind=kind, page_limit=pages)

    today = timezone.localdate()
    applications = Application.objects.for_user(user).filter(track="faculty").select_related("position", "stage")
    for application in applications:
        position = application.position
        wanted = ["cv", "research_statement", "teaching_statement"] + (
            ["diversity_statement"] if rng.random() < 0.5 else []
        )
        for kind in wanted:
            requirement = Requirement.objects.create(
                owner=user, position=position, kind=kind, page_limit=3 if kind == "research_statement" else None
            )
            submitted = application.submitted_on is not None
            if submitted or rng.random() < 0.5:
                document, newest = latest[kind]
                versions = list(document.versions.order_by("created_at"))
                chosen = versions[0] if (not submitted and len(versions) > 1 and rng.random() < 0.5) else newest
                services.attach(application=application, requirement=requirement, version=chosen)
        for writer in writers[: position.letters_required]:
            due = position.deadline_date or today
            if application.submitted_on:
                status = LetterRequest.Status.SUBMITTED if rng.random() < 0.8 else LetterRequest.Status.AGREED
            else:
                status = rng.choice(
                    [LetterRequest.Status.TO_ASK, LetterRequest.Status.ASKED, LetterRequest.Status.AGREED]
                )
            LetterRequest.objects.create(
                owner=user,
                application=application,
                writer=writer,
                status=status,
                due_date=due,
                portal=position.portal,
                asked_on=None if status == LetterRequest.Status.TO_ASK else min(today, due) - dt.timedelta(days=20),
            )
