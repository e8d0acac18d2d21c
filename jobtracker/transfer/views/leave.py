"""Leaving: the page offers a backup first, then deletes the account with every row and file it owns."""

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from jobtracker.transfer import leaving, restorer
from jobtracker.transfer.forms import LeaveForm
from jobtracker.transfer.models import Backup


@login_required
@require_http_methods(["GET", "POST"])
def leave(request):
    form = LeaveForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        email = request.user.email
        farewell = leaving.delete_account(user=request.user)
        logout(request)
        return render(request, "transfer/left.html", {"farewell": farewell, "email": email})
    context = {
        "form": form,
        "holdings": restorer.account_holdings(request.user),
        "ready": Backup.objects.for_user(request.user).filter(status=Backup.Status.DONE)[:3],
    }
    return render(request, "transfer/leave.html", context, status=400 if form.errors else 200)
