"""Kommuner (tenants), people, roles, invitations and the audit trail. All live in the public schema."""

import re

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin
from django_tenants.utils import schema_exists

from .choice_labels import ChoiceLabels
from .messages import (
    MSG_KOMMUNKOD_COUNTY,
    MSG_KOMMUNKOD_FORMAT,
    MSG_KOMMUNKOD_UNKNOWN,
    MSG_ROLE_NOT_FOR_CONSORTIUM,
    MSG_ROLE_NOT_FOR_KOMMUN,
    MSG_SUBDOMAIN_FORMAT,
    MSG_SUBDOMAIN_RESERVED,
)
from .provisioning import create_and_migrate
from .reference import swedish_kommuner

CONSORTIUM_SCHEMA = "public"
SUBDOMAIN_RE = re.compile(r"^[a-z](?:[a-z0-9-]{0,40}[a-z0-9])?$")
RESERVED_SUBDOMAINS = {"www", "public", "admin", "api", "static", "media", "mail", "skanearkiv", "pg_catalog"}


def validate_kommunkod(value: str) -> None:
    """A kommunkod is SCB's four digits: county 01–25 followed by two digits, and it must exist."""
    if not re.fullmatch(r"\d{4}", value or ""):
        raise ValidationError(MSG_KOMMUNKOD_FORMAT, code="format")
    if not 1 <= int(value[:2]) <= 25:
        raise ValidationError(MSG_KOMMUNKOD_COUNTY, code="county")
    if value not in swedish_kommuner():
        raise ValidationError(MSG_KOMMUNKOD_UNKNOWN, code="unknown", params={"code": value})


def validate_subdomain(value: str) -> None:
    if not SUBDOMAIN_RE.fullmatch(value or ""):
        raise ValidationError(MSG_SUBDOMAIN_FORMAT, code="format")
    if value in RESERVED_SUBDOMAINS:
        raise ValidationError(MSG_SUBDOMAIN_RESERVED, code="reserved", params={"subdomain": value})


class KommunQuerySet(models.QuerySet):
    def members(self):
        """Every kommun tenant (the consortium's own public tenant excluded)."""
        return self.exclude(schema_name=CONSORTIUM_SCHEMA)

    def active(self):
        """Kommuner the consortium works for: members and those leaving (not prospects, not those who left)."""
        return self.members().filter(status__in=[Kommun.Status.MEMBER, Kommun.Status.LEAVING])

    def consortium(self):
        return self.get(schema_name=CONSORTIUM_SCHEMA)


class KommunManager(models.Manager.from_queryset(KommunQuerySet)):
    """`Kommun.objects`: every kommun that has a schema, i.e. all but those whose data was deleted after they left.

    django-tenants (migrate_schemas, tenant_command, all_tenants_command, create_missing_schemas) and
    tenant-schemas-celery (beat's scheduler, the tenant of a task) find tenants through
    `get_tenant_model().objects`; a deleted kommun keeps its row (and schema_name) for the record of its
    departure, and would send them into a schema that no longer exists. `Kommun.all_objects` still has it.
    """

    def get_queryset(self):
        departure = apps.get_model("kommun_data", "KommunDeparture")
        deleted = departure.objects.filter(deleted_at__isnull=False).values("kommun_id")
        return super().get_queryset().exclude(pk__in=deleted)


