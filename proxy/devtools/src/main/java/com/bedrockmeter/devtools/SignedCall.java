package com.bedrockmeter.devtools;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * InvokeModel as the proxy's stream routes call Bedrock ({@code BedrockStreams}): the body signed with the SDK's
 * SigV4 signer and sent with its Apache 5 client, without the SDK's request pipeline (marshalling, interceptors,
 * endpoint and auth-scheme resolution, unmarshalling). Beside the {@code sdk} row, it tells what that pipeline
 * costs per call, and so what {@code /model/{id}/invoke} would save by taking this way too.
 */
final class SignedCall implements JavaClient.Call {

    private final SdkHttpClient http = Apache5HttpClient.builder().maxConnections(200).build();
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final AwsBasicCredentials credentials = AwsBasicCredentials.create("local", "local");
    private final URI endpoint;
    private final String path;
    private final byte[] body;

    SignedCall(URI endpoint, String modelId, byte[] body) {
        this.endpoint = endpoint;
        this.path = "/model/" + URLEncoder.encode(modelId, StandardCharsets.UTF_8) + "/invoke";
        this.body = body;
    }

    @Override
    public boolean call() throws IOException {
        SdkHttpFullRequest request = SdkHttpFullRequest.builder().method(SdkHttpMethod.POST).uri(endpoint)
                .encodedPath(path)
                .putHeader("Content-Type", "application/json")
                .putHeader("Accept", "application/json")
                .putHeader("Content-Length", Integer.toString(body.length)).build();
        SignedRequest signed = signer.sign(r -> r.identity(credentials).request(request)
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "bedrock")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
        HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder().request(signed.request())
                .contentStreamProvider(signed.payload().orElse(null)).build()).call();
        if (response.responseBody().isPresent()) {
            try (InputStream answer = response.responseBody().get()) {
                answer.readAllBytes();
            }
        }
        return response.httpResponse().statusCode() == 200;
    }
}
