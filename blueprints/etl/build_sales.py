"""Builds the curated Iceberg `sales` table from cleansed point-of-sale data.

MERGE keeps the table idempotent: a re-run after a failure updates the orders it already
wrote instead of duplicating them. Athena engine v3 reads and updates the same table.
"""
import sys

import boto3

from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext

args = getResolvedOptions(sys.argv, ["JOB_NAME", "source_database", "target_table"])
glue = GlueContext(SparkContext.getOrCreate())
spark = glue.spark_session
job = Job(glue)
job.init(args["JOB_NAME"], args)

source = boto3.client("glue").get_database(Name=args["source_database"])["Database"]
spark.read.parquet(source["LocationUri"] + "pos/").createOrReplaceTempView("pos")
spark.sql(
    f"""
    MERGE INTO glue_catalog.{args["target_table"]} AS sales
    USING (
        SELECT order_id, store_id, region, customer_id, amount, order_time,
               date_format(order_time, 'yyyy') AS year,
               date_format(order_time, 'MM') AS month,
               date_format(order_time, 'dd') AS day
        FROM pos
    ) AS updates
    ON sales.order_id = updates.order_id
    WHEN MATCHED THEN UPDATE SET *
    WHEN NOT MATCHED THEN INSERT *
    """
)
job.commit()
