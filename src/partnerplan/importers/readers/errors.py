"""The one error a reader raises: the file was refused, with a message for the user."""


class ImportRefused(ValueError):
    """A file partnerplan will not read. The message names the problem in words a
    partnership officer can act on; it never carries a library's traceback text."""
