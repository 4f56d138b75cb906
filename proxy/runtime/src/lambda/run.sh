#!/bin/sh
# The streaming function's handler under the AWS Lambda Web Adapter (AWS_LAMBDA_EXEC_WRAPPER=/opt/bootstrap): starts
# the proxy as a server on the adapter's port; the adapter turns each invocation into an HTTP request to it and
# streams the answer back as it is written (AWS_LWA_INVOKE_MODE=response_stream). JAVA_TOOL_OPTIONS reaches the JVM
# from the function's environment.
exec java -cp "${LAMBDA_TASK_ROOT:-$(dirname "$0")}:${LAMBDA_TASK_ROOT:-$(dirname "$0")}/lib/*" \
  com.bedrockmeter.proxy.ProxyApplication --server.port="${AWS_LWA_PORT:-8080}"
