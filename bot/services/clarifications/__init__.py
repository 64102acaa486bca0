"""Clarification requests: asking, answering, follow-ups and their threads."""

from bot.services.clarifications._inputs import article_labels
from bot.services.clarifications._replies import answered_text, asked_text, where
from bot.services.clarifications._service import ClarificationService
from bot.services.clarifications._text import MAX_TEXT, list_reply

__all__ = ["ClarificationService", "MAX_TEXT", "answered_text", "article_labels", "asked_text",
           "list_reply", "where"]
