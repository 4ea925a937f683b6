#!/usr/bin/env python3
"""Scores scripts/bench-vs-prowler's runs: precision and recall of each tool on the fixture's
known answers, next to the figures in results.tsv, as a Markdown table; then the ratios against
the benchmark's targets, and the fixture's controls Prowler has no check for.

A finding is "on the fixture" when its resource carries the run's prefix, is one of the
fixture's keys (their ARNs carry no name), or is one of the region's account-level settings.
Each tool's failures on the fixture are compared with the answers as (rule, ARN) pairs.

Prowler's check ids are mapped to lakectl's rules (the fixture's controls) in PROWLER below,
verified against `prowler aws --list-checks` and the checks' code in Prowler 5.x. Prowler
checks without a counterpart among the fixture's controls are not scored (the fixture has no
answers for them).
"""
import glob
import json
import os
import sys

ACCOUNT = "000000000000"

# Prowler 5.x check id -> the fixture control (lakectl rule) it judges.
PROWLER = {
    # SSE with any KMS key: the AWS managed aws/s3 key passes (a subtle variant it misses).
    "s3_bucket_kms_encryption": "LK-S3-001",
    # aws:SecureTransport only; the TLS-version deny (LK-S3-005) has no check.
    "s3_bucket_secure_transport_policy": "LK-S3-004",
    # IgnorePublicAcls and RestrictPublicBuckets only: BlockPublicPolicy off passes.
    "s3_bucket_level_public_access_block": "LK-S3-007",
    "s3_bucket_acl_prohibited": "LK-S3-008",
    "s3_bucket_object_versioning": "LK-S3-009",
    "s3_bucket_server_access_logging_enabled": "LK-S3-010",
    "s3_bucket_public_access": "LK-S3-011",
    "s3_bucket_cross_account_access": "LK-S3-012",
    "s3_bucket_lifecycle_enabled": "LK-S3-013",
    "s3_account_level_public_access_blocks": "LK-S3-014",
    "kms_cmk_rotation_enabled": "LK-KMS-001",
    # LK-KMS-002 is "disabled or pending deletion": a disabled key fails kms_cmk_are_used, a
    # key pending deletion fails kms_cmk_not_deleted_unintentionally.
    "kms_cmk_are_used": "LK-KMS-002",
    "kms_cmk_not_deleted_unintentionally": "LK-KMS-002",
    "kms_key_not_publicly_accessible": "LK-KMS-003",
    # Any KMS key: the AWS managed aws/kinesis key passes.
    "kinesis_stream_encrypted_at_rest": "LK-KIN-001",
    "kinesis_stream_data_retention_period": "LK-KIN-002",
    # The delivery stream's own SSE; the destination's encryption (LK-FH-001) has no check.
    "firehose_stream_encrypted_at_rest": "LK-FH-002",
    "glue_data_catalogs_metadata_encryption_enabled": "LK-GLUE-001",
    "glue_data_catalogs_connection_passwords_encryption_enabled": "LK-GLUE-002",
    # LK-GLUE-004: a job's security configuration encrypts S3 data, logs and bookmarks.
    "glue_etl_jobs_amazon_s3_encryption_enabled": "LK-GLUE-004",
    "glue_etl_jobs_cloudwatch_logs_encryption_enabled": "LK-GLUE-004",
    "glue_etl_jobs_job_bookmark_encryption_enabled": "LK-GLUE-004",
    # Fails any connection without JDBC_ENFORCE_SSL, whatever its type; the fixture's are JDBC.
    "glue_database_connections_ssl_enabled": "LK-GLUE-012",
    "athena_workgroup_enforce_configuration": "LK-ATH-001",
    # Any encryption: SSE-S3 results pass.
    "athena_workgroup_encryption": "LK-ATH-002",
    # PublishCloudWatchMetricsEnabled, despite "logging" in its name.
    "athena_workgroup_logging_enabled": "LK-ATH-004",
    # Judged per account ("no trail records every bucket"), not per bucket: see UNPLACED.
    "cloudtrail_s3_dataevents_read_enabled": "LK-CT-001",
    "cloudtrail_s3_dataevents_write_enabled": "LK-CT-001",
}

