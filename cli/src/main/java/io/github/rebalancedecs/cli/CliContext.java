package io.github.rebalancedecs.cli;

import io.github.rebalancedecs.runtime.executor.Sleeper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.time.Clock;
import java.util.Objects;

/**
 * The parts of the outside world that the commands use besides ECS: the clock, the pause between
 * two reads of an operation in flight, and the operator's reply to the confirmation prompt.
 * {@link RebalancedEcs#main} passes the real ones; tests pass the emulator's virtual clock and a
 * sleeper that advances it.
 *
 * @param clock           the clock that stamps snapshots, cooldowns and the rebalance deadline
 * @param sleeper         waits between two steps of {@code rebalance}
 * @param input           the operator's replies to the confirmation prompt, one per line
 * @param inputIsTerminal true when a person types the replies. When false, the CLI prints each
 *                        reply after its prompt, so that the output reads as a session
 */
public record CliContext(Clock clock, Sleeper sleeper, BufferedReader input, boolean inputIsTerminal) {

    public CliContext {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(sleeper, "sleeper");
        Objects.requireNonNull(input, "input");
    }

    /** Returns the system clock, real sleeps and standard input. */
    public static CliContext system() {
        // System.console() is null when standard input or output is redirected.
        return new CliContext(Clock.systemUTC(), Sleeper.THREAD,
                new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset())),
                System.console() != null);
    }
}
