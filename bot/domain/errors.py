"""Errors that carry a message meant for the person who caused them."""


class InputError(ValueError):
    """Bad input: the message says what was wrong and how to fix it. Nothing was changed."""


class Refused(Exception):
    """The person may not do this here; the message names what is needed."""
