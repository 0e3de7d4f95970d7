"""Reference line: the contract's contact outcomes as one bare DuckDB query over an event folder's Parquet files.

No loading checks, no pseudonymisation, no sessions: only the aggregation
(contacts, new contacts, familiar share, cross-industry share, follow-up
rate within 7 days, meetings within 30 days, spectator per attendee and
event), written to a Parquet file. ``bench_outcomes.py`` runs it as its own
process beside ``netout outcomes`` on the same folder, so the ratio says how
much the toolkit adds to the engine's own work.

Run: ``python benchmarks/bare_duckdb_outcomes.py FOLDER OUT.parquet [--memory-limit 8GB]``
(the folder holds ``attendees.parquet``, ``contacts.parquet`` ... directly or
in one subfolder per event).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--memory-limit", default=None)
    args = parser.parse_args(argv)
    import duckdb

    config = {"memory_limit": args.memory_limit} if args.memory_limit else {}
    con = duckdb.connect(config=config)
    con.execute("SET TimeZone = 'UTC'")

    def files(name: str) -> str:
        found = sorted(str(p) for p in args.folder.rglob(f"{name}.parquet"))
        return "[" + ", ".join(f"'{f}'" for f in found) + "]"

    con.execute(f"CREATE VIEW attendees AS SELECT * FROM read_parquet({files('attendees')}, union_by_name = true)")
    con.execute(f"CREATE VIEW contacts AS SELECT * FROM read_parquet({files('contacts')}, union_by_name = true)")
    con.execute(f"CREATE VIEW followups AS SELECT * FROM read_parquet({files('followups')}, union_by_name = true)")
    con.execute(f"CREATE VIEW ties AS SELECT * FROM read_parquet({files('known_ties')}, union_by_name = true)")
    con.execute(f"CREATE VIEW sessions AS SELECT * FROM read_parquet({files('sessions')}, union_by_name = true)")
    con.execute(f"""
        COPY (
        WITH ev AS (
            SELECT event_id, dense_rank() OVER (ORDER BY start, event_id) AS rank FROM (
                SELECT event_id, min(t) AS start FROM (
                    SELECT event_id, CAST(start AS TIMESTAMPTZ) AS t FROM sessions
                    UNION ALL SELECT event_id, min(CAST(timestamp AS TIMESTAMPTZ)) FROM contacts GROUP BY event_id)
                GROUP BY event_id)),
        pairs AS (
            SELECT c.event_id, least(attendee_id, contact_id) AS lo, greatest(attendee_id, contact_id) AS hi,
                   min(CAST(timestamp AS TIMESTAMPTZ)) AS t0, min(ev.rank) AS rank
            FROM contacts c JOIN ev ON ev.event_id = c.event_id
            WHERE attendee_id <> contact_id GROUP BY ALL),
        tie AS (
            SELECT least(attendee_id, contact_id) AS lo, greatest(attendee_id, contact_id) AS hi,
                   min(coalesce(ev.rank, -1)) AS since
            FROM ties t LEFT JOIN ev ON ev.event_id = t.event_id GROUP BY ALL),
        known AS (
            SELECT p.*, (p.rank > min(p.rank) OVER (PARTITION BY p.lo, p.hi)
                         OR coalesce(tie.since <= p.rank, FALSE)) AS known
            FROM pairs p LEFT JOIN tie USING (lo, hi)),
        fu AS (
            SELECT p.event_id, p.lo, p.hi,
                   bool_or(f.attendee_id = p.lo AND CAST(f.timestamp AS TIMESTAMPTZ) BETWEEN p.t0 AND p.t0 + INTERVAL 7 DAY) AS f_lo,
                   bool_or(f.attendee_id = p.hi AND CAST(f.timestamp AS TIMESTAMPTZ) BETWEEN p.t0 AND p.t0 + INTERVAL 7 DAY) AS f_hi,
                   bool_or(f.kind = 'meeting' AND CAST(f.timestamp AS TIMESTAMPTZ) BETWEEN p.t0 AND p.t0 + INTERVAL 30 DAY) AS meet
            FROM followups f JOIN pairs p ON p.event_id = f.event_id
                 AND p.lo = least(f.attendee_id, f.contact_id) AND p.hi = greatest(f.attendee_id, f.contact_id)
            GROUP BY ALL),
        ends AS (
            SELECT k.event_id, k.lo AS me, k.hi AS other, k.known, coalesce(fu.f_lo, FALSE) AS followed,
                   coalesce(fu.meet, FALSE) AS meet
            FROM known k LEFT JOIN fu USING (event_id, lo, hi)
            UNION ALL
            SELECT k.event_id, k.hi, k.lo, k.known, coalesce(fu.f_hi, FALSE), coalesce(fu.meet, FALSE)
            FROM known k LEFT JOIN fu USING (event_id, lo, hi)),
        agg AS (
            SELECT e.event_id, e.me AS attendee_id, count(*) AS contacts, count(*) FILTER (WHERE NOT e.known) AS new,
                   count(*) FILTER (WHERE e.known) AS known,
                   count(*) FILTER (WHERE a1.industry IS NOT NULL AND a2.industry IS NOT NULL
                                    AND lower(a1.industry) <> lower(a2.industry)) AS cross_n,
                   count(*) FILTER (WHERE a1.industry IS NOT NULL AND a2.industry IS NOT NULL) AS cross_d,
                   count(*) FILTER (WHERE NOT e.known AND e.followed) AS followed,
                   count(*) FILTER (WHERE NOT e.known AND e.meet) AS meetings
            FROM ends e LEFT JOIN attendees a1 ON a1.event_id = e.event_id AND a1.attendee_id = e.me
            LEFT JOIN attendees a2 ON a2.event_id = e.event_id AND a2.attendee_id = e.other
            GROUP BY ALL)
        SELECT a.event_id, a.attendee_id, coalesce(g.contacts, 0) AS contacts, coalesce(g.new, 0) AS new_contacts,
               g.known / g.contacts AS familiar_share, g.cross_n / nullif(g.cross_d, 0) AS cross_industry_share,
               g.followed / nullif(g.new, 0) AS followup_rate_7d, coalesce(g.meetings, 0) AS meetings_30d,
               coalesce(g.new, 0) = 0 AS spectator
        FROM attendees a LEFT JOIN agg g USING (event_id, attendee_id)
        ) TO '{args.out}' (FORMAT parquet)""")
    rows = con.execute(f"SELECT count(*) FROM read_parquet('{args.out}')").fetchall()[0][0]
    print(f"wrote {rows} rows to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
