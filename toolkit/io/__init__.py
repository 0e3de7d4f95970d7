"""Reading: from an organiser's files to a checked, pseudonymised :class:`~toolkit.io.load.EventData`.

The first stage of the pipeline. Nothing here imports the analysis modules.

- :mod:`toolkit.io.files`: the one reader and writer of table files (size cap, encoding, delimiter,
  CSV/XLSX/Parquet, zips; formula-safe CSV);
- :mod:`toolkit.io.parsing`: cells to typed values (yes/no, Likert answers, times, numbers);
- :mod:`toolkit.io.schemas`: the table contract, stated once as pandera models (meaning and bad-cell rules);
- :mod:`toolkit.io.rules`: what those models say, as plain data for the loader (pandera imported only to
  describe a table that fails its checks);
- :mod:`toolkit.io.load`: an event folder (or tables in memory) to ``EventData``;
- :mod:`toolkit.io.importers`: real exports (SocioPatterns logs, survey tools, scorecards) to an event folder.
"""
