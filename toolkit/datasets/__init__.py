"""Generated data with a planted, known truth: the demo event folder and the simulation worlds.

- :mod:`toolkit.datasets.demo`: the demo season written to ``data/demo`` (``netout demo``);
- :mod:`toolkit.datasets.simulate`: outcome tables with known effects, for checking the comparison;
- :func:`example_folder`: a small event folder shipped with the package (two events, 120
  attendees, written by ``write_demo_folder(n_attendees=120, n_events=2, random_state=7)``),
  on which the docstring examples run.

Example
-------
>>> sorted(p.name for p in example_folder().iterdir())
['E01', 'E02', 'netout.toml']
"""

from __future__ import annotations

from pathlib import Path

_EXAMPLE = Path(__file__).resolve().parent / "example"


def example_folder() -> Path:
    """The path of the small example event folder that ships with the toolkit (read-only).

    Example
    -------
    >>> import toolkit
    >>> data = toolkit.load_event_data(example_folder(), secret="example")
    >>> data.event_ids
    ['E01', 'E02']
    """
    return _EXAMPLE
