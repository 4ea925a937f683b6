"""Aggregates cleansed orders into daily revenue per store in the curated zone (ORC)."""
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
    orders.groupBy("day", "store_id")
    .agg(F.sum("amount").alias("revenue"), F.count("*").alias("orders"))
    .write.mode("overwrite")
    .partitionBy("day")
    .orc(target + "daily_revenue/", compression="zlib")
)
job.commit()
