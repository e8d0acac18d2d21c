"""What a pasted posting link tells before anyone reads the page: the portal it is on, and the site it is on.

Nothing is fetched. A job board's host says which portal the application goes through, never whose posting it is.
"""

from urllib.parse import urlsplit

from jobtracker.pipeline.models import Position

PORTAL_HOSTS = {
    "academicjobsonline.org": Position.Portal.ACADEMIC_JOBS_ONLINE,
    "interfolio.com": Position.Portal.INTERFOLIO,
    "mathjobs.org": Position.Portal.MATHJOBS,
    "greenhouse.io": Position.Portal.CAREERS_SITE,
    "lever.co": Position.Portal.CAREERS_SITE,
    "myworkdayjobs.com": Position.Portal.CAREERS_SITE,
    "smartrecruiters.com": Position.Portal.CAREERS_SITE,
    "ashbyhq.com": Position.Portal.CAREERS_SITE,
}
# Hosts that serve many institutions' pages: they identify nobody.
SHARED_HOSTS = {*PORTAL_HOSTS, "higheredjobs.com", "chroniclevitae.com", "linkedin.com", "indeed.com", "github.io"}


def host_of(url: str) -> str:
    """The lower-case host without a leading "www.", or "" for anything that is not an http(s) link."""
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
    except ValueError:
        return ""
    if parts.scheme not in ("http", "https") or "." not in host:
        return ""
    return host.removeprefix("www.")


def within(host: str, site: str) -> bool:
    """The host is the site or one of its subdomains."""
    return bool(site) and (host == site or host.endswith("." + site))


def is_shared(host: str) -> bool:
    return any(within(host, shared) for shared in SHARED_HOSTS)


def same_site(one: str, other: str) -> bool:
    """Two hosts of one organisation's site (cs.cmu.edu and cmu.edu), neither of them a job board."""
    if not one or not other or is_shared(one) or is_shared(other):
        return False
    return within(one, other) or within(other, one)


def portal_for(url: str) -> str:
    host = host_of(url)
    return next((portal for site, portal in PORTAL_HOSTS.items() if within(host, site)), "")


def website_for(url: str) -> str:
    """The site a new institution gets from its posting's link: scheme and host only, unless a job board's."""
    host = host_of(url)
    if not host or is_shared(host):
        return ""
    parts = urlsplit(url.strip())
    return f"{parts.scheme}://{parts.hostname}/"
