"""audit: a source-reliability and aggregation auditor for news articles."""

__version__ = "0.1.0"
