from django.utils.functional import SimpleLazyObject

from jobtracker.reminders.models import Delivery


def failed_reminders(request):
    """How many of the user's reminders could not be sent; counted only when a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    count = SimpleLazyObject(lambda: Delivery.objects.filter(owner=user, status=Delivery.Status.FAILED).count())
    return {"failed_reminders": count}
