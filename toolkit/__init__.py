"""Networking-outcomes toolkit: did an event's networking sessions work, and for whom?

The public API, in pipeline order. Importing ``toolkit`` is light: the heavy
modules load when a function is first used, and Streamlit is never imported.

Example
-------
>>> import toolkit
>>> data = toolkit.load_event_data(toolkit.datasets.example_folder(), secret="example")
>>> table = toolkit.compute_outcomes(data)
>>> effects = toolkit.compare_formats(table, outcome="new_contacts", by="style", random_state=0)
>>> effects["segment"].tolist()
['reserved', 'self-directed', 'unknown']
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

# public name -> module that defines it
_API: dict[str, str] = {
    "EventData": "toolkit.io.load",
    "load_event_data": "toolkit.io.load",
    "validate_folder": "toolkit.io.load",
    "extract_zip": "toolkit.io.files",
    "read_folder": "toolkit.io.load",
    "from_tables": "toolkit.io.load",
    "pseudonymise": "toolkit.privacy",
    "parse_yes_no": "toolkit.io.parsing",
    "parse_likert": "toolkit.io.parsing",
    "parse_timestamp": "toolkit.io.parsing",
    "parse_number": "toolkit.io.parsing",
    "Settings": "toolkit.settings",
    "StyleScale": "toolkit.settings",
    "Problem": "toolkit.errors",
    "ValidationReport": "toolkit.errors",
    "NetoutError": "toolkit.errors",
    "DataValidationError": "toolkit.errors",
    "UsageError": "toolkit.errors",
    "make_demo_tables": "toolkit.datasets.demo",
    "write_demo_folder": "toolkit.datasets.demo",
    "PLANTED_EFFECTS": "toolkit.datasets.demo",
    "import_export": "toolkit.io.importers",
    "ImportResult": "toolkit.io.importers",
    "event_order": "toolkit.events",
    "event_sequence": "toolkit.events",
    "compute_outcomes": "toolkit.outcomes",
    "event_summary": "toolkit.outcomes",
    "match_followups": "toolkit.outcomes",
    "score_style": "toolkit.segments",
    "scale_reliability": "toolkit.segments",
    "ScaleReliability": "toolkit.segments",
    "style_from_attendees": "toolkit.segments",
    "contact_graph": "toolkit.network",
    "brokerage": "toolkit.network",
    "compare_formats": "toolkit.compare",
    "compare_outcomes": "toolkit.compare",
    "segment_difference": "toolkit.compare",
    "naive_difference": "toolkit.compare",
    "default_covariates": "toolkit.compare",
    "segment_columns": "toolkit.compare",
    "default_grouping": "toolkit.compare",
    "better_format": "toolkit.compare",
    "better_formats": "toolkit.compare",
    "MIN_SESSIONS_PER_FORMAT": "toolkit.compare",
    "fit_comparison": "toolkit.compare",
    "FormatComparison": "toolkit.compare",
    "recommend_format": "toolkit.recommend",
    "default_mix": "toolkit.recommend",
    "Recommendation": "toolkit.recommend",
    "sample_size": "toolkit.recommend",
    "SampleSize": "toolkit.recommend",
    "mix_advisor": "toolkit.recommend",
    "MixAdvisor": "toolkit.recommend",
    "plan_next_event": "toolkit.plan",
    "trial_registrations": "toolkit.plan",
    "NextEventPlan": "toolkit.plan",
    "simulate_outcome_table": "toolkit.datasets.simulate",
    "simulation_study": "toolkit.datasets.simulate",
    "example_folder": "toolkit.datasets",
    "build_report": "toolkit.report",
    "effect_forest": "toolkit.plots",
    "followthrough_table": "toolkit.plots",
    "followthrough_funnel": "toolkit.plots",
    "overview_figure": "toolkit.plots",
    "network_figure": "toolkit.plots",
    "expected_outcome_figure": "toolkit.plots",
    "FORMAT_COLOURS": "toolkit.plots",
    "compose_report": "toolkit.report",
    "BoardReport": "toolkit.report",
}

__all__ = sorted(_API) + ["__version__"]

_SUBMODULES = frozenset({
    "contract", "cache", "catalogue", "errors", "settings", "privacy", "params", "io", "datasets",
    "events", "outcomes", "segments", "network", "compare", "recommend", "plan", "wording", "plots", "report",
})


def __getattr__(name: str):
    if name in _API:
        value = getattr(importlib.import_module(_API[name]), name)
        globals()[name] = value
        return value
    if name in _SUBMODULES:
        # ``toolkit.outcomes.event_order`` works without importing the submodule first
        return importlib.import_module(f"toolkit.{name}")
    raise AttributeError(f"module 'toolkit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
