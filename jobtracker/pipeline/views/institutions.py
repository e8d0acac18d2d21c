from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from jobtracker.core import fragments
from jobtracker.core.shortcuts import owned_or_404, paginate
from jobtracker.core.views import confirm_delete, form_page, submit
from jobtracker.pipeline import selectors, services
from jobtracker.pipeline.filters import InstitutionFilter
from jobtracker.pipeline.forms import InstitutionForm
from jobtracker.pipeline.models import Institution


@login_required
def institution_list(request):
    def context():
        institutions = selectors.institutions_for_list(user=request.user)
        filterset = InstitutionFilter(request.GET, queryset=institutions, owner=request.user)
        return {"filter": filterset, "page": paginate(request, filterset.qs)}

    return fragments.render_page(
        request, title="Institutions", content="pipeline/_institution_list.html", context=context
    )


@login_required
def institution_detail(request, pk):
    institution = owned_or_404(Institution.objects.prefetch_related("tags"), request, pk=pk)
    positions = selectors.institution_positions(institution=institution)
    return render(request, "pipeline/institution_detail.html", {"institution": institution, "positions": positions})


@login_required
@require_http_methods(["GET", "POST"])
def institution_form(request, pk=None):
    institution = owned_or_404(Institution, request, pk=pk) if pk else None
    form = InstitutionForm(request.POST or None, instance=institution, owner=request.user)
    saved = submit(
        request,
        form,
        lambda data: services.save_institution(owner=request.user, data=data, institution=institution),
        message=lambda saved: f"Saved {saved}.",
        success=lambda saved: saved,
    )
    title = f"Edit {institution}" if institution else "Add an institution"
    cancel_url = institution.get_absolute_url() if institution else reverse("pipeline:institution_list")
    return saved or form_page(request, form, title=title, cancel_url=cancel_url, add_another=institution is None)


@login_required
@require_http_methods(["GET", "POST"])
def institution_delete(request, pk):
    institution = owned_or_404(Institution, request, pk=pk)
    return confirm_delete(
        request,
        institution,
        success_url=reverse("pipeline:institution_list"),
        cancel_url=institution.get_absolute_url(),
        message=f"Deleted {institution} with its postings and applications.",
    )
