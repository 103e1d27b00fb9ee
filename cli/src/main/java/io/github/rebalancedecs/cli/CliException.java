package io.github.rebalancedecs.cli;

/**
 * A failure the operator can act on. The CLI prints its message on one line and exits with
 * {@link RebalancedEcs#EXIT_ERROR}; the stack trace appears only with {@code --debug}.
 */
public final class CliException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CliException(String message) {
        super(message);
    }

    public CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
