package io.github.rebalancedecs.cli;

import io.github.rebalancedecs.runtime.ecs.EcsAccessException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.ServiceNotActiveException;
import software.amazon.awssdk.services.ecs.model.ServiceNotFoundException;

/**
 * Turns a failed ECS read or call into one line that names the value at fault and the fix.
 */
final class EcsErrors {

    /** Error codes with which AWS rejects the caller's identity rather than the request. */
    private static final Set<String> CREDENTIAL_ERROR_CODES = Set.of("UnrecognizedClientException",
            "InvalidSignatureException", "SignatureDoesNotMatch", "InvalidClientTokenId", "ExpiredTokenException",
            "AccessDeniedException", "AccessDenied", "MissingAuthenticationToken");

    private EcsErrors() {
    }

    /**
     * Returns the operator's error for a failure of the ECS package or the SDK.
     *
     * @param failure     an {@link EcsAccessException} or an {@link SdkException}
     * @param connection  where the client points, for the message
     * @param clusterName the cluster of the command
     */
    static CliException translate(RuntimeException failure, EcsConnection connection, String clusterName) {
        String call = failure instanceof EcsAccessException access ? "ECS " + access.operation() : "An ECS call";
        SdkException sdk = causeOfType(failure, SdkException.class);

        if (sdk instanceof ClusterNotFoundException) {
            return new CliException("Cluster '" + clusterName + "' not found in Region " + connection.region()
                    + ": check --cluster and --region (aws ecs list-clusters lists the clusters)", failure);
        }
        if (sdk instanceof ServiceNotFoundException || sdk instanceof ServiceNotActiveException) {
            return new CliException(call + " failed in cluster '" + clusterName + "': " + errorMessage(sdk)
                    + ": check --service (aws ecs list-services --cluster " + clusterName
                    + " lists the services)", failure);
        }
        if (sdk instanceof AwsServiceException service && service.isThrottlingException()) {
            return new CliException(call + " was throttled (" + errorCode(service) + ") after " + attempts(sdk)
                    + ": wait a minute and run the command again, or name fewer services with --service", failure);
        }
        if (sdk instanceof AwsServiceException service && CREDENTIAL_ERROR_CODES.contains(errorCode(service))) {
            return new CliException(call + " was rejected with " + errorCode(service) + " (" + errorMessage(service)
                    + "): check the credentials (--profile, AWS_ACCESS_KEY_ID) and their ECS permissions", failure);
        }
        if (sdk instanceof ApiCallTimeoutException || sdk instanceof ApiCallAttemptTimeoutException
                || causeOfType(failure, SocketTimeoutException.class) != null) {
            return new CliException(call + " to " + connection.endpointDescription() + " timed out: check "
                    + "--endpoint-url and the network, or raise --api-call-timeout", failure);
        }
        Throwable unreachable = unreachableCause(failure);
        if (unreachable != null) {
            return new CliException(call + " could not reach " + connection.endpointDescription() + " ("
                    + unreachable.getClass().getSimpleName() + ": " + unreachable.getMessage() + "): check "
                    + "--endpoint-url and --region, and that the endpoint is up", failure);
        }
        if (sdk instanceof AwsServiceException service) {
            return new CliException(call + " failed with " + errorCode(service) + ": " + errorMessage(service),
                    failure);
        }
        // The ECS package found the reads inconsistent: the cluster changed between two reads, or
        // a task runs without a container instance, as on Fargate.
        return new CliException(failure.getMessage() + ": run the command again; if it fails the same way, leave "
                + "that service out with --service, or rerun with --debug", failure);
    }

    private static Throwable unreachableCause(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException || cause instanceof UnknownHostException
                    || cause instanceof NoRouteToHostException) {
                return cause;
            }
        }
        return null;
    }

    private static <T extends Throwable> T causeOfType(Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    private static String attempts(SdkException sdk) {
        Integer attempts = sdk.numAttempts();
        return attempts == null ? "retries" : attempts + " attempts";
    }

    private static String errorCode(AwsServiceException service) {
        return service.awsErrorDetails() == null ? "an unknown error code" : service.awsErrorDetails().errorCode();
    }

    private static String errorMessage(SdkException sdk) {
        if (sdk instanceof AwsServiceException service && service.awsErrorDetails() != null
                && service.awsErrorDetails().errorMessage() != null) {
            return service.awsErrorDetails().errorMessage();
        }
        return sdk.getMessage();
    }
}
