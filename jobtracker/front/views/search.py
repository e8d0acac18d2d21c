from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from jobtracker.core import text_search
from jobtracker.core.shortcuts import paginate
from jobtracker.front import search as search_rules


@login_required
def search(request):
    """Every kind's first matches with their counts; with ?kind=, all of one kind's, a page at a time.

    Typing in the page's own field asks again through htmx, which gets the results alone.
    """
    query = text_search.parse(request.GET.get("q", ""))
    kind = search_rules.KINDS_BY_KEY.get(request.GET.get("kind", ""))
    results_only = bool(request.htmx) and not request.htmx.history_restore_request
    context = {
        "query": query,
        "kind": kind,
        "results_only": results_only,
        "ignores_accents": text_search.ignores_accents(),
        "max_length": text_search.MAX_QUERY_LENGTH,
        "max_words": text_search.MAX_WORDS,
    }
    if query.words and kind:
        context["page"] = paginate(request, search_rules.matching(kind, user=request.user, words=query.words))
    elif query.words:
        context["groups"] = search_rules.summary(user=request.user, words=query.words)
        context["found"] = sum(group.total for group in context["groups"])
    response = render(request, "front/_search_results.html" if results_only else "front/search.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response
