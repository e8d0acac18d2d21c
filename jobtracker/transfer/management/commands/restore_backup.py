"""Restore a backup file from the server's disk into an empty account: for backups larger than an upload may be."""

from django.core.management.base import BaseCommand, CommandError

from jobtracker.accounts.models import User
from jobtracker.transfer import inspection, restorer
from jobtracker.transfer.archive import BackupProblem


class Command(BaseCommand):
    help = "Check a backup zip, then restore it into the empty account with this e-mail address."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the backup's .zip file")
        parser.add_argument("--email", required=True, help="the account to restore into (it must be empty)")

    def handle(self, *args, path, email, **options):
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No account has the address {email}.")
        try:
            with open(path, "rb") as stream:
                inspection.inspect(stream)
                counts = restorer.restore(user=user, stream=stream, progress=lambda done, total: None)
        except (BackupProblem, OSError) as problem:
            raise CommandError(str(problem)) from None
        self.stdout.write(self.style.SUCCESS(f"Restored {sum(counts.values()):,} rows into {user.email}."))
