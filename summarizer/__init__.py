"""summarizer: structured, grounded data from Chinese county education bureau work reports."""

__version__ = "0.1.0"