# Controls Prowler judges per account where lakectl names the resource: one failure of the
# account-wide check names no bucket, so it is neither a hit nor a false alarm.
UNPLACED = {"LK-CT-001"}

# Why a control of the fixture has no Prowler check in the services the benchmark runs.
NO_CHECK = {
    "LK-S3-002": "no check for the S3 Bucket Key",
    "LK-S3-005": "no check for a minimum TLS version in the bucket policy",
    "LK-FH-001": "no check for the encryption of a delivery stream's S3 destination",
    "LK-FH-003": "no check for a delivery stream's error output prefix (Firehose has one check: SSE)",
    "LK-FH-004": "no check for a delivery stream's compression",
    "LK-GLUE-003": "no check for crawlers",
    "LK-GLUE-005": "no check for a table's compression",
    "LK-GLUE-006": "no check for a table's partitions",
    "LK-GLUE-007": "no check for a table's storage format",
    "LK-GLUE-013": "no check for credentials stored in a connection instead of a secret",
    "LK-GLUE-015": "no check for a crawler's update or recrawl behaviour",
    "LK-GLUE-016": "no check for a job's auto scaling",
    "LK-KIN-004": "no check for a stream's capacity against its load",
    "LK-S3-015": "no check for storage-class transitions",
    "LK-S3-016": "no check for noncurrent-version or query-result expiration",
    "LK-KMS-004": "no check for key policies that let the account root decrypt",
    "LK-IAM-003": "IAM is not among the services run",
    "LK-ATH-003": "no check for a work group's bytes-scanned cutoff",
    "LK-LF-001": "Prowler has no Lake Formation service",
    "LK-LF-004": "Prowler has no Lake Formation service (and no check reads a database's CreateTableDefaultPermissions)",
    "LK-IAM-001": "IAM is not among the services run (and no check matches a wildcard action in an inline role policy)",
    "LK-IAM-002": "IAM is not among the services run (and no check matches a wildcard resource in an inline role policy)",
    "LK-TAG-001": "no check for required tag keys",
    "LK-CW-001": "CloudWatch is not among the services run (and its checks are for CIS metric filters, not pipeline alarms)",
    "LK-CW-002": "CloudWatch is not among the services run (and no check judges an alarm's actions)",
    "LK-FH-006": "no check for a delivery stream's CloudWatch error logging (Firehose has one check: SSE)",
    "LK-FH-007": "no check for the source backup of a delivery stream that transforms records",
    "LK-LOG-001": "CloudWatch Logs is not among the services run (its retention check judges every log group against a number of days, not the pipeline's groups)",
    "LK-LF-005": "Prowler has no Lake Formation service",
}


def account_level(region):
    """lakectl's identifiers for the region's account-level settings the fixture seeds."""
    return {
        f"arn:aws:iam::{ACCOUNT}:root",
        f"arn:aws:glue:{region}:{ACCOUNT}:catalog",
        f"arn:aws:lakeformation:{region}:{ACCOUNT}:catalog:{ACCOUNT}",
        f"arn:aws:athena:{region}:{ACCOUNT}:workgroup/primary",
    }


def prowler_arn(rule, arn, region):
    """Prowler's identifier for an account-level setting, as lakectl names it."""
    if rule == "LK-S3-014":  # arn:aws:s3:<region>:<account>:account
        return f"arn:aws:iam::{ACCOUNT}:root"
    if rule in ("LK-GLUE-001", "LK-GLUE-002"):
        return f"arn:aws:glue:{region}:{ACCOUNT}:catalog"
    return arn


class Fixture:
    def __init__(self, seeded):
        self.prefix = seeded["prefix"]
        self.region = seeded["region"]
        self.resources = seeded["resources"]
        self.answers = {(a["rule"], a["arn"]) for a in seeded["answers"]}
        self.own = set(seeded["own_arns"]) | account_level(self.region)

    def ours(self, arn):
        return self.prefix in arn or arn in self.own


def lakectl_found(path, fx):
    report = json.load(open(path))
    return {
        (f["rule"], f["resource"]["arn"])
        for f in report["findings"]
        if f["status"] == "fail" and fx.ours(f["resource"]["arn"])
    }, 0


