"""What the command line needs of the history before it runs anything (kept light: the
database, its queries and reports are imported only by the commands that use them)."""

TRAILING_DAYS = 28  # the trailing mean of the regression gate, by default


class HistoryError(Exception):
    """A history database that cannot be used; the message names the file, on one line."""
