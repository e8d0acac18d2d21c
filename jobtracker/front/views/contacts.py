from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from jobtracker.core.shortcuts import owned_or_404
from jobtracker.core.views import submit
from jobtracker.front import selectors
from jobtracker.network import services as network_services
from jobtracker.network.forms import ApplicationLinkForm, InteractionForm
from jobtracker.network.models import Contact


def _contact(request, pk):
    return owned_or_404(Contact.objects.select_related("institution"), request, pk=pk)


def _render_detail(request, contact, interaction_form=None, link_form=None, status=200):
    page = selectors.contact_page(contact=contact)
    context = {
        "contact": contact,
        "interactions": page.interactions,
        "links": page.links,
        "letters": page.letters,
        "meetings": page.meetings,
        "interviews": page.interviews,
        "today": timezone.localdate(),
        "interaction_form": interaction_form or InteractionForm(initial={"happened_on": timezone.localdate()}),
        "link_form": link_form or ApplicationLinkForm(owner=request.user),
    }
    return render(request, "front/contact_detail.html", context, status=status)


@login_required
def contact_detail(request, pk):
    return _render_detail(request, _contact(request, pk))


@login_required
@require_POST
def contact_interaction_create(request, pk):
    contact = _contact(request, pk)
    form = InteractionForm(request.POST)
    saved = submit(
        request,
        form,
        lambda data: network_services.log_interaction(contact=contact, data=data),
        message="Interaction logged.",
        success=contact,
    )
    return saved or _render_detail(request, contact, interaction_form=form, status=400)


@login_required
@require_POST
def contact_link_create(request, pk):
    contact = _contact(request, pk)
    form = ApplicationLinkForm(request.POST, owner=request.user)
    saved = submit(
        request,
        form,
        lambda data: network_services.link_application(contact=contact, data=data),
        message=lambda link: f"{contact} is now linked to {link.application}.",
        success=contact,
    )
    return saved or _render_detail(request, contact, link_form=form, status=400)
