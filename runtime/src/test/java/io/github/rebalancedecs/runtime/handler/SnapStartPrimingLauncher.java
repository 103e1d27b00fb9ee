package io.github.rebalancedecs.runtime.handler;

import io.github.rebalancedecs.runtime.config.RebalancerConfig;

/**
 * Runs {@link SnapStartPriming#prime} from the packaged jar in a child JVM, configured by the
 * environment variables as the function is, and prints {@value #DONE} when it returns.
 */
public final class SnapStartPrimingLauncher {

    static final String DONE = "PRIMING DONE";

    private SnapStartPrimingLauncher() {
    }

    public static void main(String[] args) {
        SnapStartPriming.prime(RebalancerConfig.fromEnvironment(System.getenv()));
        System.out.println(DONE);
    }
}
