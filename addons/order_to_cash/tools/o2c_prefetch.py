# Copyright 2026 Order-to-Cash Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Reading a one2many with its records' values in one query."""


def fetch_one2many(records, name):
    """Read the one2many ``name`` of ``records`` with the values of its
    records (the fields the ORM prefetches) in one query, into the cache, as reading
    the field would fill it (that takes two queries: the records' ids, then
    their values). Records whose field is in the cache already (created or
    read in the transaction) are left as they are. Read in the records'
    environment (a sudoed recordset reads sudoed), with the field's domain
    and context and the comodel's order, as the ORM reads it."""
    field = records._fields[name]
    missing = [id_ for id_ in records.env.cache.get_missing_ids(records, field) if id_]
    if not missing:
        return
    comodel = records.env[field.comodel_name].with_context(
        active_test=False, **field.context
    )
    inverse = field.inverse_name
    # the fields the ORM prefetches with a record's stored field
    fnames = [
        fname
        for fname, comodel_field in comodel._fields.items()
        if comodel_field.prefetch is True and comodel_field.is_accessible(comodel.env)
    ]
    lines = comodel.search_fetch(
        field.get_domain_list(records) + [(inverse, "in", missing)], fnames
    )
    ids_by_record = {id_: [] for id_ in missing}
    for line in lines:
        ids_by_record[line[inverse].id].append(line.id)
    records.env.cache.insert_missing(
        records.browse(missing), field, [tuple(ids) for ids in ids_by_record.values()]
    )
