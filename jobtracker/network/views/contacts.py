from django.contrib.auth.decorators import login_required
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from jobtracker.core import fragments
from jobtracker.core.services import model_delete
from jobtracker.core.shortcuts import owned_or_404, paginate
from jobtracker.core.views import act, confirm_delete, form_page, safe_next, submit
from jobtracker.network import selectors, services
from jobtracker.network.filters import ContactFilter
from jobtracker.network.forms import ContactForm, InteractionForm
from jobtracker.network.models import ApplicationContact, Contact, Interaction


@login_required
def contact_list(request):
    def context():
        contacts = selectors.contacts_for_list(user=request.user)
        filterset = ContactFilter(request.GET, queryset=contacts, owner=request.user)
        return {"filter": filterset, "page": paginate(request, filterset.qs)}

    return fragments.render_page(request, title="Contacts", content="network/_contact_list.html", context=context)


@login_required
@require_http_methods(["GET", "POST"])
def contact_form(request, pk=None):
    contact = owned_or_404(Contact, request, pk=pk) if pk else None
    form = ContactForm(request.POST or None, instance=contact, owner=request.user)
    saved = submit(
        request,
        form,
        lambda data: services.save_contact(owner=request.user, data=form.contact_data(), contact=contact),
        message=lambda saved: f"Saved {saved}.",
        success=lambda saved: saved,
    )
    title = f"Edit {contact}" if contact else "Add a contact"
    cancel_url = contact.get_absolute_url() if contact else reverse("network:contact_list")
    return saved or form_page(request, form, title=title, cancel_url=cancel_url, add_another=contact is None)


@login_required
@require_http_methods(["GET", "POST"])
def contact_delete(request, pk):
    contact = owned_or_404(Contact, request, pk=pk)
    return confirm_delete(
        request, contact, success_url=reverse("network:contact_list"), cancel_url=contact.get_absolute_url()
    )


@login_required
@require_POST
def link_delete(request, pk):
    link = owned_or_404(ApplicationContact.objects.select_related("contact"), request, pk=pk)
    return act(request, lambda: model_delete(instance=link), message="Removed the link.", success=link.contact)


@login_required
@require_http_methods(["GET", "POST"])
def interaction_edit(request, pk):
    interaction = owned_or_404(Interaction.objects.select_related("contact"), request, pk=pk)
    form = InteractionForm(request.POST or None, instance=interaction)
    saved = submit(
        request,
        form,
        lambda data: services.update_interaction(interaction=interaction, data=data),
        message="Interaction saved.",
        success=interaction.contact,
    )
    back = interaction.contact.get_absolute_url()
    return saved or form_page(request, form, title=f"Edit {interaction}", cancel_url=back)


@login_required
@require_http_methods(["GET", "POST"])
def interaction_delete(request, pk):
    interaction = owned_or_404(Interaction.objects.select_related("contact"), request, pk=pk)
    back = interaction.contact.get_absolute_url()
    return confirm_delete(request, interaction, success_url=back, cancel_url=back, message="Interaction deleted.")


@login_required
@require_POST
def interaction_done(request, pk):
    interaction = owned_or_404(Interaction.objects.select_related("contact"), request, pk=pk)
    return act(
        request,
        lambda: services.mark_follow_up_done(interaction=interaction),
        message=f"Follow-up with {interaction.contact} marked done.",
        success=safe_next(request, interaction.contact),
    )
