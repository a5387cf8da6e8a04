"""Admin changes go into the audit chain too.

Memberships decide what people may see, so granting oneself a supervisor role in the
admin must leave a tamper-evident trace, not only a row in Django's editable admin log.
"""

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from reintegra.core.actors import Actor
from reintegra.core.audit import audit_record


def _actor(request: HttpRequest) -> Actor:
    user = request.user
    return Actor(user_id=user.pk, name=str(getattr(user, "label", user)))


def _record(request: HttpRequest, obj: Model, verb: str, message: Any = None) -> None:
    audit_record(
        actor=_actor(request),
        action="admin.{model}_{verb}".format(model=obj._meta.model_name, verb=verb),
        target=obj,
        changes={"admin": message} if message else {},
    )


class AuditedAdmin(admin.ModelAdmin):
    """Every add, change and delete made through this admin is audited."""

    def log_addition(self, request: HttpRequest, obj: Model, message: Any) -> Any:
        _record(request, obj, "added", message)
        return super().log_addition(request, obj, message)

    def log_change(self, request: HttpRequest, obj: Model, message: Any) -> Any:
        _record(request, obj, "changed", message)
        return super().log_change(request, obj, message)

    def log_deletions(self, request: HttpRequest, queryset: QuerySet[Any]) -> Any:
        for obj in queryset:
            _record(request, obj, "deleted")
        return super().log_deletions(request, queryset)
