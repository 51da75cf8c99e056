"""The satisfaction scale becomes a choice that stays empty until the patient is asked (an
integer read 0 when nobody asked). W0 measurements never ask it: their 0 was the default."""

from odoo.tools import SQL


def migrate(cr, version):
    cr.execute(
        SQL(
            """
            ALTER TABLE parcours_rehab_assessment
                DROP CONSTRAINT IF EXISTS parcours_rehab_assessment_values_in_range;
            ALTER TABLE parcours_rehab_assessment
                ALTER COLUMN satisfaction TYPE varchar
                USING CASE WHEN kind = 'w0' THEN NULL ELSE satisfaction::varchar END
            """
        )
    )
