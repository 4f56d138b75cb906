package com.bedrockmeter.proxy.testsupport;

import java.util.List;
import software.amazon.awssdk.auth.token.credentials.StaticTokenProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.auth.scheme.BedrockRuntimeAuthSchemeProvider;

/**
 * The AWS SDK's async Bedrock client as a customer sets it up against the proxy: its base URL and a Bedrock API key
 * (the bearer token), its own HTTP client (HTTP/2); no retries, so a test sees each refusal.
 */
public final class BedrockSdk {

    private BedrockSdk() {
    }

    public static BedrockRuntimeAsyncClient client(ProxyClient proxy, String token) {
        return BedrockRuntimeAsyncClient.builder()
                .endpointOverride(proxy.uri(""))
                .region(Region.US_EAST_1)
                .tokenProvider(StaticTokenProvider.create(() -> token))
                .authSchemeProvider(BedrockRuntimeAuthSchemeProvider.defaultProvider(List.of("httpBearerAuth")))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }
}
