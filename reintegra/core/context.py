"""Request-scoped values the audit trail records: request id and channel."""

from contextvars import ContextVar

from reintegra.core.choices import AuditChannel

request_id_var: ContextVar[str] = ContextVar("request_id", default="")
channel_var: ContextVar[str] = ContextVar("channel", default=AuditChannel.SYSTEM)
