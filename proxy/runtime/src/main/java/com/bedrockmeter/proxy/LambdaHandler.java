package com.bedrockmeter.proxy;

import com.amazonaws.serverless.exceptions.ContainerInitializationException;
import com.amazonaws.serverless.proxy.internal.LambdaContainerHandler;
import com.amazonaws.serverless.proxy.model.AwsProxyRequest;
import com.amazonaws.serverless.proxy.model.AwsProxyResponse;
import com.amazonaws.serverless.proxy.spring.SpringBootLambdaContainerHandler;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The proxy in AWS Lambda behind API Gateway (REST API, proxy integration): starts the same Spring application
 * once per execution environment and passes each event through. An init failure is rethrown so that Lambda
 * retries the cold start instead of serving from a broken context. A streamed answer
 * ({@code invoke-with-response-stream}) is buffered here and reaches the client whole at its end.
 */
public class LambdaHandler implements RequestStreamHandler {

    private static final SpringBootLambdaContainerHandler<AwsProxyRequest, AwsProxyResponse> HANDLER;

    /** Bedrock's event stream, binary: base64 in the proxy response, which API Gateway decodes (BinaryMediaTypes). */
    static final String EVENT_STREAM = "application/vnd.amazon.eventstream";

    static {
        try {
            LambdaContainerHandler.getContainerConfig().addBinaryContentTypes(EVENT_STREAM);
            HANDLER = SpringBootLambdaContainerHandler.getAwsProxyHandler(ProxyApplication.class);
        } catch (ContainerInitializationException e) {
            throw new IllegalStateException("Could not start the proxy application", e);
        }
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        HANDLER.proxyStream(input, output, context);
    }
}
