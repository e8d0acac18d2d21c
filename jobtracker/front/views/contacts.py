from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from jobtracker.core.forms import add_errors
from jobtracker.core.shortcuts import owned_or_404
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
    if form.is_valid():
        try:
            network_services.log_interaction(contact=contact, data=form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Interaction logged.")
            return redirect(contact)
    return _render_detail(request, contact, interaction_form=form, status=400)


@login_required
@require_POST
def contact_link_create(request, pk):
    contact = _contact(request, pk)
    form = ApplicationLinkForm(request.POST, owner=request.user)
    if form.is_valid():
        try:
            link = network_services.link_application(contact=contact, data=form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{contact} is now linked to {link.application}.")
            return redirect(contact)
    return _render_detail(request, contact, link_form=form, status=400)