class Kommun(ChoiceLabels, TenantMixin):
    """A municipality: one tenant with its own PostgreSQL schema and subdomain.

    The consortium itself (SkånEarkiv) is the public tenant: it has no kommunkod and
    its memberships carry the consortium roles (förvaltning, ledning).
    """

    class Status(models.TextChoices):
        PROSPECT = "prospekt", _("Prospekt")
        MEMBER = "medlem", _("Medlem")
        LEAVING = "uttradande", _("Utträdande")
        LEFT = "uttradd", _("Utträdd")

    name = models.CharField(_("namn"), max_length=100)
    kommunkod = models.CharField(
        _("kommunkod"), max_length=4, unique=True, null=True, blank=True, validators=[validate_kommunkod]
    )
    subdomain = models.CharField(_("underdomän"), max_length=42, unique=True, validators=[validate_subdomain])
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.MEMBER)
    is_host = models.BooleanField(_("värdkommun"), default=False)
    joined_on = models.DateField(_("anslöt"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    auto_create_schema = True
    auto_drop_schema = False

    objects = KommunManager()  # the first manager, so also the default: without the deleted ones
    all_objects = KommunQuerySet.as_manager()  # with them: uniqueness, the record of departures

    class Meta:
        ordering = ["name"]
        verbose_name = _("kommun")
        verbose_name_plural = _("kommuner")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(schema_name=CONSORTIUM_SCHEMA) | models.Q(kommunkod__isnull=False),
                name="kommun_has_kommunkod",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def create_schema(self, check_if_exists=False, sync_schema=True, verbosity=1):
        """django-tenants' default path (CREATE SCHEMA, then the migrations), without the no-op migrations.

        The shared apps' migrations are recorded in the new schema before it is migrated
        (tenants/provisioning.py says why); everything else is TenantMixin.create_schema's own way.
        """
        if not sync_schema or self.is_consortium or (check_if_exists and schema_exists(self.schema_name)):
            return super().create_schema(check_if_exists, sync_schema, verbosity)
        create_and_migrate(self.schema_name, verbosity=verbosity)
        return True

    @property
    def is_consortium(self) -> bool:
        return self.schema_name == CONSORTIUM_SCHEMA

    def url(self, path: str = "/") -> str:
        return site_url(self.subdomain, self.is_consortium, path)

    def population_in(self, year: int) -> int | None:
        row = self.populations.filter(year=year).first()
        return row.population if row else None


def site_url(subdomain: str, is_consortium: bool, path: str = "/") -> str:
    """The address of a site (Kommun.url), from its subdomain: for callers that read rows, not instances."""
    host = settings.PLATFORM_DOMAIN if is_consortium else f"{subdomain}.{settings.PLATFORM_DOMAIN}"
    port = "" if settings.PLATFORM_PORT in ("", "80", "443") else f":{settings.PLATFORM_PORT}"
    return f"{settings.PLATFORM_SCHEME}://{host}{port}{path}"


class Domain(DomainMixin):
    """A host name that leads to a kommun (or to the consortium site)."""


class KommunPopulation(models.Model):
    """The population (folkmängd) of a kommun on 31 December of a year: costs are shared by it."""

    kommun = models.ForeignKey(Kommun, on_delete=models.CASCADE, related_name="populations")
    year = models.PositiveSmallIntegerField(_("år"), validators=[MinValueValidator(1970)])
    population = models.PositiveIntegerField(_("folkmängd"), validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["kommun", "-year"]
        constraints = [models.UniqueConstraint(fields=["kommun", "year"], name="population_one_per_year")]
        verbose_name = _("folkmängd")
        verbose_name_plural = _("folkmängd")

    def __str__(self) -> str:
        return f"{self.kommun} {self.year}: {self.population}"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra):
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Users live in public; what they may do, and where, is in their memberships."""

    email = models.EmailField(_("e-postadress"), unique=True)
    full_name = models.CharField(_("namn"), max_length=150, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    is_demo = models.BooleanField(default=False, help_text="Demo account: demo_totp may print its code.")
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("användare")
        verbose_name_plural = _("användare")

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.get_full_name()


class Role(models.TextChoices):
    KONTAKT = "kontakt", _("Kontaktperson")
    ARKIVARIE = "arkivarie", _("Arkivarie")
    FORVALTNING = "forvaltning", _("Förvaltning")
    LEDNING = "ledning", _("Ledning (samverkansråd)")


KOMMUN_ROLES = frozenset({Role.KONTAKT, Role.ARKIVARIE})
CONSORTIUM_ROLES = frozenset({Role.FORVALTNING, Role.LEDNING})


def check_role_fits(kommun: Kommun, role: str) -> None:
    """Kommun roles belong to a kommun, consortium roles to the consortium tenant."""
    label = Role(role).label
    if kommun.is_consortium and role not in CONSORTIUM_ROLES:
        raise ValidationError({"role": ValidationError(MSG_ROLE_NOT_FOR_KOMMUN, params={"role": label})})
    if not kommun.is_consortium and role not in KOMMUN_ROLES:
        raise ValidationError({"role": ValidationError(MSG_ROLE_NOT_FOR_CONSORTIUM, params={"role": label})})


class Membership(ChoiceLabels, models.Model):
    """A person's role in one kommun, or in the consortium (förvaltning, ledning)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    kommun = models.ForeignKey(Kommun, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("roll"), max_length=12, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kommun__name", "user__email"]
        constraints = [models.UniqueConstraint(fields=["user", "kommun"], name="membership_one_role_per_kommun")]
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.kommun}"

    def clean(self) -> None:
        if self.role and self.kommun_id:
            check_role_fits(self.kommun, self.role)


class Invitation(ChoiceLabels, models.Model):
    """An invitation by e-mail to a role in a kommun. The link is single-use and expires.

    Only a hash of the token is stored: a leaked database does not leak usable links.
    """

    class State(models.TextChoices):
        OPEN = "open", _("Öppen")
        ACCEPTED = "accepted", _("Accepterad")
        REVOKED = "revoked", _("Återkallad")
        EXPIRED = "expired", _("Utgången")

    kommun = models.ForeignKey(Kommun, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-postadress"))
    role = models.CharField(_("roll"), max_length=12, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("inbjudan")
        verbose_name_plural = _("inbjudningar")

    def __str__(self) -> str:
        return f"{self.email} ({self.get_role_display()}, {self.kommun})"

    @property
    def state(self) -> str:
        if self.accepted_at:
            return self.State.ACCEPTED
        if self.revoked_at:
            return self.State.REVOKED
        if self.expires_at <= timezone.now():
            return self.State.EXPIRED
        return self.State.OPEN

    def get_state_display(self) -> str:
        return self.State(self.state).label


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("The audit trail is append-only.")

    def delete(self):
        raise TypeError("The audit trail is append-only.")


class AuditEvent(models.Model):
    """Append-only record of who did what, when, to which object, in which kommun.

    Enforced twice: the model refuses updates and deletes, and a trigger in the
    database refuses UPDATE and DELETE statements.
    """

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    actor_email = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=64, db_index=True)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    kommun = models.ForeignKey(Kommun, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    details = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = _("händelse")
        verbose_name_plural = _("händelselogg")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_email} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("The audit trail is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The audit trail is append-only.")
