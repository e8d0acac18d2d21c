from django.core.management.base import BaseCommand

from jobtracker.accounts.models import User
from jobtracker.interviews.demo import seed_interviews
from jobtracker.materials.demo import seed_materials
from jobtracker.network.demo import seed_network
from jobtracker.offers.demo import seed_offers
from jobtracker.pipeline import demo


class Command(BaseCommand):
    help = "Create the demo account with a believable season (and, with --scale heavy, a large benchmark account)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["normal", "heavy"], default="normal")
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when any account exists.")

    def handle(self, *args, scale, if_empty, **options):
        if if_empty and User.objects.exists():
            self.stdout.write("Accounts exist already; demo data not loaded.")
            return
        user, created = demo.seed_demo()
        if created:
            seed_materials(user=user)
            seed_offers(user=user)
            seed_network(user=user)
            seed_interviews(user=user)
        verb = "Created" if created else "Kept the existing"
        self.stdout.write(
            self.style.SUCCESS(f"{verb} demo account. Log in as {demo.DEMO_EMAIL} / {demo.DEMO_PASSWORD}")
        )
        if scale == "heavy":
            heavy = demo.seed_heavy()
            self.stdout.write(
                self.style.SUCCESS(
                    f"Created heavy account {heavy.email} / {demo.DEMO_PASSWORD}: "
                    "500 institutions, 300 applications, 5,000 stage events."
                )
            )
