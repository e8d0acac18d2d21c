import json

from django.core.management.base import BaseCommand, CommandError

from jobtracker.core import health


class Command(BaseCommand):
    help = "Print the health report (database, broker, reminders) as JSON; exit 1 when something is wrong."

    def handle(self, *args, **options):
        result = health.report()
        self.stdout.write(json.dumps(result, indent=2, default=str))
        if not result["ok"]:
            raise CommandError(
                "unhealthy: " + ", ".join(name for name, check in result["checks"].items() if not check["ok"])
            )
