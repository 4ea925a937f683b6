#!/usr/bin/env python3
"""Scores scripts/bench-vs-prowler's runs: precision and recall of each tool on the fixture's
known answers, next to the timings in results.tsv, as a Markdown table.

Prowler's check ids are mapped to lakectl's rules (the fixture's controls) in PROWLER below; a
control no Prowler check covers is listed at the end and counts against Prowler's recall.
"""
import glob
import json
import os
import sys

# Prowler 5.x check id -> the fixture control (lakectl rule) it judges.
PROWLER = {
    "s3_bucket_kms_encryption": "LK-S3-001",
    "s3_bucket_secure_transport_policy": "LK-S3-004",
    "s3_bucket_level_public_access_block": "LK-S3-007",
    "s3_bucket_acl_prohibited": "LK-S3-008",
    "s3_bucket_object_versioning": "LK-S3-009",
    "s3_bucket_server_access_logging_enabled": "LK-S3-010",
    "s3_bucket_public_access": "LK-S3-011",
    "s3_bucket_cross_account_access": "LK-S3-012",
    "s3_bucket_lifecycle_enabled": "LK-S3-013",
    "s3_account_level_public_access_blocks": "LK-S3-014",
    "kms_cmk_rotation_enabled": "LK-KMS-001",
    "kms_cmk_not_deleted_unintentionally": "LK-KMS-002",
    "kms_key_not_publicly_accessible": "LK-KMS-003",
    "kinesis_stream_encrypted_at_rest": "LK-KIN-001",
    "kinesis_stream_data_retention_period": "LK-KIN-002",
    "firehose_stream_encrypted_at_rest": "LK-FH-002",
    "glue_data_catalogs_metadata_encryption_enabled": "LK-GLUE-001",
    "glue_data_catalogs_connection_passwords_encryption_enabled": "LK-GLUE-002",
    "glue_etl_jobs_amazon_s3_encryption_enabled": "LK-GLUE-004",
    "athena_workgroup_enforce_configuration": "LK-ATH-001",
    "athena_workgroup_encryption": "LK-ATH-002",
    "cloudtrail_s3_dataevents_read_enabled": "LK-CT-001",
    "cloudtrail_s3_dataevents_write_enabled": "LK-CT-001",
}

# Controls judged once for the account or region: any failure of the mapped check is a
# failure on lakectl's identifier for that setting.
ACCOUNT_LEVEL = {"LK-S3-014", "LK-GLUE-001", "LK-GLUE-002", "LK-LF-001"}


def account_arn(rule, region, account):
    if rule == "LK-S3-014":
        return f"arn:aws:iam::{account}:root"
    if rule.startswith("LK-GLUE"):
        return f"arn:aws:glue:{region}:{account}:catalog"
    return f"arn:aws:lakeformation:{region}:{account}:catalog:{account}"


def score(found, answers):
    hits = len(found & answers)
    precision = hits / len(found) if found else 1.0
    recall = hits / len(answers) if answers else 1.0
    return precision, recall


def ours(arn, prefix, region, account):
    return prefix in arn or arn in {
        account_arn(r, region, account) for r in ACCOUNT_LEVEL
    }


def lakectl_found(path, prefix, region, account):
    report = json.load(open(path))
    return {
        (f["rule"], f["resource"]["arn"])
        for f in report["findings"]
        if f["status"] == "fail" and ours(f["resource"]["arn"], prefix, region, account)
    }


def prowler_found(directory, prefix, region, account):
    found = set()
    for path in glob.glob(os.path.join(directory, "*.ocsf.json")):
        for f in json.load(open(path)):
            if f.get("status_code") != "FAIL":
                continue
            rule = PROWLER.get(f.get("metadata", {}).get("event_code"))
            if rule is None:
                continue
            for resource in f.get("resources", []):
                arn = resource.get("uid", "")
                if rule in ACCOUNT_LEVEL:
                    found.add((rule, account_arn(rule, region, account)))
                elif rule == "LK-CT-001" and prefix not in arn:
                    # Prowler judges data events per trail or account, not per bucket.
                    found.add((rule, f"arn:aws:iam::{account}:root"))
                elif ours(arn, prefix, region, account):
                    found.add((rule, arn))
    return found


def main(out):
    rows = [line.rstrip("\n").split("\t") for line in open(os.path.join(out, "results.tsv"))]
    print("| replicas (resources) | mode | tool | wall | peak RSS | requests | emulator CPU | precision | recall |")
    print("|---|---|---|--:|--:|--:|--:|--:|--:|")
    all_rules = set()
    for tool, mode, scale, wall, rss_kb, requests, cpu in rows:
        seeded = json.load(open(os.path.join(out, f"answers-{scale}.json")))
        answers = {(a["rule"], a["arn"]) for a in seeded["answers"]}
        all_rules |= {r for r, _ in answers}
        account = "000000000000"
        if tool == "lakectl":
            found = lakectl_found(os.path.join(out, f"lakectl-{mode}-{scale}.out"),
                                  seeded["prefix"], seeded["region"], account)
        else:
            found = prowler_found(os.path.join(out, f"prowler-{mode}-{scale}"),
                                  seeded["prefix"], seeded["region"], account)
        precision, recall = score(found, answers)
        print(f"| {scale} ({seeded['resources']}) | {mode} | {tool} | {wall} | "
              f"{int(rss_kb) / 1024:.0f} MB | {requests} | {cpu} s | {precision:.2f} | {recall:.2f} |")
    missing = sorted(all_rules - set(PROWLER.values()))
    print(f"\nControls of the fixture no Prowler check covers: {', '.join(missing)}")


if __name__ == "__main__":
    main(sys.argv[1])
