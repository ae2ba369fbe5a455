"""Where the Ibis expressions run: DuckDB (embedded default), PostgreSQL, or Spark in local mode.

`open_tables(backend, orders=..., fx=...)` puts the input tables on the backend and yields a
`Workspace` of Ibis tables bound to it; everything it created is removed on exit (PostgreSQL: a fresh schema dropped
with CASCADE; Spark: temporary views). Inputs are pyarrow tables or, for orders, a Parquet path.

- DuckDB: an in-memory database; Parquet is scanned in place. `sqlite_orders` reads the platform's
  SQLite database through DuckDB's sqlite scanner (or sqlite3 when the extension is absent).
- PostgreSQL: the URL the caller passes (postgresql://user@host:port/db; the CLI passes the setting
  `insight_postgres_url`, `CHUHAI_INSIGHT_POSTGRES_URL`), else the local server 127.0.0.1:5432,
  database `test`, trying users `postgres` then `root` (trust auth).
- Spark: a given SparkSession, or a local one (`local[2]`, no UI, UTC session time zone).
"""

from __future__ import annotations

import contextlib
import itertools
import sqlite3
import tempfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import ibis
import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.parquet as pq

BACKENDS = ("duckdb", "postgres", "pyspark")
POSTGRES_USERS = ("postgres", "root")


def connect_postgres(url: str | None = None):
    """The PostgreSQL server at `url`, else the local test server (see the module docstring)."""
    if url:
        return ibis.connect(url)
    last_error: Exception | None = None
    for user in POSTGRES_USERS:
        try:
            return ibis.postgres.connect(host="127.0.0.1", port=5432, user=user, database="test")
        except Exception as exc:  # try the next user, report the last failure
            last_error = exc
    raise RuntimeError(f"cannot connect to PostgreSQL at 127.0.0.1:5432/test: {last_error}")


