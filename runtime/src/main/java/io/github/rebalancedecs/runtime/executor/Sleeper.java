package io.github.rebalancedecs.runtime.executor;

import java.time.Duration;

/** Waits between two reads of an operation in flight; tests advance a virtual clock instead. */
@FunctionalInterface
public interface Sleeper {

    /** Sleeps on the current thread. */
    Sleeper THREAD = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
