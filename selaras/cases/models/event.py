from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    CREATED = "created", _("Case registered")
    UPDATED = "updated", _("Details changed")
    NOTE_ADDED = "note_added", _("Note added")
    TRANSITION = "transition", _("Workflow action")
    ACCESS_GRANTED = "access_granted", _("Access granted")
    # Case handling (selaras.parties, selaras.handling); ``action`` says what happened.
    PARTY = "party", _("Party")
    IMPACT = "impact", _("Impact")
    HANDLING_ACTION = "handling_action", _("Handling action")
    TASK = "task", _("Task")
    AGREEMENT = "agreement", _("Agreement")
    REFERRAL = "referral", _("Referral")
    # Evidence, registry links, related cases and merges (selaras.evidence,
    # selaras.registry, selaras.cases.relations).
    ATTACHMENT = "attachment", _("Attachment")
    REGISTRY_LINK = "registry_link", _("Registry link")
    RELATION = "relation", _("Related case")
    # SOP playbooks (selaras.playbooks): attached, step completed/skipped.
    PLAYBOOK = "playbook", _("Playbook")
    # Automatic steps (selaras.automation): deadline reminders, alerts.
    AUTOMATION = "automation", _("Automatic step")


class CaseEvent(models.Model):
    """One entry of a case's timeline: who did what, when, from what to what, and why.

    Written only by services, in the same transaction as the change it records.
    """

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=30, choices=EventKind.choices)
    action = models.CharField(_("action"), max_length=30, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    from_unit = models.ForeignKey(
        "org.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_unit = models.ForeignKey(
        "org.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["case", "created_at"])]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.action}".strip()