def local_spark_session():
    from pyspark.sql import SparkSession  # deferred: optional heavy dependency (a JVM), only for --backend pyspark

    warehouse = Path(tempfile.gettempdir()) / "chuhai-spark-warehouse"
    session = (
        SparkSession.builder.master("local[2]")
        .appName("chuhai-insight")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.warehouse.dir", str(warehouse))
        .config("spark.driver.memory", "2g")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return session


@dataclass
class Workspace:
    """Input tables on one backend, and `materialize` to store an intermediate result there."""

    orders: ir.Table
    fx: ir.Table
    materialize: Callable[[ir.Table], ir.Table]


def _register_arrow(con, name: str, table) -> ir.Table:
    # A DuckDB view over the Arrow data: no copy.
    con.con.register(name, table)
    return con.table(name)


# Ibis' own cache()/release() and drop_* are avoided: with sqlglot 30 Ibis 12 renders DROP without
# its table name. Temporary objects go away with the connection, the schema or the temp views.
@contextlib.contextmanager
def open_tables(backend: str = "duckdb", *, orders, fx, spark=None,
                postgres_url: str | None = None) -> Iterator[Workspace]:
    """Yields a Workspace on `backend`; `orders` is a pyarrow table or a Parquet path. `spark`: a
    SparkSession to use (pyspark), `postgres_url`: the server to use (postgres, see `connect_postgres`)."""
    tag = "chuhai_insight_" + uuid.uuid4().hex[:10]
    if backend == "duckdb":
        tables = _duckdb_tables(tag, orders, fx)
    elif backend == "postgres":
        tables = _postgres_tables(tag, orders, fx, postgres_url)
    elif backend == "pyspark":
        tables = _spark_tables(tag, orders, fx, spark or local_spark_session())
    else:
        raise ValueError(f"unknown backend {backend!r}; expected one of {', '.join(BACKENDS)}")
    with tables as workspace:
        yield workspace


def _is_path(orders) -> bool:
    return isinstance(orders, (str, Path))


@contextlib.contextmanager
def _duckdb_tables(tag: str, orders, fx) -> Iterator[Workspace]:
    counter = itertools.count()
    con = ibis.duckdb.connect()
    try:
        if _is_path(orders):
            # A plain view: Ibis' read_parquet spends half a second inspecting the file first.
            path = str(orders).replace("'", "''")
            con.con.execute(f"CREATE VIEW {tag}_orders AS SELECT * FROM read_parquet('{path}')")
            orders_table = con.table(f"{tag}_orders")
        else:
            orders_table = _register_arrow(con, f"{tag}_orders", orders)
        # Intermediate results are kept as Arrow tables DuckDB scans in place: storing them in a
        # temporary table costs more than the few scans that read them.
        yield Workspace(
            orders_table, _register_arrow(con, f"{tag}_fx", fx),
            lambda expr: _register_arrow(con, f"{tag}_m{next(counter)}", con.to_pyarrow(expr)),
        )
    finally:
        con.disconnect()


@contextlib.contextmanager
def _postgres_tables(tag: str, orders, fx, url: str | None) -> Iterator[Workspace]:
    counter = itertools.count()
    con = connect_postgres(url)
    con.raw_sql(f'CREATE SCHEMA "{tag}"').close()
    try:
        if _is_path(orders):
            orders = pq.read_table(str(orders))
        yield Workspace(
            con.create_table("orders", orders, database=tag),
            con.create_table("fx", fx, database=tag),
            lambda expr: con.create_table(f"m{next(counter)}", expr, database=tag),
        )
    finally:
        con.raw_sql(f'DROP SCHEMA IF EXISTS "{tag}" CASCADE').close()
        con.disconnect()


@contextlib.contextmanager
def _spark_tables(tag: str, orders, fx, session) -> Iterator[Workspace]:
    counter = itertools.count()
    con = ibis.pyspark.connect(session)
    views: list[str] = []
    cached = []

    def view(name: str, frame):
        frame.createOrReplaceTempView(name)
        views.append(name)
        return con.table(name)

    def materialize(expr: ir.Table) -> ir.Table:
        frame = session.sql(con.compile(expr)).cache()
        cached.append(frame)
        return view(f"{tag}_m{next(counter)}", frame)

    try:
        if _is_path(orders):
            orders_frame = session.read.parquet(str(orders))
        else:
            orders_frame = session.createDataFrame(orders.to_pandas())
        yield Workspace(view(f"{tag}_orders", orders_frame),
                        view(f"{tag}_fx", session.createDataFrame(fx.to_pandas())), materialize)
    finally:
        for frame in cached:
            frame.unpersist()
        for name in views:
            session.catalog.dropTempView(name)


def sqlite_orders(con, sqlite_path: str | Path, query: str) -> ir.Table:
    """Order lines from the platform's SQLite database on a DuckDB Ibis connection `con`.

    `query` is a SELECT returning the order columns, written against the database attached as
    `platform` (e.g. `SELECT ... FROM platform.order_lines`). DuckDB's sqlite scanner reads it in
    place when the extension is installed; offline machines without it get the rows through
    Python's sqlite3 module into Arrow instead (the query then runs in SQLite, with `platform.`
    stripped)."""
    path = Path(sqlite_path)
    try:
        con.raw_sql("SET autoinstall_known_extensions = false")  # never reach for the network
        literal = str(path).replace("'", "''")  # ATTACH takes no parameters: a quoted literal
        con.raw_sql(f"ATTACH '{literal}' AS platform (TYPE sqlite, READ_ONLY)")
        return con.sql(query)
    except Exception:  # extension missing and not downloadable: read with sqlite3
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            cursor = db.execute(query.replace("platform.", ""))
            names = [column[0] for column in cursor.description]
            rows = cursor.fetchall()
        table = pa.table({name: [row[i] for row in rows] for i, name in enumerate(names)})
        name = "chuhai_sqlite_" + uuid.uuid4().hex[:10]
        return _register_arrow(con, name, table)
