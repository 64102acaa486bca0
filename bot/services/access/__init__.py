"""Access checks against the declarative table, with refusals audited."""

from bot.services.access._service import AccessService

__all__ = ["AccessService"]
