"""Which of the user's institutions a pasted posting link belongs to (front: it reads pipeline and network).

The link's host is compared with the websites of the user's institutions and the homepages of their contacts
(a contact's homepage on cs.cmu.edu points at their institution). The longest matching site wins (cs.cmu.edu
before cmu.edu); two institutions on one site (departments of a university) are told apart by nothing here, so
the first by priority and name is taken.
"""

from jobtracker.network.models import Contact
from jobtracker.pipeline.links import host_of, same_site
from jobtracker.pipeline.models import Institution

MAX_HOMEPAGES = 2000


def institution_for(*, user, url: str) -> Institution | None:
    host = host_of(url)
    if not host:
        return None
    candidates: list[tuple[int, Institution]] = []
    for institution in Institution.objects.for_user(user).exclude(website="").order_by("priority", "name", "pk"):
        site = host_of(institution.website)
        if same_site(host, site):
            candidates.append((len(site), institution))
    homepages = Contact.objects.for_user(user).exclude(homepage="").filter(institution__isnull=False)
    for contact in homepages.select_related("institution").order_by("pk")[:MAX_HOMEPAGES]:
        site = host_of(contact.homepage)
        if same_site(host, site):
            candidates.append((len(site), contact.institution))
    return max(candidates, key=lambda pair: pair[0])[1] if candidates else None
