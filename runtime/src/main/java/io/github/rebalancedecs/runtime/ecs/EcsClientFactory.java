package io.github.rebalancedecs.runtime.ecs;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.EcsClientBuilder;

/** Builds the one {@link EcsClient} an execution environment uses. */
public final class EcsClientFactory {

    /** Attempts per call, so that throttled calls back off and retry before a run gives up. */
    static final int MAX_ATTEMPTS = 5;

    private EcsClientFactory() {
    }

    /**
     * Creates an ECS client on the JDK's URLConnection HTTP client.
     *
     * @param region              the AWS Region
     * @param endpointOverride    the ECS endpoint, such as a local emulator; {@code null} for the
     *                            Region's endpoint
     * @param credentials         the credentials provider
     * @param apiCallTimeout      the limit for one call with all its retries; keep it below the
     *                            Lambda function timeout
     */
    public static EcsClient create(String region, URI endpointOverride, AwsCredentialsProvider credentials,
            Duration apiCallTimeout) {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(apiCallTimeout, "apiCallTimeout");
        Duration attemptTimeout = apiCallTimeout.dividedBy(2);
        EcsClientBuilder builder = EcsClient.builder()
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(attemptTimeout))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(apiCallTimeout)
                        .apiCallAttemptTimeout(attemptTimeout)
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(MAX_ATTEMPTS)
                                .build())
                        .build());
        if (endpointOverride != null) {
            builder.endpointOverride(endpointOverride);
        }
        return builder.build();
    }
}
