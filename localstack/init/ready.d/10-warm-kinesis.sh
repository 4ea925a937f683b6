#!/bin/bash
# LocalStack init hook (runs inside the container once LocalStack is ready). LocalStack's
# Kinesis downloads and starts its backend (kinesis-local) on the first Kinesis call, which can
# take longer than a test's timeout; make that first call here instead, then report readiness.
set -euo pipefail
stream=lakectl-warmup-$$
start=$SECONDS
awslocal kinesis create-stream --stream-name "$stream" --shard-count 1
awslocal kinesis wait stream-exists --stream-name "$stream"
awslocal kinesis delete-stream --stream-name "$stream" --enforce-consumer-deletion
echo "lakectl: LocalStack ready; Kinesis warmed in $((SECONDS - start)) s"
