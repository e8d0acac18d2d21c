"""Query-count checks: a page costs the same number of SQL queries whatever the data size."""

import itertools

from django.db import connection
from django.test.utils import CaptureQueriesContext

_accounts = itertools.count()


def count_queries(client, url: str) -> int:
    """The queries one GET costs, streamed bodies included; the page must answer 200."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(context.captured_queries)


def assert_flat_queries(client, django_user_model, *, fill, url, sizes=(2, 8)) -> None:
    """For a fresh account per size, `fill(user, size)` its data and count the page's queries.

    `url` is a path, or a function of what fill returned (e.g. the URL of an object it made).
    """
    counts = []
    for size in sizes:
        user = django_user_model.objects.create_user(f"size{size}-{next(_accounts)}@example.edu", "pw-long-enough-1")
        made = fill(user, size)
        client.force_login(user)
        counts.append(count_queries(client, url(made) if callable(url) else url))
    assert counts[0] == counts[1], f"{url}: {counts[0]} queries with {sizes[0]}, {counts[1]} with {sizes[1]}"
