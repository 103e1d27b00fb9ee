package io.github.rebalancedecs.cli;

/** The format of a command's output on standard output. */
public enum OutputFormat {
    /** Aligned text for people. */
    TABLE,
    /** One JSON document for scripts; progress and prompts go to standard error. */
    JSON
}
