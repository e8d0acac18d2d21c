from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from jobtracker.core.shortcuts import owned_or_404, paginate
from jobtracker.interviews import selectors as interview_selectors
from jobtracker.network import selectors
from jobtracker.network.filters import ContactFilter
from jobtracker.network.forms import ApplicationLinkForm, ContactForm, InteractionForm
from jobtracker.network.models import ApplicationContact, Contact, Interaction


@login_required
def contact_list(request):
    filterset = ContactFilter(request.GET, queryset=selectors.contacts_for_list(user=request.user), owner=request.user)
    return render(request, "network/contact_list.html", {"filter": filterset, "page": paginate(request, filterset.qs)})


def _render_detail(request, contact, interaction_form=None, link_form=None, status=200):
    context = {
        "contact": contact,
        "interactions": selectors.contact_interactions(contact=contact),
        "links": selectors.contact_applications(contact=contact),
        "letters": selectors.contact_letters(contact=contact),
        "meetings": interview_selectors.meetings_for_contact(contact=contact),
        "interviews": interview_selectors.interviews_for_contact(contact=contact),
        "today": timezone.localdate(),
        "interaction_form": interaction_form or InteractionForm(initial={"happened_on": timezone.localdate()}),
        "link_form": link_form or ApplicationLinkForm(owner=request.user, contact=contact),
    }
    return render(request, "network/contact_detail.html", context, status=status)


@login_required
def contact_detail(request, pk):
    return _render_detail(request, owned_or_404(Contact.objects.select_related("institution"), request, pk=pk))


@login_required
@require_http_methods(["GET", "POST"])
def contact_form(request, pk=None):
    contact = owned_or_404(Contact, request, pk=pk) if pk else None
    form = ContactForm(request.POST or None, instance=contact, owner=request.user)
    if request.method == "POST" and form.is_valid():
        contact = form.save()
        messages.success(request, f"Saved {contact}.")
        return redirect(contact)
    title = f"Edit {contact}" if contact else "Add a contact"
    cancel_url = contact.get_absolute_url() if contact else reverse("network:contact_list")
    return render(request, "pipeline/form.html", {"form": form, "title": title, "cancel_url": cancel_url})


@login_required
@require_http_methods(["GET", "POST"])
def contact_delete(request, pk):
    contact = owned_or_404(Contact, request, pk=pk)
    letters = contact.letter_requests.count()
    if request.method == "POST" and not letters:
        contact.delete()
        messages.success(request, f"Deleted {contact}.")
        return redirect("network:contact_list")
    if letters:
        messages.error(request, f"{contact} has {letters} letter request(s); remove those first.")
        return redirect(contact)
    consequences = [
        f"{contact.interactions.count()} interaction(s)",
        f"{contact.application_links.count()} application role(s)",
        f"{contact.visit_meetings.count()} campus-visit meeting(s) with their thank-you status",
    ]
    context = {"object": contact, "consequences": consequences, "cancel_url": contact.get_absolute_url()}
    return render(request, "pipeline/confirm_delete.html", context)


@login_required
@require_POST
def contact_interaction_create(request, pk):
    contact = owned_or_404(Contact.objects.select_related("institution"), request, pk=pk)
    form = InteractionForm(request.POST, instance=Interaction(owner=request.user, contact=contact))
    if form.is_valid():
        form.save()
        messages.success(request, "Interaction logged.")
        return redirect(contact)
    return _render_detail(request, contact, interaction_form=form, status=400)


@login_required
@require_POST
def contact_link_create(request, pk):
    contact = owned_or_404(Contact.objects.select_related("institution"), request, pk=pk)
    form = ApplicationLinkForm(request.POST, owner=request.user, contact=contact)
    if form.is_valid():
        link = form.save()
        messages.success(request, f"{contact} is now linked to {link.application}.")
        return redirect(contact)
    return _render_detail(request, contact, link_form=form, status=400)


@login_required
@require_POST
def link_delete(request, pk):
    link = owned_or_404(ApplicationContact, request, pk=pk)
    link.delete()
    messages.success(request, "Removed the link.")
    return redirect(link.contact)


@login_required
@require_http_methods(["GET", "POST"])
def interaction_edit(request, pk):
    interaction = owned_or_404(Interaction.objects.select_related("contact"), request, pk=pk)
    form = InteractionForm(request.POST or None, instance=interaction)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Interaction saved.")
        return redirect(interaction.contact)
    context = {"form": form, "title": f"Edit {interaction}", "cancel_url": interaction.contact.get_absolute_url()}
    return render(request, "pipeline/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def interaction_delete(request, pk):
    interaction = owned_or_404(Interaction.objects.select_related("contact"), request, pk=pk)
    if request.method == "POST":
        interaction.delete()
        messages.success(request, "Interaction deleted.")
        return redirect(interaction.contact)
    context = {"object": interaction, "cancel_url": interaction.contact.get_absolute_url()}
    return render(request, "pipeline/confirm_delete.html", context)


@login_required
@require_POST
def interaction_done(request, pk):
    interaction = owned_or_404(Interaction.objects.select_related("contact"), request, pk=pk)
    interaction.follow_up_done = True
    interaction.save(update_fields=["follow_up_done", "updated_at"])
    messages.success(request, f"Follow-up with {interaction.contact} marked done.")
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect(interaction.contact)
