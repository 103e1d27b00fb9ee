package io.github.rebalancedecs.cli;

import io.github.rebalancedecs.runtime.ecs.EcsClientFactory;
import java.net.URI;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The options that choose where and as whom the CLI talks to ECS, named as the AWS CLI names
 * them. Without {@code --region} and {@code --profile}, the SDK's default Region and credential
 * chains apply.
 */
public final class ConnectionOptions {

    @Option(names = "--region", paramLabel = "REGION",
            description = "The AWS Region, such as us-east-1. Default: AWS_REGION, then the region of the profile.")
    String region;

    @Option(names = "--profile", paramLabel = "NAME",
            description = "A named profile of the AWS config and credentials files, for credentials and Region. "
                    + "Default: the default credential chain (environment variables, AWS_PROFILE or the default "
                    + "profile, container or instance role).")
    String profile;

    @Option(names = "--endpoint-url", paramLabel = "URL",
            description = "The ECS endpoint, such as http://127.0.0.1:4566 for the ECS emulator. "
                    + "Default: the ECS endpoint of the Region.")
    URI endpointUrl;

    @Option(names = "--api-call-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "The time limit of one ECS call, its retries included, in seconds. "
                    + "Default: ${DEFAULT-VALUE}.")
    int apiCallTimeoutSeconds;

    /**
     * Validates the options, resolves the Region and the credentials, and creates the client.
     *
     * @throws ParameterException for an invalid option value (exit code 2)
     * @throws CliException       when no Region or no credentials can be found (exit code 1)
     */
    EcsConnection connect(CommandSpec spec) {
        validate(spec);
        String resolvedRegion = resolveRegion();
        AwsCredentialsProvider credentials = credentialsProvider();
        try {
            requireCredentials(credentials);
            EcsClient ecs = EcsClientFactory.create(resolvedRegion, endpointUrl, credentials,
                    Duration.ofSeconds(apiCallTimeoutSeconds));
            return new EcsConnection(ecs, resolvedRegion, endpointUrl, credentials);
        } catch (RuntimeException e) {
            closeQuietly(credentials);
            throw e;
        }
    }

    private void validate(CommandSpec spec) {
        if (region != null && region.isBlank()) {
            throw new ParameterException(spec.commandLine(),
                    "--region must not be empty; pass a Region such as us-east-1");
        }
        if (profile != null && profile.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--profile must not be empty; pass a profile name");
        }
        if (endpointUrl != null) {
            String scheme = endpointUrl.getScheme();
            boolean http = "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
            if (!http || endpointUrl.getHost() == null) {
                throw new ParameterException(spec.commandLine(), "--endpoint-url must be an http or https URL "
                        + "such as http://127.0.0.1:4566, got '" + endpointUrl + "'");
            }
        }
        if (apiCallTimeoutSeconds < 1 || apiCallTimeoutSeconds > 600) {
            throw new ParameterException(spec.commandLine(),
                    "--api-call-timeout must be from 1 to 600 seconds, got " + apiCallTimeoutSeconds);
        }
    }

    private String resolveRegion() {
        if (region != null) {
            return region.trim();
        }
        DefaultAwsRegionProviderChain.Builder chain = DefaultAwsRegionProviderChain.builder();
        if (profile != null) {
            chain.profileName(profile);
        }
        try {
            return chain.build().getRegion().id();
        } catch (SdkException e) {
            String where = profile == null ? "" : " in profile '" + profile + "'";
            throw new CliException("No AWS Region is set" + where + ": pass --region, set AWS_REGION, or set "
                    + "region in the profile in ~/.aws/config", e);
        }
    }

    private AwsCredentialsProvider credentialsProvider() {
        if (profile != null) {
            return ProfileCredentialsProvider.create(profile.trim());
        }
        return DefaultCredentialsProvider.builder().build();
    }

    /**
     * Resolves the credentials once before any ECS call, because the SDK reports missing
     * credentials with the same exception type as a failed connection.
     */
    private void requireCredentials(AwsCredentialsProvider credentials) {
        try {
            credentials.resolveCredentials();
        } catch (SdkException | IllegalStateException | IllegalArgumentException e) {
            if (profile != null) {
                throw new CliException("No AWS credentials for profile '" + profile + "': check the profile name "
                        + "in ~/.aws/config and ~/.aws/credentials (or AWS_CONFIG_FILE), or sign in with "
                        + "aws sso login --profile " + profile, e);
            }
            throw new CliException("No AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, "
                    + "pass --profile NAME, or run where a container or instance role provides them", e);
        }
    }

    static void closeQuietly(AwsCredentialsProvider credentials) {
        if (credentials instanceof SdkAutoCloseable closeable) {
            closeable.close();
        }
    }
}
