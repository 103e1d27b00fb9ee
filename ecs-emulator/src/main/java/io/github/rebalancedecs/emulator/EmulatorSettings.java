package io.github.rebalancedecs.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The fixed settings of one emulator: identity, seed, virtual clock start and lifecycle timings.
 *
 * @param region                          the Region used in ARNs
 * @param accountId                       the 12-digit account ID used in ARNs
 * @param seed                            the seed of every random choice (IDs, random placement, fault rates)
 * @param startTime                       the virtual clock's first instant; the defaults use a fixed
 *                                        instant, so that every run prints the same times
 * @param tickInterval                    the virtual time between two scheduler passes
 * @param taskStartDuration               time from PENDING to RUNNING
 * @param healthCheckDuration             time from RUNNING to HEALTHY
 * @param taskStopDuration                time from STOPPING to STOPPED
 * @param nativeRebalancingDetectionDelay time a steady service stays unbalanced before native
 *                                        rebalancing acts
 * @param stoppedTaskRetention            time a STOPPED task stays visible, as ECS keeps stopped
 *                                        tasks for at least an hour
 * @param port                            the TCP port on 127.0.0.1, or 0 for an ephemeral port
 */
public record EmulatorSettings(
        String region,
        String accountId,
        long seed,
        Instant startTime,
        Duration tickInterval,
        Duration taskStartDuration,
        Duration healthCheckDuration,
        Duration taskStopDuration,
        Duration nativeRebalancingDetectionDelay,
        Duration stoppedTaskRetention,
        int port) {

    /** The delay users observed before ECS native rebalancing acts: about 20 minutes. */
    public static final Duration DEFAULT_DETECTION_DELAY = Duration.ofMinutes(20);

    public EmulatorSettings {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accountId, "accountId");
        if (!accountId.matches("\\d{12}")) {
            throw new IllegalArgumentException("accountId must be 12 digits, got " + accountId);
        }
        Objects.requireNonNull(startTime, "startTime");
        requirePositive("tickInterval", tickInterval);
        requireNotNegative("taskStartDuration", taskStartDuration);
        requireNotNegative("healthCheckDuration", healthCheckDuration);
        requireNotNegative("taskStopDuration", taskStopDuration);
        requireNotNegative("nativeRebalancingDetectionDelay", nativeRebalancingDetectionDelay);
        requireNotNegative("stoppedTaskRetention", stoppedTaskRetention);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
    }

    /**
     * Returns the defaults: us-east-1, account 123456789012, seed 1, a virtual clock that starts at
     * 2026-01-05T09:00:00Z, 1-second ticks and a 20-minute detection delay.
     */
    public static EmulatorSettings defaults() {
        return new EmulatorSettings("us-east-1", "123456789012", 1L, Instant.parse("2026-01-05T09:00:00Z"),
                Duration.ofSeconds(1), Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofSeconds(10),
                DEFAULT_DETECTION_DELAY, Duration.ofHours(1), 0);
    }

    /** Returns these settings with another seed. */
    public EmulatorSettings withSeed(long newSeed) {
        return new EmulatorSettings(region, accountId, newSeed, startTime, tickInterval, taskStartDuration,
                healthCheckDuration, taskStopDuration, nativeRebalancingDetectionDelay, stoppedTaskRetention, port);
    }

    /**
     * Returns these settings with another first instant of the virtual clock, for example the
     * wall-clock time, so that clients which compute times from their own clock (such as
     * scale-in protection expiry) agree with the emulator.
     */
    public EmulatorSettings withStartTime(Instant newStartTime) {
        return new EmulatorSettings(region, accountId, seed, newStartTime, tickInterval, taskStartDuration,
                healthCheckDuration, taskStopDuration, nativeRebalancingDetectionDelay, stoppedTaskRetention, port);
    }

    /** Returns these settings with another port on 127.0.0.1. */
    public EmulatorSettings withPort(int newPort) {
        return new EmulatorSettings(region, accountId, seed, startTime, tickInterval, taskStartDuration,
                healthCheckDuration, taskStopDuration, nativeRebalancingDetectionDelay, stoppedTaskRetention, newPort);
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    private static void requireNotNegative(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, got " + value);
        }
    }
}
