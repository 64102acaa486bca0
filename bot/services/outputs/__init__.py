"""Outputs of each review's steps: versions kept by the bot, clearance, templates, publication."""

from bot.services.outputs._archive import archive_files, manifest, version_path
from bot.services.outputs._service import Cleared, FocalPointLookup, OutputService
from bot.services.outputs._text import CLEAR_PREFIX, KIND, size_text, state_name, title

__all__ = ["CLEAR_PREFIX", "KIND", "Cleared", "FocalPointLookup", "OutputService",
           "archive_files", "manifest", "size_text", "state_name", "title",
           "version_path"]
