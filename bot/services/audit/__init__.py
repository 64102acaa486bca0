"""The append-only, hash-chained audit log."""

from bot.services.audit._service import AfterSensitive, AuditService, verify_file

__all__ = ["AfterSensitive", "AuditService", "verify_file"]
