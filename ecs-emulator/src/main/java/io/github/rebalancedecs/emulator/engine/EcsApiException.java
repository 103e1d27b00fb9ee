package io.github.rebalancedecs.emulator.engine;

/**
 * An error the emulator returns on the ECS wire protocol, with the error code that the SDK maps
 * to its exception class (for example {@code ClusterNotFoundException}) and the HTTP status.
 */
public final class EcsApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String errorCode;
    private final int httpStatus;

    public EcsApiException(String errorCode, int httpStatus, String message) {
        super(message);
        this.errorCode = errorCode;
        this.httpStatus = httpStatus;
    }

    public String errorCode() {
        return errorCode;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public static EcsApiException invalidParameter(String message) {
        return new EcsApiException("InvalidParameterException", 400, message);
    }

    public static EcsApiException client(String message) {
        return new EcsApiException("ClientException", 400, message);
    }

    /** ECS returns this message, without the name, when a cluster does not exist. */
    public static EcsApiException clusterNotFound() {
        return new EcsApiException("ClusterNotFoundException", 400, "Cluster not found.");
    }

    /** ECS returns this message, without the name, when a service does not exist. */
    public static EcsApiException serviceNotFound() {
        return new EcsApiException("ServiceNotFoundException", 400, "Service not found.");
    }

    public static EcsApiException serviceNotActive() {
        return new EcsApiException("ServiceNotActiveException", 400, "Service was not ACTIVE.");
    }

    public static EcsApiException resourceNotFound(String message) {
        return new EcsApiException("ResourceNotFoundException", 400, message);
    }

    public static EcsApiException unsupportedOperation(String operation, String supported) {
        return new EcsApiException("UnsupportedFeatureException", 400,
                "The ECS emulator does not support the operation " + operation + ". Supported operations: "
                        + supported + ".");
    }

    /** Returns the validation error ECS returns for a list parameter over its documented size. */
    public static EcsApiException tooManyItems(String parameter, int maximum) {
        return invalidParameter(parameter + " can have at most " + maximum + " items.");
    }
}
