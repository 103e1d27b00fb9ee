package io.github.rebalancedecs.runtime.config;

import java.util.List;

/** Invalid environment variables; the message names each variable, its value and the rule. */
public final class ConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ConfigurationException(List<String> problems) {
        super("Invalid rebalancer configuration: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Returns one sentence per invalid variable. */
    public List<String> problems() {
        return problems;
    }
}
