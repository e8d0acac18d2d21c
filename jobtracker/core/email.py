"""E-mails as template triples: <name>_subject.txt, <name>.txt and <name>.html, rendered by one helper."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def build_email(*, template: str, context: dict, to: list[str], headers: dict | None = None) -> EmailMultiAlternatives:
    subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
    text = render_to_string(f"emails/{template}.txt", context)
    html = render_to_string(f"emails/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=to, headers=headers or {}
    )
    message.attach_alternative(html, "text/html")
    return message
