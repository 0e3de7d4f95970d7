"""The outcome definitions, as SQL: one place, run by the embedded engine (DuckDB).

Every rule that turns contact rows into outcomes lives in the queries of this
module: which rows make a pair, which pairs were known before an event, which
session a contact belongs to, which follow-up belongs to which exchange, and
the per-exposure counts and shares. :mod:`toolkit.outcomes` assembles the
outcome table around them (attendee columns, survey answers, style), and
:mod:`toolkit.network` reads the same pairs. ``docs/outcomes.md`` says the rules
in words; ``docs/engine.md`` says how the same SQL would run on a warehouse.

The SQL keeps to a portable subset: joins, ``GROUP BY``, window functions
(``row_number``, ``min``/``count`` over partitions), ``CASE``, ``least`` /
``greatest``, ``coalesce`` and ``INTERVAL 'n' DAY`` arithmetic; no as-of joins,
no engine-specific aggregates. Each step is a temporary table, so that a
step read twice is computed once (a warehouse would use temporary tables or
cached views the same way).

The input views (:func:`attach` creates them from an :class:`~toolkit.io.load.EventData`):

- ``src_attendees(event_id, attendee_id, industry, _pos)``
- ``src_sessions(event_id, session_id, format, assignment, grouping, start, "end", _pos)``
- ``src_participation(event_id, session_id, attendee_id, group_id, _pos)``
- ``src_contacts(event_id, attendee_id, contact_id, timestamp, channel, session_id, interest)``
- ``src_followups(attendee_id, contact_id, timestamp, kind, event_id, _pos)``
- ``src_known_ties(attendee_id, contact_id, event_id)``
- ``events(event_id, rank, start)``: the events in time order (rank 0 first), from :mod:`toolkit.events`.

Example
-------
>>> import toolkit
>>> data = toolkit.load_event_data(toolkit.datasets.example_folder(), secret="example")
>>> q = OutcomeQueries(data)
>>> q.con.execute("SELECT count(*) FROM pairs").fetchall()[0][0] > 0
True
>>> q.close()
"""

from __future__ import annotations

import pandas as pd

from toolkit.events import UNDIRECTED_CHANNELS, order_events
from toolkit.io.engine import attach, event_starts

#: Follow-up windows in days, measured from the pair's first exchange at the event.
FOLLOWUP_DAYS = 7
MEETING_DAYS = 30

#: How a row's contacts were found (the outcome table's ``attribution``).
ATTRIBUTIONS: tuple[str, ...] = ("event", "session_id", "time", "unattributable")

