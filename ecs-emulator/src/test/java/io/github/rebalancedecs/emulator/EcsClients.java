package io.github.rebalancedecs.emulator;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;

/** Builds the real SDK client against an emulator, with dummy credentials and no retries. */
public final class EcsClients {

    static {
        // Keep the SDK from looking for credentials or a Region on the EC2 metadata address.
        System.setProperty("aws.disableEc2Metadata", "true");
    }

    private EcsClients() {
    }

    /** Returns a client that does not retry, so each SDK call is exactly one request. */
    public static EcsClient withoutRetries(EcsEmulator emulator) {
        return builder(emulator).overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD)
                .retryStrategy(b -> b.maxAttempts(1))).build();
    }

    /** Returns a client with the SDK's standard retry strategy (3 attempts). */
    public static EcsClient withStandardRetries(EcsEmulator emulator) {
        return builder(emulator).overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD)).build();
    }

    private static software.amazon.awssdk.services.ecs.EcsClientBuilder builder(EcsEmulator emulator) {
        return EcsClient.builder()
                .endpointOverride(emulator.endpoint())
                .region(Region.of(emulator.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create());
    }
}
