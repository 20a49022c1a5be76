"""
Glue ETL job (glueetl, Glue 5.0, Python 3): order-status events (raw JSON) -> one row per order (Parquet).

Input: the JSON objects archive-order-events writes to ``<RAW_PATH>dt=YYYY-MM-DD/<messageId>.json``, one
order-status event each: ``{"orderId", "status", "at", ...}`` with status created|paid|shipped|delivered|cancelled,
``at`` an ISO-8601 timestamp, and on ``created`` also ``total`` and ``items`` (a count).

Each run reads only the files earlier runs have not processed (job bookmarks: ``transformation_ctx`` on the source,
``Job.init``/``Job.commit``), reduces the new events to one row per order (its latest status; ties in time go to the
later status in the lifecycle; the creation facts kept from the ``created`` event when it is in the batch), and appends
the rows as Snappy-compressed Parquet partitioned by ``dt`` (the day of the row's latest status) under
``CURATED_PATH``, registering the table and its new partitions in the Data Catalog from the sink
(``enableUpdateCatalog``; no crawler run over the curated data). An order whose events span several runs has one row
per run; its current state is the row with the latest ``status_at`` (see apps/analytics/README.md for the view).

Job arguments (no bucket is named in this file): ``--RAW_PATH``, ``--CURATED_PATH`` (``s3://bucket/prefix/``),
``--DATABASE``, ``--TABLE``.

The transformation (``normalise``, ``merge``, ``to_row``, ``latest_per_order``) is plain Python with no Glue or Spark
import, so it runs and is tested without them (apps/analytics/orders_to_parquet.test.ts); ``main`` imports awsglue
and pyspark, which exist only on Glue.
"""
import sys
from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation

#: Order statuses in lifecycle order: when two events of an order carry the same time, the later status wins.
STATUSES = ("created", "paid", "shipped", "delivered", "cancelled")
STATUS_RANK = {status: rank for rank, status in enumerate(STATUSES)}
#: The job's own arguments (getResolvedOptions); JOB_NAME is passed by Glue.
ARGUMENTS = ["JOB_NAME", "RAW_PATH", "CURATED_PATH", "DATABASE", "TABLE"]
#: The curated table's columns, in order; ``dt`` (yyyy-mm-dd of status_at, UTC) is the partition column.
COLUMNS = ("order_id", "status", "status_at", "created_at", "total", "items", "dt")


def parse_at(value):
    """An ISO-8601 timestamp (``Z`` or an offset; naive means UTC) as an aware UTC datetime, else None."""
    if not isinstance(value, str) or not value:
        return None
    text = value[:-1] + "+00:00" if value.endswith(("Z", "z")) else value
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc)


def _decimal(value):
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number.quantize(Decimal("0.01")) if number.is_finite() else None


def _count(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def normalise(event):
    """
    One raw event as the job's state for its order, or None when it is not an order-status event (no orderId, an
    unknown status, no parseable ``at``): such records are dropped, not guessed at.
    """
    if not isinstance(event, dict):
        return None
    order_id = event.get("orderId")
    status = event.get("status")
    at = parse_at(event.get("at"))
    if not isinstance(order_id, str) or not order_id or status not in STATUS_RANK or at is None:
        return None
    created = status == "created"
    return {
        "order_id": order_id,
        "status": status,
        "status_at": at,
        "created_at": at if created else None,
        "total": _decimal(event.get("total")) if created else None,
        "items": _count(event.get("items")) if created else None,
    }


def merge(a, b):
    """
    Two states of the same order as one: the latest status (by time, then lifecycle order), and the creation facts
    of the earliest ``created`` event seen. Associative and commutative, so Spark may reduce in any order.
    """
    latest = max(a, b, key=lambda s: (s["status_at"], STATUS_RANK[s["status"]]))
    creations = [s for s in (a, b) if s["created_at"] is not None]
    first = min(creations, key=lambda s: (s["created_at"], s["total"] is None)) if creations else None
    return {
        "order_id": latest["order_id"],
        "status": latest["status"],
        "status_at": latest["status_at"],
        "created_at": first["created_at"] if first else None,
        "total": first["total"] if first else None,
        "items": first["items"] if first else None,
    }


def to_row(state):
    """A state as a curated row: the columns in COLUMNS order, ``dt`` the UTC day of its latest status."""
    row = dict(state, dt=state["status_at"].strftime("%Y-%m-%d"))
    return tuple(row[c] for c in COLUMNS)


def latest_per_order(events):
    """The rows a run writes for a batch of raw events, ordered by order_id (what the Spark job computes). Pure."""
    states = {}
    for state in filter(None, map(normalise, events)):
        key = state["order_id"]
        states[key] = merge(states[key], state) if key in states else state
    return [to_row(states[k]) for k in sorted(states)]


def main(argv):
    """The Glue job: read new raw events (bookmarked), reduce per order, append Parquet and update the catalog."""
    from awsglue.context import GlueContext
    from awsglue.dynamicframe import DynamicFrame
    from awsglue.job import Job
    from awsglue.utils import getResolvedOptions
    from pyspark.context import SparkContext
    from pyspark.sql.types import (DecimalType, IntegerType, StringType, StructField, StructType, TimestampType)

    args = getResolvedOptions(argv, ARGUMENTS)
    glue = GlueContext(SparkContext.getOrCreate())
    job = Job(glue)
    job.init(args["JOB_NAME"], args)
    logger = glue.get_logger()

    raw = glue.create_dynamic_frame.from_options(
        connection_type="s3",
        connection_options={"paths": [args["RAW_PATH"]], "recurse": True, "groupFiles": "inPartition"},
        format="json",
        transformation_ctx="raw_order_events",
    )
    events = raw.toDF().rdd.map(lambda r: normalise(r.asDict(recursive=True)))
    states = events.filter(lambda s: s is not None).map(lambda s: (s["order_id"], s)).reduceByKey(merge)
    if states.isEmpty():
        logger.info("no new order events since the last run")
        job.commit()
        return

    schema = StructType([
        StructField("order_id", StringType(), False),
        StructField("status", StringType(), False),
        StructField("status_at", TimestampType(), False),
        StructField("created_at", TimestampType(), True),
        StructField("total", DecimalType(18, 2), True),
        StructField("items", IntegerType(), True),
        StructField("dt", StringType(), False),
    ])
    rows = glue.spark_session.createDataFrame(states.map(lambda kv: to_row(kv[1])), schema)
    sink = glue.getSink(
        connection_type="s3",
        path=args["CURATED_PATH"],
        enableUpdateCatalog=True,
        updateBehavior="UPDATE_IN_DATABASE",
        partitionKeys=["dt"],
        transformation_ctx="curated_orders",
    )
    sink.setFormat("glueparquet", compression="snappy")
    sink.setCatalogInfo(catalogDatabase=args["DATABASE"], catalogTableName=args["TABLE"])
    sink.writeFrame(DynamicFrame.fromDF(rows, glue, "curated_orders"))
    job.commit()


if __name__ == "__main__":
    main(sys.argv)
