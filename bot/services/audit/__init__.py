"""The append-only, hash-chained audit log."""

from bot.services.audit._service import AuditService, verify_file

__all__ = ["AuditService", "verify_file"]
