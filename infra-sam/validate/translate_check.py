#!/usr/bin/env python3
"""Applies the SAM transform (aws-sam-translator, which cfn-lint brings) to the template, as `sam deploy` has
CloudFormation do, and checks what it generates for the proxy API: each streaming route is integrated through
Lambda's response-streaming-invocations with API Gateway's STREAM transfer mode on the streaming function's alias,
every other route buffered (29 s) on the buffered function's alias. Exits 1 on a problem.

    python3 translate_check.py ../template.yaml
"""
import json
import os
import sys

from cfnlint.decode import decode_str
from samtranslator.translator.transform import transform

STREAMING = {"/model/{modelId}/invoke-with-response-stream", "/model/{modelId}/converse-stream",
             "/v1/chat/completions"}


class ManagedPolicies:
    """The transform looks managed policies up by name; the template names none that need it."""

    def load(self):
        pass

    def get(self, name):
        return "arn:aws:iam::aws:policy/" + name


def main(path):
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    with open(path, encoding="utf-8") as f:
        template, problems = decode_str(f.read())
    if problems:
        return [str(p) for p in problems]
    template = json.loads(json.dumps(template))
    for name, resource in template["Resources"].items():
        code = resource.get("Properties", {}).get("CodeUri")
        if resource["Type"] == "AWS::Serverless::Function" and isinstance(code, str):
            resource["Properties"]["CodeUri"] = "s3://packaged/" + name + ".zip"  # what `sam package` puts there
    out = transform(template, {}, ManagedPolicies())
    apis = [r for r in out["Resources"].values() if r["Type"] == "AWS::ApiGateway::RestApi"]
    found = []
    seen = set()
    for api in apis:
        for route, operations in api["Properties"]["Body"]["paths"].items():
            for operation in operations.values():
                integration = operation.get("x-amazon-apigateway-integration", {})
                uri = json.dumps(integration.get("uri"))
                seen.add(route)
                if route in STREAMING:
                    if integration.get("responseTransferMode") != "STREAM":
                        found.append(f"{route}: transfer mode {integration.get('responseTransferMode')}, not STREAM")
                    if "response-streaming-invocations" not in uri or "ProxyStreamFunctionAlias" not in uri:
                        found.append(f"{route}: not the streaming function's response-streaming-invocations: {uri}")
                else:
                    if integration.get("responseTransferMode") not in (None, "BUFFERED"):
                        found.append(f"{route}: a buffered route in transfer mode {integration['responseTransferMode']}")
                    if "ProxyFunctionAlias" not in uri or int(integration.get("timeoutInMillis", 29000)) > 29000:
                        found.append(f"{route}: not the buffered function within 29 s: {uri}")
    missing = STREAMING - seen
    found.extend(f"{route}: no such route" for route in sorted(missing))
    return found


if __name__ == "__main__":
    problems = main(sys.argv[1] if len(sys.argv) > 1 else "../template.yaml")
    for problem in problems:
        print(problem)
    print(f"SAM transform: {len(problems)} problem(s)" if problems else "SAM transform: streaming routes stream")
    sys.exit(1 if problems else 0)