def prowler_found(directory, fx):
    found, unplaced = set(), 0
    for path in glob.glob(os.path.join(directory, "*.ocsf.json")):
        for f in json.load(open(path)):
            if f.get("status_code") != "FAIL":
                continue
            rule = PROWLER.get(f.get("metadata", {}).get("event_code"))
            if rule is None:
                continue
            for resource in f.get("resources", []):
                arn = prowler_arn(rule, resource.get("uid", ""), fx.region)
                if fx.ours(arn):
                    found.add((rule, arn))
                elif rule in UNPLACED:
                    unplaced += 1
    return found, unplaced


def score(found, answers):
    hits = len(found & answers)
    precision = hits / len(found) if found else 1.0
    recall = hits / len(answers) if answers else 1.0
    return precision, recall


def seconds(wall):
    """/usr/bin/time's "h:mm:ss" or "m:ss.ss" as seconds."""
    total = 0.0
    for part in wall.split(":"):
        total = total * 60 + float(part)
    return total


def main(out):
    rows = [line.rstrip("\n").split("\t") for line in open(os.path.join(out, "results.tsv"))]
    print("| replicas (resources) | mode | tool | wall | peak RSS | requests | emulator CPU "
          "| proxy CPU | precision | recall | recall on covered controls |")
    print("|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|")
    figures, notes = {}, []
    for tool, mode, scale, wall, rss_kb, requests, cpu, proxy_cpu in rows:
        fx = Fixture(json.load(open(os.path.join(out, f"answers-{scale}.json"))))
        if tool == "lakectl":
            found, unplaced = lakectl_found(os.path.join(out, f"lakectl-{mode}-{scale}.out"), fx)
        else:
            found, unplaced = prowler_found(os.path.join(out, f"prowler-{mode}-{scale}"), fx)
        precision, recall = score(found, fx.answers)
        covered = {a for a in fx.answers if a[0] in PROWLER.values()}
        _, recall_covered = score(found & covered, covered)
        if unplaced:
            notes.append(f"{tool} {mode} {scale}: {unplaced} account-wide CloudTrail data-event "
                         "failure(s) name no bucket; not scored")
        figures[(tool, mode, scale)] = dict(
            wall=seconds(wall), rss=int(rss_kb), requests=int(requests), cpu=float(cpu),
            precision=precision, recall=recall)
        print(f"| {scale} ({fx.resources}) | {mode} | {tool} | {seconds(wall):.2f} s | "
              f"{int(rss_kb) / 1024:.0f} MB | {requests} | {float(cpu):.2f} s | {float(proxy_cpu):.2f} s | "
              f"{precision:.2f} | {recall:.2f} | {recall_covered:.2f} |")
    for note in notes:
        print(f"\n{note}")

    print("\nTargets (lakectl / Prowler, or lakectl wall / emulator CPU of its own run):\n")
    print("| replicas | mode | wall / emulator CPU (<= 1.2, direct) | speed-up vs Prowler "
          "(>= 10, proxy) | RSS ratio (<= 0.10) | request ratio (<= 0.67) |")
    print("|---|---|--:|--:|--:|--:|")
    for (tool, mode, scale), lk in figures.items():
        if tool != "lakectl":
            continue
        pr = figures.get(("prowler", mode, scale))
        floor = f"{lk['wall'] / lk['cpu']:.2f}" if lk["cpu"] else "-"
        if pr:
            speed = f"{pr['wall'] / lk['wall']:.1f}x"
            rss = f"{lk['rss'] / pr['rss']:.3f}"
            req = f"{lk['requests'] / pr['requests']:.2f}" if pr["requests"] else "-"
        else:
            speed = rss = req = "-"
        print(f"| {scale} | {mode} | {floor} | {speed} | {rss} | {req} |")

    all_rules = set()
    for scale in {s for _, _, s in figures}:
        fx = Fixture(json.load(open(os.path.join(out, f"answers-{scale}.json"))))
        all_rules |= {r for r, _ in fx.answers}
    missing = sorted(all_rules - set(PROWLER.values()))
    print("\nControls of the fixture no Prowler check covers (they count against its recall):")
    for rule in missing:
        print(f"- {rule}: {NO_CHECK.get(rule, 'no matching check')}")


if __name__ == "__main__":
    main(sys.argv[1])
