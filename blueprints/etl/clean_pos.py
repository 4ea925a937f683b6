"""Cleans raw point-of-sale files into the cleansed zone as partitioned Parquet.

Reads the `pos` table the raw crawler catalogs, drops malformed and duplicate rows, types the
columns, and writes `pos/` in the cleansed bucket partitioned by day. Job bookmarks make each
run process only the files that arrived since the last one.
"""
import sys

import boto3

from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from pyspark.sql import functions as F

args = getResolvedOptions(sys.argv, ["JOB_NAME", "source_database", "target_database"])
glue = GlueContext(SparkContext.getOrCreate())
job = Job(glue)
job.init(args["JOB_NAME"], args)


def location(database):
    """The zone bucket a catalog database lives in (`s3://bucket/`), as the blueprint set it."""
    return boto3.client("glue").get_database(Name=database)["Database"]["LocationUri"]


raw = glue.create_dynamic_frame.from_catalog(
    database=args["source_database"], table_name="pos", transformation_ctx="raw_pos"
).toDF()

clean = (
    raw.where(F.col("order_id").isNotNull() & F.col("amount").isNotNull())
    .dropDuplicates(["order_id"])
    .withColumn("amount", F.col("amount").cast("decimal(12,2)"))
    .withColumn("order_time", F.to_timestamp("order_time"))
    .withColumn("dt", F.to_date("order_time"))
)

(
    clean.write.mode("append")
    .partitionBy("dt")
    .option("compression", "snappy")
    .parquet(location(args["target_database"]) + "pos/")
)
job.commit()
