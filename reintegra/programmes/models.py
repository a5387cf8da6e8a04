"""Programmes people are enrolled in. The results framework will grow here."""

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from reintegra.core.models import TimeStampedModel


class Programme(TimeStampedModel):
    """A rehabilitation and reintegration programme; a case is one enrolment in one."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    description = models.TextField(_("description"), blank=True)
    lead_agency = models.ForeignKey(
        "accounts.Agency",
        verbose_name=_("lead agency"),
        on_delete=models.PROTECT,
        related_name="led_programmes",
    )
    is_active = models.BooleanField(_("accepting enrolments"), default=True)
    started_on = models.DateField(_("started on"), null=True, blank=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering: ClassVar[list[str]] = ["name"]

    def __str__(self) -> str:
        return self.name
