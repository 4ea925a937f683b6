"""Types the day's raw order files and writes them to the cleansed zone as Parquet by day.

Job bookmarks make a re-run skip files an earlier run already processed.
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

orders = glue.create_dynamic_frame.from_catalog(
    database=args["source_database"], table_name="orders", transformation_ctx="orders"
).toDF()
target = boto3.client("glue").get_database(Name=args["target_database"])["Database"]["LocationUri"]
(
    orders.where(F.col("order_id").isNotNull())
    .withColumn("amount", F.col("amount").cast("decimal(12,2)"))
    .withColumn("day", F.to_date("ordered_at"))
    .write.mode("append")
    .partitionBy("day")
    .parquet(target + "orders/")
)
job.commit()
