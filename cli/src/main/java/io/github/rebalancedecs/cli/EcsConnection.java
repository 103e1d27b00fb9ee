package io.github.rebalancedecs.cli;

import java.net.URI;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * An open ECS client with what error messages need to say where it points.
 *
 * @param ecs         the client
 * @param region      the Region it signs requests for
 * @param endpointUrl the endpoint override, or {@code null} for the Region's ECS endpoint
 * @param credentials the credentials provider, closed with the client
 */
record EcsConnection(EcsClient ecs, String region, URI endpointUrl, AwsCredentialsProvider credentials)
        implements AutoCloseable {

    EcsConnection {
        Objects.requireNonNull(ecs, "ecs");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(credentials, "credentials");
    }

    /** Returns the endpoint for messages: the override, or the Region's endpoint by name. */
    String endpointDescription() {
        return endpointUrl == null ? "the ECS endpoint of " + region : endpointUrl.toString();
    }

    @Override
    public void close() {
        ecs.close();
        ConnectionOptions.closeQuietly(credentials);
    }
}
