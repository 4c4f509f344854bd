# cwe: CWE-94
"""Lambda behind API Gateway: runs a user-supplied row transform over a CSV in S3."""
import csv
import io
import json

import boto3

s3 = boto3.client("s3")


def compile_transform(source: str):
    namespace = {}
    code = "def transform(row):\n" + "\n".join("    " + line for line in source.splitlines())
    exec(code, {"__builtins__": __builtins__}, namespace)
    return namespace["transform"]


def lambda_handler(event, context):
    body = json.loads(event.get("body") or "{}")
    bucket, key = body["bucket"], body["key"]
    transform = compile_transform(body.get("transform", "return row"))

    obj = s3.get_object(Bucket=bucket, Key=key)
    reader = csv.DictReader(io.StringIO(obj["Body"].read().decode("utf-8")))
    out = io.StringIO()
    writer = None
    for row in reader:
        new_row = transform(dict(row))
        if writer is None:
            writer = csv.DictWriter(out, fieldnames=list(new_row.keys()))
            writer.writeheader()
        writer.writerow(new_row)

    out_key = key.rsplit(".", 1)[0] + ".transformed.csv"
    s3.put_object(Bucket=bucket, Key=out_key, Body=out.getvalue().encode("utf-8"))
    return {"statusCode": 200, "body": json.dumps({"output": out_key})}
