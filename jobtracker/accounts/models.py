from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone

from jobtracker.accounts.timezones import timezone_choices


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, email):
        # E-mail addresses are matched without regard to case: "Ada@Uni.edu" logs in as "ada@uni.edu".
        return self.get(email__iexact=email)

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    # Stored lower-cased (manager and clean()), so a plain unique index is case-insensitive in effect.
    email = models.EmailField("e-mail address", max_length=254, unique=True)
    full_name = models.CharField(max_length=150, blank=True)
    time_zone = models.CharField(
        max_length=64,
        choices=timezone_choices,
        default="UTC",
        help_text="Every date and time is shown in this zone.",
    )
    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return (self.full_name.split() or [self.email])[0]
