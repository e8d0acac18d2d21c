"""Polite notes the user copies and sends themselves when accepting one offer. Nothing here sends anything."""

FACULTY = "faculty"


def _greeting(track: str) -> str:
    return "Dear members of the search committee," if track == FACULTY else "Dear hiring team,"


def _signature(user) -> str:
    return user.full_name.strip() or user.email


def withdrawal_note(*, application, has_offer: bool, user) -> str:
    """A short, warm note: a decline when the place made an offer, a withdrawal otherwise."""
    position = application.position
    place = position.institution.name
    role = f"the {position.title} position at {place}"
    if has_offer:
        body = (
            f"Thank you very much for your offer for {role}, and for the time you and your colleagues spent "
            "with me during the process. After careful thought I have accepted another position, so I must "
            "respectfully decline your offer.\n\n"
            "This was a hard decision; I was impressed by the people I met and I hope our paths cross again."
        )
    else:
        body = (
            f"I am writing to withdraw my application for {role}. I have accepted another position and do not "
            "want to take up more of your time.\n\n"
            "Thank you for considering my application; I hope our paths cross again."
        )
    return f"{_greeting(application.track)}\n\n{body}\n\nWith best wishes,\n{_signature(user)}"


def acceptance_note(*, offer) -> str:
    return f"Accepted the offer from {offer.application.position.institution.name}."
