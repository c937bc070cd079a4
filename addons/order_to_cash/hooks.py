# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Install into a database with history: the stored fields the addon adds to
existing transfers are derived here in SQL, before the ORM creates their
columns. The ORM computes only the columns it creates, and its computation of
the tracked control state would write a "Control: To Control" note into the
chatter of every delivery of the company's past."""

from odoo.tools import SQL


def o2c_init_control_fields(cr, picking_ids=None):
    """Derive ``o2c_control_required`` of operation types and transfers and
    ``o2c_control_state`` of transfers as their computes do (outgoing types
    require the control; a transfer of such a type to a customer location
    requires it and starts "todo"), in SQL: no tracking, no chatter.

    :param picking_ids: limit the transfers derived (all by default)
    """
    cr.execute(
        """
        ALTER TABLE stock_picking_type
            ADD COLUMN IF NOT EXISTS o2c_control_required boolean;
        ALTER TABLE stock_picking
            ADD COLUMN IF NOT EXISTS o2c_control_required boolean,
            ADD COLUMN IF NOT EXISTS o2c_control_state varchar;
        UPDATE stock_picking_type
           SET o2c_control_required = (code = 'outgoing')
         WHERE o2c_control_required IS NULL;
        """
    )
    only = SQL("AND picking.id IN %s", tuple(picking_ids)) if picking_ids else SQL()
    cr.execute(
        SQL(
            """
            UPDATE stock_picking picking
               SET o2c_control_required = required.value,
                   o2c_control_state = CASE
                        WHEN NOT required.value THEN NULL
                        ELSE COALESCE(picking.o2c_control_state, 'todo') END
              FROM (SELECT picking.id,
                           COALESCE(ptype.o2c_control_required
                                    AND ptype.code = 'outgoing'
                                    AND location.usage = 'customer', FALSE)
                               AS value
                      FROM stock_picking picking
                      JOIN stock_picking_type ptype
                        ON ptype.id = picking.picking_type_id
                      LEFT JOIN stock_location location
                        ON location.id = picking.location_dest_id
                     WHERE TRUE %s) required
             WHERE required.id = picking.id
            """,
            only,
        )
    )


def pre_init_hook(env):
    o2c_init_control_fields(env.cr)
