"""Generated data with a planted, known truth: the demo event folder and the simulation worlds.

- :mod:`toolkit.datasets.demo`: the demo season written to ``data/demo`` (``netout demo``);
- :mod:`toolkit.datasets.simulate`: outcome tables with known effects, for checking the comparison.
"""
