"""The append-only, hash-chained audit log."""

from bot.services.audit._service import AuditService

__all__ = ["AuditService"]