class OutcomeQueries:
    """The SQL steps of the outcome table over one folder's data, each a temporary table in one connection.

    Build it with the loaded data; :meth:`rows` then gives the exposure rows
    (one per attendee and event, or per attendee and session for people in
    several sessions), :meth:`contact_outcomes` their contact outcomes,
    :meth:`followup_matches` each follow-up's match. Close it (or use it in a
    ``with`` block) to free the engine's memory.

    Parameters
    ----------
    data : EventData
    upto : {"rows", "pairs"}
        ``"pairs"`` builds only the pairs and whether they were known (enough for :meth:`known_pairs`).
    con : DuckDB connection, optional
        Default: a new cursor on the process's engine (:func:`toolkit.io.engine.cursor`).

    Example
    -------
    >>> import toolkit
    >>> data = toolkit.load_event_data(toolkit.datasets.example_folder(), secret="example")
    >>> with OutcomeQueries(data) as q:
    ...     rows = q.rows()
    >>> len(rows), rows["attribution"].unique().tolist()
    (120, ['event'])
    """

    def __init__(self, data, con=None, *, upto: str = "rows"):
        from toolkit.io.engine import cursor

        bulk = getattr(data, "bulk", None)
        self.con = con if con is not None else (bulk.cursor() if bulk is not None else cursor())
        attach(self.con, data)
        self._code_people(data)
        self._log_kinds()
        self.events = order_events(event_starts(self.con, "log_kinds"))
        self.con.register("events_src", self.events[["event_id", "rank", "start"]])
        self._run("events", "SELECT event_id, CAST(rank AS BIGINT) AS rank, start FROM events_src")
        self._build_exposures()
        self._build_pairs()
        if upto == "rows":
            self._build_followups()
            self._build_attribution()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        """Drop this job's tables and close the connection."""
        try:
            self.con.close()
        except Exception:  # already closed
            pass

    def _run(self, table: str, select: str) -> None:
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS {select}")

    def _view(self, name: str, select: str) -> None:
        """A step read once (or cheap to recompute): a view, so the contact log is not copied again."""
        self.con.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS {select}")

    # ------------------------------------------------------------------ the steps

    def _code_people(self, data) -> None:
        """``pc(code, id)``: a 4-byte code per person, in the ids' sort order; ``c_*``: the inputs with codes.

        The steps compare, group and join people by these codes (integers hash and compare faster than
        18-character pseudonyms, and take a quarter of the memory); since the codes follow the ids' order,
        ``least``/``greatest`` and ``<`` mean what they mean on the text. The results give the ids back
        (:meth:`rows`, :meth:`known_pairs`). A contact log the loader stored with codes
        (:class:`toolkit.io.bulk.BulkStore`) is read as it is when its code table names everyone.
        """
        others = """
            SELECT attendee_id AS id FROM src_attendees UNION SELECT attendee_id FROM src_participation
            UNION SELECT attendee_id FROM src_followups UNION SELECT contact_id FROM src_followups
            UNION SELECT attendee_id FROM src_known_ties UNION SELECT contact_id FROM src_known_ties"""
        bulk = getattr(data, "bulk", None)
        stored = bulk.coded.get("contacts") if bulk is not None and bulk.holds("contacts", data) else None
        contacts = ("event_id", "attendee_id", "contact_id", "timestamp", "channel", "session_id", "interest",
                    "duration_s")
        if stored is not None:
            table, codes = stored
            unknown = self.con.execute(f"""
                SELECT count(*) FROM ({others}) AS o
                WHERE id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {codes} c WHERE c.id = o.id)""").fetchall()[0][0]
            if not unknown:
                self._view("pc", f"SELECT code, id FROM {codes}")
                bulk.expose(self.con, "contacts", "c_contacts", contacts, table=table)
                self._code_inputs()
                return
        self._run("pc", f"""
            SELECT CAST(row_number() OVER (ORDER BY id) AS INTEGER) AS code, id FROM (
                {others} UNION SELECT attendee_id FROM src_contacts UNION SELECT contact_id FROM src_contacts) AS u
            WHERE id IS NOT NULL""")
        self._view("c_contacts", """
            SELECT c.event_id, a.code AS attendee_id, b.code AS contact_id, c.timestamp, c.channel, c.session_id,
                   c.interest, c.duration_s
            FROM src_contacts c LEFT JOIN pc a ON a.id = c.attendee_id LEFT JOIN pc b ON b.id = c.contact_id""")
        self._code_inputs()

    def _code_inputs(self) -> None:
        self._view("c_attendees", """
            SELECT s.event_id, p.code AS attendee_id, s.industry, s._pos
            FROM src_attendees s LEFT JOIN pc p ON p.id = s.attendee_id""")
        self._view("c_participation", """
            SELECT s.event_id, s.session_id, p.code AS attendee_id, s.group_id, s._pos
            FROM src_participation s LEFT JOIN pc p ON p.id = s.attendee_id""")
        self._view("c_followups", """
            SELECT a.code AS attendee_id, b.code AS contact_id, s.timestamp, s.kind, s.event_id, s._pos
            FROM src_followups s LEFT JOIN pc a ON a.id = s.attendee_id LEFT JOIN pc b ON b.id = s.contact_id""")
        self._view("c_known_ties", """
            SELECT a.code AS attendee_id, b.code AS contact_id, s.event_id
            FROM src_known_ties s LEFT JOIN pc a ON a.id = s.attendee_id LEFT JOIN pc b ON b.id = s.contact_id""")

    def _log_kinds(self) -> None:
        """``log_kinds``: the contact log in one pass, by event and channel (rows, earliest time, shortest duration).

        The steps that need a property of the whole log read this small table rather than the log again:
        each event's first contact (:func:`toolkit.io.engine.event_starts`), the events with a log, the
        channels' kinds (:meth:`channel_kinds`) and whether a channel is directed (``channels``, which the pairs
        step joins instead of cleaning the channel's text on each of millions of rows).
        """
        undirected = ", ".join(f"'{c}'" for c in sorted(UNDIRECTED_CHANNELS))
        self._run("log_kinds", f"""
            SELECT event_id, channel, coalesce(lower(trim(channel)) IN ({undirected}), FALSE) AS undirected,
                   n, timestamp, shortest FROM (
                SELECT event_id, channel, count(*) AS n, min(timestamp) AS timestamp, min(duration_s) AS shortest
                FROM c_contacts GROUP BY event_id, channel) AS g""")
        self._run("channels", "SELECT DISTINCT channel, NOT undirected AS directed FROM log_kinds "
                              "WHERE channel IS NOT NULL")

    def _build_exposures(self) -> None:
        # one row per (event, attendee) of the attendees table: its first row
        self._run("base", """
            SELECT event_id, attendee_id, nullif(lower(trim(industry)), '') AS industry, _pos FROM (
                SELECT *, row_number() OVER (PARTITION BY event_id, attendee_id ORDER BY _pos) AS k
                FROM c_attendees WHERE event_id IS NOT NULL AND attendee_id IS NOT NULL) AS a
            WHERE k = 1""")
        self._run("sessions_u", """
            SELECT event_id, session_id, format, assignment, grouping, start, "end" FROM (
                SELECT *, row_number() OVER (PARTITION BY event_id, session_id ORDER BY _pos) AS k
                FROM src_sessions WHERE event_id IS NOT NULL AND session_id IS NOT NULL) AS s
            WHERE k = 1""")
        # each (event, attendee, session) once, first group_id; only attendees of the attendees table
        self._run("exposures", """
            WITH p AS (
                SELECT event_id, attendee_id, session_id, group_id FROM (
                    SELECT *, row_number() OVER (PARTITION BY event_id, attendee_id, session_id ORDER BY _pos) AS k
                    FROM c_participation
                    WHERE event_id IS NOT NULL AND attendee_id IS NOT NULL AND session_id IS NOT NULL) AS x
                WHERE k = 1),
            j AS (
                SELECT p.event_id, p.attendee_id, p.session_id, p.group_id, s.format, s.assignment, s.grouping,
                       s.start, s."end",
                       count(*) OVER (PARTITION BY p.event_id, p.attendee_id) AS n_sessions,
                       count(s.start) OVER (PARTITION BY p.event_id, p.attendee_id) AS n_starts,
                       count(s."end") OVER (PARTITION BY p.event_id, p.attendee_id) AS n_ends,
                       row_number() OVER (PARTITION BY p.event_id, p.attendee_id
                                          ORDER BY s.start, p.session_id) AS by_start
                FROM p JOIN base b ON b.event_id = p.event_id AND b.attendee_id = p.attendee_id
                LEFT JOIN sessions_u s ON s.event_id = p.event_id AND s.session_id = p.session_id)
            SELECT event_id, attendee_id, session_id, group_id, format, assignment, grouping, start, "end",
                   n_sessions,
                   CASE WHEN n_sessions = 1 THEN 1 WHEN n_starts = n_sessions THEN by_start END AS session_order,
                   n_starts = n_sessions AND n_ends = n_sessions AS timed
            FROM j""")
        # the table's rows: each exposure, and one row for each attendee in no session
        self._run("row_keys", """
            SELECT row_number() OVER (ORDER BY b.event_id, b.attendee_id, x.session_order, x.session_id) - 1 AS row_id,
                   b.event_id, b.attendee_id, b.industry, b._pos, x.session_id, x.group_id, x.format, x.assignment,
                   x.grouping, x.start, x."end", coalesce(x.n_sessions, 0) AS n_sessions, x.session_order,
                   coalesce(x.timed, FALSE) AS timed
            FROM base b LEFT JOIN exposures x ON x.event_id = b.event_id AND x.attendee_id = b.attendee_id""")
        # the contact log's usable rows (both people named, not the same person); whether a row is directed is
        # joined from `channels` by the pairs step only (the attribution reads this view too, without it)
        self._view("log", """
            SELECT event_id, attendee_id, contact_id, timestamp AS t, session_id AS csid, channel,
                   CASE WHEN interest THEN 1 WHEN NOT interest THEN 0 END AS interest
            FROM c_contacts
            WHERE event_id IS NOT NULL AND attendee_id IS NOT NULL AND contact_id IS NOT NULL
              AND attendee_id <> contact_id""")
        self._run("events_with_log", "SELECT DISTINCT event_id FROM log_kinds WHERE event_id IS NOT NULL")

    def _build_pairs(self) -> None:
        # a pair is two people at an event, in either order and however often logged; its first exchange is
        # its earliest timestamp there, else the event's start. The event's start and rank are joined to the
        # pairs after grouping, not to each contact row (a join and two aggregates less per row of the log); a row
        # without a channel is directed
        self._view("pairs0", """
            SELECT g.event_id, g.lo, g.hi, coalesce(g.t0, e.start) AS t0, g.lo_hi, g.hi_lo, g.int_lo, g.int_hi,
                   e.rank FROM (
                SELECT event_id, least(attendee_id, contact_id) AS lo, greatest(attendee_id, contact_id) AS hi,
                       min(t) AS t0,
                       max(CASE WHEN attendee_id < contact_id AND directed THEN 1 ELSE 0 END) AS lo_hi,
                       max(CASE WHEN attendee_id > contact_id AND directed THEN 1 ELSE 0 END) AS hi_lo,
                       max(CASE WHEN attendee_id < contact_id THEN interest END) AS int_lo,
                       max(CASE WHEN attendee_id > contact_id THEN interest END) AS int_hi
                FROM (SELECT l.*, coalesce(k.directed, TRUE) AS directed
                      FROM log l LEFT JOIN channels k ON k.channel = l.channel) AS d
                GROUP BY event_id, least(attendee_id, contact_id), greatest(attendee_id, contact_id)) AS g
            JOIN events e ON e.event_id = g.event_id""")
        # known ties: listed for this event or an earlier one, or with no event (or one not in the folder)
        self._run("ties", """
            SELECT least(k.attendee_id, k.contact_id) AS lo, greatest(k.attendee_id, k.contact_id) AS hi,
                   min(coalesce(e.rank, -1)) AS since
            FROM c_known_ties k LEFT JOIN events e ON e.event_id = k.event_id
            WHERE k.attendee_id IS NOT NULL AND k.contact_id IS NOT NULL AND k.attendee_id <> k.contact_id
            GROUP BY least(k.attendee_id, k.contact_id), greatest(k.attendee_id, k.contact_id)""")
        several_events = len(self.events) > 1
        earlier = "p.rank > min(p.rank) OVER (PARTITION BY p.lo, p.hi)" if several_events else "FALSE"
        self._run("pairs", f"""
            SELECT p.event_id, p.lo, p.hi, p.t0, p.lo_hi, p.hi_lo, p.int_lo, p.int_hi, p.rank,
                   CASE WHEN {earlier} OR (t.since IS NOT NULL AND t.since <= p.rank) THEN 1 ELSE 0 END AS known
            FROM pairs0 p LEFT JOIN ties t ON t.lo = p.lo AND t.hi = p.hi""")

    def _build_followups(self) -> None:
        # a follow-up belongs to the pair's exchange at the named event, else to the latest event at which the
        # pair exchanged details at or before it (a portable as-of join: join, then keep the latest)
        self._run("fu", """
            SELECT _pos, attendee_id AS s, contact_id AS r, timestamp AS tf, lower(trim(kind)) AS kind,
                   f.event_id AS ev_given, e.rank AS given_rank,
                   least(attendee_id, contact_id) AS lo, greatest(attendee_id, contact_id) AS hi,
                   attendee_id IS NOT NULL AND contact_id IS NOT NULL AND attendee_id <> contact_id AS valid
            FROM c_followups f LEFT JOIN events e ON e.event_id = f.event_id""")
        self._run("fu_matched", """
            WITH named AS (
                SELECT f._pos, p.event_id, p.t0 FROM fu f
                JOIN pairs p ON p.event_id = f.ev_given AND p.lo = f.lo AND p.hi = f.hi
                WHERE f.valid AND f.given_rank IS NOT NULL),
            latest AS (
                SELECT _pos, event_id, t0 FROM (
                    SELECT f._pos, p.event_id, p.t0,
                           row_number() OVER (PARTITION BY f._pos ORDER BY p.t0 DESC, p.rank DESC) AS k
                    FROM fu f JOIN pairs p ON p.lo = f.lo AND p.hi = f.hi AND p.t0 <= f.tf
                    WHERE f.valid AND f.ev_given IS NULL AND f.tf IS NOT NULL) AS x
                WHERE k = 1),
            hit AS (SELECT * FROM named UNION ALL SELECT * FROM latest)
            SELECT f._pos, f.s, f.r, f.lo, f.hi, f.tf, f.kind, h.event_id, h.t0,
                   CASE WHEN NOT f.valid THEN 'no such pair'
                        WHEN f.ev_given IS NOT NULL AND f.given_rank IS NULL THEN 'event not in folder'
                        WHEN f.ev_given IS NULL AND f.tf IS NULL THEN 'no time'
                        WHEN h._pos IS NULL THEN 'no exchange'
                        WHEN h.t0 IS NULL OR f.tf IS NULL THEN 'no exchange time'
                        WHEN f.tf < h.t0 THEN 'before the exchange'
                        ELSE 'matched' END AS status
            FROM fu f LEFT JOIN hit h ON h._pos = f._pos""")
        self._run("fu_flags", f"""
            SELECT event_id, lo, hi,
                   max(CASE WHEN tf <= t0 + INTERVAL '{FOLLOWUP_DAYS}' DAY AND s = lo THEN 1 ELSE 0 END) AS f_lo,
                   max(CASE WHEN tf <= t0 + INTERVAL '{FOLLOWUP_DAYS}' DAY AND s = hi THEN 1 ELSE 0 END) AS f_hi,
                   max(CASE WHEN kind = 'meeting' AND tf <= t0 + INTERVAL '{MEETING_DAYS}' DAY THEN 1 ELSE 0 END) AS meet
            FROM fu_matched WHERE status = 'matched' GROUP BY event_id, lo, hi""")

    def _build_attribution(self) -> None:
        # people in several sessions: each contact row goes to the session it names (one of theirs), else to the
        # session whose [start, end) window holds its time (the earliest such session), else to none;
        # a contact that can be placed neither way is unattributable
        self._run("multi_rows", "SELECT * FROM row_keys WHERE n_sessions > 1")
        self._run("multi_people", """
            SELECT event_id, attendee_id, min(CASE WHEN timed THEN 1 ELSE 0 END) AS timed
            FROM multi_rows GROUP BY event_id, attendee_id""")
        self._run("m_ends", """
            WITH ends AS (
                SELECT event_id, attendee_id AS me, contact_id AS other, t, csid FROM log
                UNION ALL SELECT event_id, contact_id, attendee_id, t, csid FROM log)
            SELECT row_number() OVER (ORDER BY e.event_id, e.me, e.other, e.t, e.csid) AS end_id,
                   e.event_id, e.me, e.other, e.t, e.csid, m.timed
            FROM ends e JOIN multi_people m ON m.event_id = e.event_id AND m.attendee_id = e.me""")
        self._run("m_placed", """
            WITH named AS (
                SELECT e.end_id, r.row_id FROM m_ends e
                JOIN multi_rows r ON r.event_id = e.event_id AND r.attendee_id = e.me AND r.session_id = e.csid),
            timed AS (
                SELECT end_id, row_id FROM (
                    SELECT e.end_id, r.row_id,
                           row_number() OVER (PARTITION BY e.end_id ORDER BY r.start, r.session_id) AS k
                    FROM m_ends e
                    JOIN multi_rows r ON r.event_id = e.event_id AND r.attendee_id = e.me
                                     AND e.t >= r.start AND e.t < r."end"
                    WHERE e.timed = 1 AND e.end_id NOT IN (SELECT end_id FROM named)) AS x
                WHERE k = 1)
            SELECT e.end_id, e.event_id, e.me, e.other,
                   coalesce(n.row_id, t.row_id) AS row_id,
                   CASE WHEN n.end_id IS NOT NULL THEN 'session_id'
                        WHEN e.timed = 1 AND e.t IS NOT NULL THEN 'time'
                        ELSE 'unattributable' END AS how
            FROM m_ends e LEFT JOIN named n ON n.end_id = e.end_id LEFT JOIN timed t ON t.end_id = e.end_id""")
        self._run("m_how", """
            SELECT event_id, me AS attendee_id,
                   CASE WHEN max(CASE WHEN how = 'unattributable' THEN 1 ELSE 0 END) = 1 THEN 'unattributable'
                        WHEN max(CASE WHEN how = 'time' THEN 1 ELSE 0 END) = 1 THEN 'time'
                        ELSE 'session_id' END AS attribution
            FROM m_placed GROUP BY event_id, me""")
        self._run("rows", """
            SELECT r.*, CASE WHEN r.n_sessions <= 1 THEN 'event' ELSE coalesce(h.attribution, 'session_id') END
                        AS attribution
            FROM row_keys r LEFT JOIN m_how h ON h.event_id = r.event_id AND h.attendee_id = r.attendee_id""")
        # each row's contacts: every pair of a person with one row at the event; the placed pairs of the others
        self._view("row_pairs", """
            WITH ends AS (
                SELECT p.event_id, p.lo AS me, p.hi AS other, p.known, p.lo_hi AS me_other, p.hi_lo AS other_me,
                       p.int_lo AS interest, coalesce(f.f_lo, 0) AS followed, coalesce(f.meet, 0) AS meet
                FROM pairs p LEFT JOIN fu_flags f ON f.event_id = p.event_id AND f.lo = p.lo AND f.hi = p.hi
                UNION ALL
                SELECT p.event_id, p.hi, p.lo, p.known, p.hi_lo, p.lo_hi, p.int_hi, coalesce(f.f_hi, 0),
                       coalesce(f.meet, 0)
                FROM pairs p LEFT JOIN fu_flags f ON f.event_id = p.event_id AND f.lo = p.lo AND f.hi = p.hi),
            placed AS (SELECT DISTINCT row_id, event_id, me, other FROM m_placed WHERE row_id IS NOT NULL),
            mapped AS (
                SELECT r.row_id, r.industry AS ind_me, e.* FROM ends e
                JOIN rows r ON r.event_id = e.event_id AND r.attendee_id = e.me AND r.n_sessions <= 1
                UNION ALL
                SELECT r.row_id, r.industry, e.* FROM ends e
                JOIN placed m ON m.event_id = e.event_id AND m.me = e.me AND m.other = e.other
                JOIN rows r ON r.row_id = m.row_id)
            SELECT m.*, b.industry AS ind_other FROM mapped m
            LEFT JOIN base b ON b.event_id = m.event_id AND b.attendee_id = m.other""")

    # ------------------------------------------------------------------ results

    def rows(self) -> pd.DataFrame:
        """The exposure rows: ``row_id``, ids, session columns, ``n_sessions``, ``session_order``, ``attribution``, ``_pos``."""
        return self.con.execute("""
            SELECT r.row_id, r.event_id, p.id AS attendee_id, r.session_id, CAST(r.format AS VARCHAR) AS format,
                   CAST(r.assignment AS VARCHAR) AS assignment, r.grouping, r.group_id, r.n_sessions,
                   r.session_order, r.attribution, r._pos
            FROM rows r JOIN pc p ON p.code = r.attendee_id ORDER BY r.row_id""").df()

    def contact_outcomes(self, max_wedges: int) -> pd.DataFrame:
        """Per row (``row_id``): the contact outcomes, missing where the row's event has no contact log or the
        row's contacts could not be attributed; shares missing where their denominator is 0."""
        brokerage = self._brokerage(max_wedges)
        return self.con.execute(f"""
            WITH agg AS (
                -- counts as count(CASE ... THEN 1 END): a sum of integers is a 128-bit number in DuckDB, and
                -- these ten sums over every row's contacts were the slowest part of the grouping
                SELECT row_id, count(*) AS contacts, count(CASE WHEN known = 1 THEN 1 END) AS known,
                       count(CASE WHEN ind_me <> ind_other THEN 1 END) AS cross_n,
                       count(CASE WHEN ind_me IS NOT NULL AND ind_other IS NOT NULL THEN 1 END) AS cross_d,
                       count(CASE WHEN me_other = 1 AND other_me = 1 THEN 1 END) AS recip_n,
                       count(CASE WHEN me_other = 1 OR other_me = 1 THEN 1 END) AS recip_d,
                       count(CASE WHEN interest = 1 THEN 1 END) AS int_n,
                       count(interest) AS int_d,
                       count(CASE WHEN known = 0 AND followed = 1 THEN 1 END) AS followed,
                       count(CASE WHEN known = 0 AND meet = 1 THEN 1 END) AS meetings
                FROM row_pairs GROUP BY row_id),
            v AS (
                SELECT r.row_id,
                       w.event_id IS NOT NULL AND r.attribution <> 'unattributable' AS recorded,
                       coalesce(a.contacts, 0) AS contacts, coalesce(a.known, 0) AS known,
                       coalesce(a.cross_n, 0) AS cross_n, coalesce(a.cross_d, 0) AS cross_d,
                       coalesce(a.recip_n, 0) AS recip_n, coalesce(a.recip_d, 0) AS recip_d,
                       coalesce(a.int_n, 0) AS int_n, coalesce(a.int_d, 0) AS int_d,
                       coalesce(a.followed, 0) AS followed, coalesce(a.meetings, 0) AS meetings,
                       k.brokerage, k.computed AS brokerage_computed
                FROM rows r LEFT JOIN agg a ON a.row_id = r.row_id
                LEFT JOIN events_with_log w ON w.event_id = r.event_id
                LEFT JOIN {brokerage} k ON k.row_id = r.row_id)
            SELECT row_id,
                   CASE WHEN recorded THEN contacts END AS contacts,
                   CASE WHEN recorded THEN contacts - known END AS new_contacts,
                   CASE WHEN recorded AND contacts > 0 THEN CAST(known AS DOUBLE) / contacts END AS familiar_share,
                   CASE WHEN recorded AND cross_d > 0 THEN CAST(cross_n AS DOUBLE) / cross_d END AS cross_industry_share,
                   CASE WHEN recorded AND contacts - known > 0 THEN CAST(followed AS DOUBLE) / (contacts - known) END
                       AS followup_rate_7d,
                   CASE WHEN recorded THEN meetings END AS meetings_30d,
                   CASE WHEN recorded THEN contacts - known = 0 END AS spectator,
                   CASE WHEN recorded AND recip_d > 0 THEN CAST(recip_n AS DOUBLE) / recip_d END AS reciprocated_share,
                   CASE WHEN recorded AND int_d > 0 THEN CAST(int_n AS DOUBLE) / int_d END AS interest_share,
                   CASE WHEN recorded AND brokerage_computed = 1 THEN coalesce(brokerage, 0) END AS brokerage
            FROM v ORDER BY row_id""").df()

    def event_partners(self) -> pd.DataFrame:
        """Per row (``row_id``): ``event_contacts`` and ``event_new_contacts``, the different people the row's
        attendee exchanged details with at the event (all their sessions together: a pair met in two sessions
        counts once), the same on each of a person's rows; missing where the event has no contact log."""
        return self.con.execute("""
            WITH ends AS (
                SELECT event_id, lo AS me, known FROM pairs UNION ALL SELECT event_id, hi, known FROM pairs),
            per AS (
                SELECT event_id, me, count(*) AS contacts, count(CASE WHEN known = 0 THEN 1 END) AS new_contacts
                FROM ends GROUP BY event_id, me)
            SELECT r.row_id,
                   CASE WHEN w.event_id IS NOT NULL THEN coalesce(p.contacts, 0) END AS event_contacts,
                   CASE WHEN w.event_id IS NOT NULL THEN coalesce(p.new_contacts, 0) END AS event_new_contacts
            FROM rows r LEFT JOIN per p ON p.event_id = r.event_id AND p.me = r.attendee_id
            LEFT JOIN events_with_log w ON w.event_id = r.event_id
            ORDER BY r.row_id""").df()

    def session_channels(self) -> pd.DataFrame:
        """Contact rows by session and channel: ``event_id``, ``session_id``, ``channel`` (as logged, missing where
        not given) and ``n`` rows, for :func:`toolkit.outcomes.contact_channels`.

        A row belongs to its own ``session_id``; without one, to the session of the person who recorded it where
        they are in exactly one session of the event (``participation``), else to the other person's; rows none of
        these place, and every row where no one is in a session, are left out. Missing ids match each other, as
        in a pandas join.
        """
        return self.con.execute("""
            WITH places AS (SELECT DISTINCT event_id, attendee_id, session_id FROM c_participation),
            only_one AS (
                SELECT event_id, attendee_id, any_value(session_id) AS session_id FROM places
                GROUP BY event_id, attendee_id HAVING count(*) = 1),
            placed AS (
                SELECT c.event_id, coalesce(c.session_id, a.session_id, b.session_id) AS session_id, c.channel
                FROM c_contacts c
                LEFT JOIN only_one a ON a.event_id IS NOT DISTINCT FROM c.event_id
                                    AND a.attendee_id IS NOT DISTINCT FROM c.attendee_id
                LEFT JOIN only_one b ON b.event_id IS NOT DISTINCT FROM c.event_id
                                    AND b.attendee_id IS NOT DISTINCT FROM c.contact_id
                WHERE EXISTS (SELECT 1 FROM c_participation))
            SELECT event_id, session_id, channel, count(*) AS n FROM placed
            WHERE event_id IS NOT NULL AND session_id IS NOT NULL
            GROUP BY event_id, session_id, channel""").df()

    def _brokerage(self, max_wedges: int) -> str:
        """Brokerage per row of a person with one row at the event (see :mod:`toolkit.network`); a table name.

        Pairs of the person's contacts from two different known industries, less those pairs who are in
        contact themselves. The closed pairs are triangles, each listed once by pointing every pair from its
        lower- to its higher-degree end and joining two pairs that leave the same person. Events where the
        pairs of contacts around all people (the sum of ``d (d - 1) / 2`` over their degrees ``d``) exceed
        ``max_wedges`` are left out (``computed`` = 0).
        """
        self._run("degree", """
            SELECT event_id, me, count(*) AS d FROM (
                SELECT event_id, lo AS me FROM pairs UNION ALL SELECT event_id, hi FROM pairs) AS x
            GROUP BY event_id, me""")
        # the cap counts the pairs of contacts around every person of the event (cheap, from the degrees)
        self._run("wedge_events", f"""
            SELECT event_id FROM degree GROUP BY event_id HAVING sum(d * (d - 1) / 2) <= {int(max_wedges)}""")
        if not self.con.execute("SELECT count(*) FROM wedge_events").fetchall()[0][0]:
            # no event within the cap (a season-sized log): brokerage is left out everywhere, without
            # reading each row's contacts again
            self._run("brokerage", "SELECT row_id, 0 AS computed, CAST(NULL AS BIGINT) AS brokerage FROM rows")
            return "brokerage"
        # integer codes for the people of those events: the triangle join is the heavy part, and numbers hash fast
        self._run("node", """
            SELECT d.event_id, d.me, d.d, row_number() OVER (ORDER BY d.event_id, d.d, d.me) AS code, b.industry
            FROM degree d LEFT JOIN base b ON b.event_id = d.event_id AND b.attendee_id = d.me
            WHERE d.event_id IN (SELECT event_id FROM wedge_events)""")
        self._run("oriented", """
            SELECT least(a.code, b.code) AS x, greatest(a.code, b.code) AS y
            FROM pairs p JOIN node a ON a.event_id = p.event_id AND a.me = p.lo
            JOIN node b ON b.event_id = p.event_id AND b.me = p.hi""")
        # codes grow with the degree inside an event, so x -> y points from the lower- to the higher-degree end
        self._run("closed", """
            WITH tri AS (
                SELECT a.x, a.y AS y1, b.y AS y2 FROM oriented a
                JOIN oriented b ON b.x = a.x AND a.y < b.y
                JOIN oriented e ON e.x = a.y AND e.y = b.y),
            g AS (
                SELECT t.x, t.y1, t.y2, gx.industry AS ix, g1.industry AS i1, g2.industry AS i2
                FROM tri t JOIN node gx ON gx.code = t.x JOIN node g1 ON g1.code = t.y1 JOIN node g2 ON g2.code = t.y2),
            apex AS (
                SELECT x AS code FROM g WHERE i1 IS NOT NULL AND i2 IS NOT NULL AND i1 <> i2
                UNION ALL SELECT y1 FROM g WHERE ix IS NOT NULL AND i2 IS NOT NULL AND ix <> i2
                UNION ALL SELECT y2 FROM g WHERE ix IS NOT NULL AND i1 IS NOT NULL AND ix <> i1)
            SELECT n.event_id, n.me, count(*) AS n
            FROM apex a JOIN node n ON n.code = a.code GROUP BY n.event_id, n.me""")
        self._run("brokerage", """
            WITH by_group AS (
                SELECT row_id, ind_other, count(*) AS n FROM row_pairs
                WHERE ind_other IS NOT NULL AND event_id IN (SELECT event_id FROM wedge_events)
                GROUP BY row_id, ind_other),
            different AS (
                SELECT row_id, CAST((sum(n) * sum(n) - sum(n * n)) / 2 AS BIGINT) AS pairs FROM by_group GROUP BY row_id)
            SELECT r.row_id,
                   CASE WHEN r.n_sessions <= 1 AND r.event_id IN (SELECT event_id FROM wedge_events) THEN 1 ELSE 0 END
                       AS computed,
                   coalesce(d.pairs, 0) - coalesce(c.n, 0) AS brokerage
            FROM rows r LEFT JOIN different d ON d.row_id = r.row_id
            LEFT JOIN closed c ON c.event_id = r.event_id AND c.me = r.attendee_id""")
        return "brokerage"

    def skipped_brokerage_events(self) -> list[str]:
        """Events with a contact log whose brokerage was left out (too many pairs of contacts to check)."""
        return [r[0] for r in self.con.execute("""
            SELECT event_id FROM events_with_log WHERE event_id NOT IN (SELECT event_id FROM wedge_events)
            ORDER BY event_id""").fetchall()]

    def followup_matches(self) -> pd.DataFrame:
        """Each follow-up (``_pos``: its position in the followups table) with the exchange it was matched to."""
        return self.con.execute(f"""
            SELECT _pos, event_id AS matched_event_id, t0 AS first_exchange, tf, status,
                   status = 'matched' AND tf <= t0 + INTERVAL '{FOLLOWUP_DAYS}' DAY AS within_7d,
                   status = 'matched' AND kind = 'meeting' AND tf <= t0 + INTERVAL '{MEETING_DAYS}' DAY
                       AS meeting_within_30d
            FROM fu_matched ORDER BY _pos""").df()

    def unmatched_followups(self) -> pd.DataFrame:
        """The follow-ups not matched to an exchange (``_pos``, ``status``), in table order.

        What the outcome table's warnings need: without the times and flags of
        :meth:`followup_matches`, which a season's tens of thousands of matched
        follow-ups would carry to pandas and convert for nothing.
        """
        return self.con.execute("""
            SELECT _pos, status FROM fu_matched WHERE status IS DISTINCT FROM 'matched' ORDER BY _pos""").df()

    def known_pairs(self, event_id: str) -> pd.DataFrame:
        """Pairs (``lo < hi``) with a contact at ``event_id`` who knew each other before it."""
        return self.con.execute("""
            SELECT a.id AS lo, b.id AS hi FROM pairs p JOIN pc a ON a.code = p.lo JOIN pc b ON b.code = p.hi
            WHERE p.event_id = ? AND p.known = 1 ORDER BY p.lo, p.hi""", [event_id]).df()

    def session_contacts(self, event_id: str) -> pd.DataFrame:
        """The pairs each session of ``event_id`` counts, as the outcome table's rows count them.

        One row per person's end of a pair (``session_id``, ``attendee_id``, ``contact_id``): every contact of
        a person in one session goes to that session; a person's in several goes to the session it names, else
        to the one whose [start, end) window holds its time (:meth:`_build_attribution`). People whose contacts
        cannot be placed (``attribution`` ``unattributable``) and people in no session give none, as their
        rows' contact outcomes are missing.
        """
        return self.con.execute("""
            SELECT DISTINCT r.session_id, a.id AS attendee_id, b.id AS contact_id
            FROM row_pairs rp JOIN rows r ON r.row_id = rp.row_id
            JOIN pc a ON a.code = rp.me JOIN pc b ON b.code = rp.other
            WHERE rp.event_id = ? AND r.session_id IS NOT NULL AND r.attribution <> 'unattributable'
            ORDER BY 1, 2, 3""", [event_id]).df()

    def channel_kinds(self) -> dict:
        """How the contact log was recorded: rows by channel kind, and the shortest proximity contact."""
        rows, proximity, shortest = self.con.execute("""
            SELECT sum(n), sum(CASE WHEN undirected THEN n ELSE 0 END), min(CASE WHEN undirected THEN shortest END)
            FROM log_kinds""").fetchall()[0]
        return {"rows": int(rows or 0), "proximity": int(proximity or 0),
                "min_duration_s": None if shortest is None else float(shortest)}
