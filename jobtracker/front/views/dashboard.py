from django.contrib.auth.decorators import login_required

from jobtracker.core import fragments
from jobtracker.front import selectors
from jobtracker.pipeline import selectors as pipeline_selectors


@login_required
def dashboard(request):
    def context():
        data = selectors.dashboard(user=request.user, choice=pipeline_selectors.season_from_request(request))
        return {"dash": data, "season": data.season, "seasons": data.seasons}

    return fragments.render_page(request, title="Dashboard", content="front/_dashboard.html", context=context)
