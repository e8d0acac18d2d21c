import zoneinfo
from functools import cache


@cache
def timezone_choices() -> list[tuple[str, str]]:
    """Every IANA zone this Python knows, minus the legacy aliases nobody picks on purpose."""
    names = sorted(
        name
        for name in zoneinfo.available_timezones()
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "US/", "Canada/", "Mexico/", "Brazil/", "Chile/"))
    )
    return [("UTC", "UTC"), *[(name, name.replace("_", " ")) for name in names]]
