"""Renderers: results in, report text out. They only render."""
