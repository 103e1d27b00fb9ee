package io.github.rebalancedecs.emulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * Faults to inject into the emulator: API errors on chosen operations, and task start failures
 * or slow starts in chosen Availability Zones.
 *
 * <p>Rates are drawn from a random source seeded from the emulator's seed, so a test that sets
 * the seed gets the same faults on every run. An empty list of operations means every operation.
 *
 * <pre>{@code
 * emulator.faults()
 *         .throttle(0.5, "DescribeServices", "ListTasks")   // half of these calls get ThrottlingException
 *         .serverErrorsNext(1, "UpdateService")             // the next UpdateService call gets a 500
 *         .failTaskStarts("us-east-1b");                    // tasks placed in us-east-1b stop before RUNNING
 * }</pre>
 */
public final class Faults {

    /** The kinds of API fault the emulator can return instead of a response. */
    public enum ApiFaultKind {
        /** HTTP 400 with {@code ThrottlingException}, which the SDK retries with backoff. */
        THROTTLING(400, "ThrottlingException", "Rate exceeded"),
        /** HTTP 500 with {@code ServerException}, the ECS server-side error. */
        SERVER_ERROR(500, "ServerException", "The emulator injected a server error."),
        /** HTTP 503 with {@code ServiceUnavailableException}. */
        SERVICE_UNAVAILABLE(503, "ServiceUnavailableException", "The emulator injected an unavailable service.");

        private final int httpStatus;
        private final String errorCode;
        private final String message;

        ApiFaultKind(int httpStatus, String errorCode, String message) {
            this.httpStatus = httpStatus;
            this.errorCode = errorCode;
            this.message = message;
        }

        public int httpStatus() {
            return httpStatus;
        }

        public String errorCode() {
            return errorCode;
        }

        public String message() {
            return message;
        }
    }

    private static final class ApiFaultRule {
        final ApiFaultKind kind;
        final double rate;
        final Set<String> operations;
        int remaining;

        ApiFaultRule(ApiFaultKind kind, double rate, Set<String> operations, int remaining) {
            this.kind = kind;
            this.rate = rate;
            this.operations = operations;
            this.remaining = remaining;
        }

        boolean appliesTo(String operation) {
            return operations.isEmpty() || operations.contains(operation);
        }
    }

    private static final int UNLIMITED = -1;

    private final Random random;
    private final List<ApiFaultRule> apiFaultRules = new ArrayList<>();
    private final Set<String> taskStartFailureZones = new LinkedHashSet<>();
    private final Map<String, Duration> slowStartDelays = new LinkedHashMap<>();

    Faults(long seed) {
        // A separate stream keeps fault draws from shifting the IDs and placements of a run.
        this.random = new Random(seed ^ 0x5DEECE66DL);
    }

    /** Fails {@code rate} (0 to 1) of the calls to the given operations with ThrottlingException. */
    public synchronized Faults throttle(double rate, String... operations) {
        return addApiFault(ApiFaultKind.THROTTLING, rate, UNLIMITED, operations);
    }

    /** Fails the next {@code count} calls to the given operations with ThrottlingException. */
    public synchronized Faults throttleNext(int count, String... operations) {
        return addApiFault(ApiFaultKind.THROTTLING, 1.0, count, operations);
    }

    /** Fails {@code rate} (0 to 1) of the calls to the given operations with HTTP 500 ServerException. */
    public synchronized Faults serverErrors(double rate, String... operations) {
        return addApiFault(ApiFaultKind.SERVER_ERROR, rate, UNLIMITED, operations);
    }

    /** Fails the next {@code count} calls to the given operations with HTTP 500 ServerException. */
    public synchronized Faults serverErrorsNext(int count, String... operations) {
        return addApiFault(ApiFaultKind.SERVER_ERROR, 1.0, count, operations);
    }

    /** Fails {@code rate} (0 to 1) of the calls to the given operations with HTTP 503. */
    public synchronized Faults serviceUnavailable(double rate, String... operations) {
        return addApiFault(ApiFaultKind.SERVICE_UNAVAILABLE, rate, UNLIMITED, operations);
    }

    /** Makes every task placed in the Availability Zone stop with TaskFailedToStart instead of running. */
    public synchronized Faults failTaskStarts(String availabilityZone) {
        taskStartFailureZones.add(Objects.requireNonNull(availabilityZone, "availabilityZone"));
        return this;
    }

    /** Adds {@code extraDelay} to the start of every task placed in the Availability Zone. */
    public synchronized Faults slowTaskStarts(String availabilityZone, Duration extraDelay) {
        Objects.requireNonNull(availabilityZone, "availabilityZone");
        if (extraDelay.isNegative()) {
            throw new IllegalArgumentException("extraDelay must not be negative, got " + extraDelay);
        }
        slowStartDelays.put(availabilityZone, extraDelay);
        return this;
    }

    /** Removes every fault. */
    public synchronized void clear() {
        apiFaultRules.clear();
        taskStartFailureZones.clear();
        slowStartDelays.clear();
    }

    /** Returns the fault to fail this call with, or {@code null} to serve it normally. */
    public synchronized ApiFaultKind nextApiFault(String operation) {
        Iterator<ApiFaultRule> rules = apiFaultRules.iterator();
        while (rules.hasNext()) {
            ApiFaultRule rule = rules.next();
            if (!rule.appliesTo(operation)) {
                continue;
            }
            if (rule.rate < 1.0 && random.nextDouble() >= rule.rate) {
                continue;
            }
            if (rule.remaining != UNLIMITED) {
                rule.remaining--;
                if (rule.remaining == 0) {
                    rules.remove();
                }
            }
            return rule.kind;
        }
        return null;
    }

    /** Returns true when tasks placed in the Availability Zone fail to start. */
    public synchronized boolean taskStartFails(String availabilityZone) {
        return taskStartFailureZones.contains(availabilityZone);
    }

    /** Returns the extra start delay for tasks placed in the Availability Zone. */
    public synchronized Duration extraStartDelay(String availabilityZone) {
        return slowStartDelays.getOrDefault(availabilityZone, Duration.ZERO);
    }

    private Faults addApiFault(ApiFaultKind kind, double rate, int count, String... operations) {
        if (rate < 0.0 || rate > 1.0) {
            throw new IllegalArgumentException("rate must be between 0 and 1, got " + rate);
        }
        if (count != UNLIMITED && count < 1) {
            throw new IllegalArgumentException("count must be at least 1, got " + count);
        }
        apiFaultRules.add(new ApiFaultRule(kind, rate, new LinkedHashSet<>(List.of(operations)), count));
        return this;
    }
}
