package io.github.rebalancedecs.runtime.ecs;

/**
 * A failed or inconsistent ECS call. The ECS package throws it instead of the SDK's exceptions
 * so that no other package depends on the SDK.
 */
public final class EcsAccessException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String operation;

    public EcsAccessException(String operation, String message, Throwable cause) {
        super(operation + " failed: " + message, cause);
        this.operation = operation;
    }

    public EcsAccessException(String operation, String message) {
        this(operation, message, null);
    }

    /** Returns the ECS operation that failed, such as {@code DescribeTasks}. */
    public String operation() {
        return operation;
    }
}
