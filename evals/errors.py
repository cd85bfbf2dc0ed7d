"""One root for the eval's input errors, so the CLI turns each into a single line and exit 1."""

from __future__ import annotations


class EvalInputError(Exception):
    """A corpus, label file or baseline that cannot be used; the message names the file."""
