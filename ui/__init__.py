"""Shared UI: labels and formats, sidebar filters, KPI cards, charts, maps, exports."""
