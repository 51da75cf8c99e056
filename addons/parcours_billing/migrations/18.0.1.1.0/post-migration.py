"""Drop the forfait line indexes nothing searches: a payout run inserts and validates tens of
thousands of lines, and every index is rewritten with each of them. (Odoo keeps an index
when a field stops asking for one.)"""

from odoo.tools import SQL

UNUSED = ("pathway_ref", "rule_id", "component_id", "programme_id", "period_start")


def migrate(cr, version):
    for column in UNUSED:
        cr.execute(
            SQL(
                "DROP INDEX IF EXISTS %s",
                SQL.identifier("parcours_forfait_line__%s_index" % column),
            )
        )
    # The "computed from" text is now rendered from stored facts in the reader's language;
    # the lines computed before keep their text.
    cr.execute(
        SQL(
            """
            UPDATE parcours_forfait_line
               SET source_facts = jsonb_build_object('kind', 'text', 'text', source)
             WHERE source_facts IS NULL AND source IS NOT NULL
            """
        )
    )
