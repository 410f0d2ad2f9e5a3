"""News from the förvaltning to the kommuner, each person's choice of e-mail about them, the weekly digests
sent, and the numbered newsletter issues that gather news items into one PDF (made by the reports app)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tenants.models import Kommun, User

from .markdown import plain_excerpt, render_markdown
from .messages import MSG_NO_KOMMUNER


class NewsItemQuerySet(models.QuerySet):
    def published(self, now=None):
        return self.filter(publish_at__lte=now or timezone.now())

    def addressed_to(self, kommun: Kommun):
        """Items to every kommun, or to this one by name."""
        return self.filter(models.Q(to_all=True) | models.Q(kommuner=kommun)).distinct()


class NewsItem(models.Model):
    """A news item written by the förvaltning: a title and Markdown text (headings, lists, links; shown
    sanitised), to every kommun (`to_all`) or to the kommuner chosen, visible from `publish_at` on.
    A kommun it is not addressed to never sees it (404). `notified_at` is when the "e-mail now" messages
    went out (once, at publication)."""

    title = models.CharField(_("rubrik"), max_length=200)
    body = models.TextField(_("text"), help_text=_("Markdown: # rubrik, - punktlista, [länktext](https://…)."))
    to_all = models.BooleanField(_("till alla kommuner"), default=True)
    kommuner = models.ManyToManyField(Kommun, blank=True, related_name="+", verbose_name=_("kommuner"))
    publish_at = models.DateTimeField(_("publiceras"))
    notified_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("skriven av"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NewsItemQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-id"]
        indexes = [models.Index(fields=["-publish_at"])]
        verbose_name = _("nyhet")
        verbose_name_plural = _("nyheter")

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.publish_at is not None and self.publish_at <= timezone.now()

    @property
    def body_html(self) -> str:
        return render_markdown(self.body)

    @property
    def excerpt(self) -> str:
        return plain_excerpt(self.body)


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("E-post direkt när en nyhet publiceras")
    WEEKLY = "weekly", _("En sammanfattning i veckan (måndagar)")
    NONE = "none", _("Ingen e-post")


class NewsPreference(models.Model):
    """A person's choice of e-mail about news (one for all their kommuner). Without a row the person gets
    the weekly digest. `feed_version` is part of the person's feed address: raising it retires the old one."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="news_preference")
    delivery = models.CharField(_("e-post om nyheter"), max_length=10, choices=Delivery.choices)
    feed_version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("val för nyheter")
        verbose_name_plural = _("val för nyheter")

    def __str__(self) -> str:
        return f"{self.user.email}: {self.delivery}"


DEFAULT_DELIVERY = Delivery.WEEKLY


class DigestSent(models.Model):
    """One weekly digest sent to one person for one kommun: beat may fire twice, the digest goes once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    kommun = models.ForeignKey(Kommun, on_delete=models.CASCADE, related_name="+")
    week = models.CharField(max_length=8, help_text="ISO week, e.g. 2026-W49.")
    items = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kommun", "week"], name="news_digest_once_a_week")]

    def __str__(self) -> str:
        return f"{self.week} {self.kommun_id} {self.user_id}"


class NewsletterIssue(models.Model):
    """A numbered newsletter issue: published news items to every kommun, in order, gathered by the
    förvaltning; the reports app lays it out as a PDF/A to publish and archive."""

    number = models.PositiveIntegerField(_("nummer"), unique=True)
    title = models.CharField(_("rubrik"), max_length=200)
    intro = models.TextField(_("inledning"), blank=True, help_text=_("Markdown, som i nyheterna."))
    items = models.ManyToManyField(NewsItem, through="IssueItem", related_name="issues", verbose_name=_("nyheter"))
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("nyhetsbrev")
        verbose_name_plural = _("nyhetsbrev")

    def __str__(self) -> str:
        return f"Nyhetsbrev nr {self.number}: {self.title}"

    @property
    def intro_html(self) -> str:
        return render_markdown(self.intro)


class IssueItem(models.Model):
    """A news item's place in an issue."""

    issue = models.ForeignKey(NewsletterIssue, on_delete=models.CASCADE, related_name="entries")
    item = models.ForeignKey(NewsItem, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["issue", "item"], name="news_issue_item_once")]

    def __str__(self) -> str:
        return f"{self.issue_id}:{self.position}"


def check_audience(*, to_all: bool, kommuner) -> None:
    if not to_all and not kommuner:
        raise ValidationError({"kommuner": MSG_NO_KOMMUNER})
