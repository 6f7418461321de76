"""Printable documents generated from case data (PDF via WeasyPrint).

``case_pdf.render_case_report`` is the case file an office keeps;
``level_report.render_level_report`` is the structured report one office sends
up to the next. Both render Django templates and fetch nothing from the network
(``pdf.LocalOnlyURLFetcher``).
"""
