"""PostgreSQL COPY for the national-scale seeders, and ids reserved from a table's own
sequence so that rows copied in may point at each other."""

import io

from django.db import connection


def reserve_ids(model, count):
    """Take `count` ids from the table's own sequence; return the first."""
    if not count:
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [model._meta.db_table])
        sequence = cursor.fetchone()[0]
        cursor.execute("SELECT nextval(%s)", [sequence])
        first = cursor.fetchone()[0]
        cursor.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
    return first


COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_value(value):
    """One value in COPY's text format."""
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    return str(value).translate(COPY_ESCAPES)


def copy_rows(model, fields, rows):
    """COPY rows (tuples in the order of `fields`, model attribute names) into model's table."""
    if not rows:
        return
    opts = model._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(opts.get_field(name).column) for name in fields)
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(map(copy_value, row)))
        buffer.write("\n")
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.copy_expert(f"COPY {quote(opts.db_table)} ({columns}) FROM STDIN", buffer)


def copy_lines(model, fields, lines):
    """COPY lines already in COPY's text format (tab-separated, in the order of `fields`)."""
    if not lines:
        return
    opts = model._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(opts.get_field(name).column) for name in fields)
    lines.append("")
    buffer = io.BytesIO("\n".join(lines).encode())
    lines.clear()
    with connection.cursor() as cursor:
        cursor.copy_expert(f"COPY {quote(opts.db_table)} ({columns}) FROM STDIN", buffer,
                           size=1 << 20)
