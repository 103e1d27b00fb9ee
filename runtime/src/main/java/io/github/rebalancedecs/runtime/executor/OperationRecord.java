package io.github.rebalancedecs.runtime.executor;

import io.github.rebalancedecs.runtime.planner.RebalanceHistory;
import io.github.rebalancedecs.runtime.planner.RebalanceStrategy;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The state of a rebalance operation as the executor records it in tags on the service, so that
 * any later run, in any execution environment, can complete it or undo it.
 *
 * <p>Every key starts with {@value #PREFIX}. The operation keys exist only while an operation is
 * in flight; the history keys ({@link #LAST_REBALANCE_AT}, {@link #INEFFECTIVE_UNTIL}) stay.
 *
 * @param phase                 the phase the operation is in
 * @param strategy              the strategy that started it
 * @param baselineDesiredCount  the desired count before the operation
 * @param operationDesiredCount the desired count the operation set (baseline plus the surge)
 * @param startedAt             when the current phase's wait began
 * @param skewBefore            the skew when the operation started
 * @param imbalanceBefore       the {@link io.github.rebalancedecs.runtime.planner.AzDistribution#imbalance()}
 *                              when the operation (SURGE) or the current move (REPLACE) started
 * @param movesPlanned          the moves the operation makes (SURGE) or has left (REPLACE)
 * @param protectionExpiries    the protection expiry times the operation asked for, newest last
 * @param replaceTaskArn        REPLACE: the task being stopped
 * @param replaceFromAz         REPLACE: the Availability Zone it leaves
 * @param movesCompleted        REPLACE: the moves completed by this operation so far
 * @param history               the cooldown history
 */
public record OperationRecord(
        Phase phase,
        RebalanceStrategy strategy,
        int baselineDesiredCount,
        int operationDesiredCount,
        Instant startedAt,
        int skewBefore,
        int imbalanceBefore,
        int movesPlanned,
        List<Instant> protectionExpiries,
        String replaceTaskArn,
        String replaceFromAz,
        int movesCompleted,
        RebalanceHistory history) {

    public static final String PREFIX = "rebalanced-ecs:";
    public static final String PHASE = PREFIX + "phase";
    public static final String STRATEGY = PREFIX + "strategy";
    public static final String BASELINE_DESIRED_COUNT = PREFIX + "baseline-desired-count";
    public static final String OPERATION_DESIRED_COUNT = PREFIX + "operation-desired-count";
    public static final String STARTED_AT = PREFIX + "started-at";
    public static final String SKEW_BEFORE = PREFIX + "skew-before";
    public static final String IMBALANCE_BEFORE = PREFIX + "imbalance-before";
    public static final String MOVES_PLANNED = PREFIX + "moves-planned";
    public static final String PROTECTION_EXPIRES_AT = PREFIX + "protection-expires-at";
    public static final String REPLACE_TASK = PREFIX + "replace-task";
    public static final String REPLACE_FROM_AZ = PREFIX + "replace-from-az";
    public static final String MOVES_COMPLETED = PREFIX + "moves-completed";
    public static final String LAST_REBALANCE_AT = PREFIX + "last-rebalance-at";
    public static final String INEFFECTIVE_UNTIL = PREFIX + "ineffective-until";

    /** The keys that describe an operation in flight; removed when it ends. */
    public static final List<String> OPERATION_KEYS = List.of(PHASE, STRATEGY, BASELINE_DESIRED_COUNT,
            OPERATION_DESIRED_COUNT, STARTED_AT, SKEW_BEFORE, IMBALANCE_BEFORE, MOVES_PLANNED, PROTECTION_EXPIRES_AT,
            REPLACE_TASK, REPLACE_FROM_AZ, MOVES_COMPLETED);

    /** Protection expiry times kept in one tag value of at most 256 characters. */
    static final int MAX_PROTECTION_EXPIRIES = 5;

    /**
     * The largest difference between the expiry ECS reports and the one the executor computed
     * with its own clock for a protection that is still the executor's own. The calls of one
     * protection step take seconds, and the two clocks may differ a little.
     */
    static final Duration PROTECTION_MATCH_TOLERANCE = Duration.ofSeconds(90);

    /** The phase of an operation. */
    public enum Phase {
        /** No operation in flight. */
        NONE,
        /** SURGE: the desired count is raised, waiting for the new tasks to run. */
        SURGING,
        /** SURGE: protecting the tasks that stay and lowering the desired count again. */
        SCALING_IN,
        /** SURGE: undoing the surge the same way, stopping the tasks that were added. */
        ROLLING_BACK,
        /** REPLACE: one task stopped, waiting for ECS to start its replacement. */
        REPLACING
    }

    public OperationRecord {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(history, "history");
        protectionExpiries = List.copyOf(protectionExpiries);
    }

    /** Returns a record with no operation in flight. */
    public static OperationRecord idle(RebalanceHistory history) {
        return new OperationRecord(Phase.NONE, null, 0, 0, null, 0, 0, 0, List.of(), null, null, 0, history);
    }

    /**
     * Reads the record from a service's tags.
     *
     * @throws IllegalArgumentException when a tag contains a value the executor never writes
     */
    public static OperationRecord fromTags(Map<String, String> tags) {
        RebalanceHistory history = new RebalanceHistory(
                instant(tags, LAST_REBALANCE_AT, Instant.EPOCH), instant(tags, INEFFECTIVE_UNTIL, Instant.EPOCH));
        String phase = tags.get(PHASE);
        if (phase == null) {
            return idle(history);
        }
        List<Instant> expiries = new ArrayList<>();
        String expiryList = tags.getOrDefault(PROTECTION_EXPIRES_AT, "");
        for (String value : expiryList.split(" ")) {
            if (!value.isBlank()) {
                expiries.add(parseInstant(PROTECTION_EXPIRES_AT, value.trim()));
            }
        }
        try {
            return new OperationRecord(Phase.valueOf(phase), RebalanceStrategy.valueOf(tags.get(STRATEGY)),
                    integer(tags, BASELINE_DESIRED_COUNT), integer(tags, OPERATION_DESIRED_COUNT),
                    instant(tags, STARTED_AT, null), integer(tags, SKEW_BEFORE), integer(tags, IMBALANCE_BEFORE),
                    integer(tags, MOVES_PLANNED), expiries, tags.get(REPLACE_TASK), tags.get(REPLACE_FROM_AZ),
                    integer(tags, MOVES_COMPLETED), history);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("Invalid rebalancer tags on the service " + operationTags(tags)
                    + ": " + e.getMessage() + "; remove the tags whose keys start with " + PREFIX
                    + " once the service is steady", e);
        }
    }

    /** Returns the operation tags to write; history keys are not included. */
    public Map<String, String> toTags() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(PHASE, phase.name());
        tags.put(STRATEGY, strategy.name());
        tags.put(BASELINE_DESIRED_COUNT, Integer.toString(baselineDesiredCount));
        tags.put(OPERATION_DESIRED_COUNT, Integer.toString(operationDesiredCount));
        tags.put(STARTED_AT, startedAt.toString());
        tags.put(SKEW_BEFORE, Integer.toString(skewBefore));
        tags.put(IMBALANCE_BEFORE, Integer.toString(imbalanceBefore));
        tags.put(MOVES_PLANNED, Integer.toString(movesPlanned));
        if (!protectionExpiries.isEmpty()) {
            List<String> values = protectionExpiries.stream().map(Instant::toString).toList();
            // Tag values may not contain commas, so the instants are separated by spaces.
            tags.put(PROTECTION_EXPIRES_AT, String.join(" ", values));
        }
        if (replaceTaskArn != null) {
            tags.put(REPLACE_TASK, replaceTaskArn);
            tags.put(REPLACE_FROM_AZ, replaceFromAz);
        }
        tags.put(MOVES_COMPLETED, Integer.toString(movesCompleted));
        return tags;
    }

    /** Returns a copy in another phase, whose wait starts at the given time. */
    public OperationRecord inPhase(Phase newPhase, Instant phaseStartedAt) {
        return new OperationRecord(newPhase, strategy, baselineDesiredCount, operationDesiredCount, phaseStartedAt,
                skewBefore, imbalanceBefore, movesPlanned, protectionExpiries, replaceTaskArn, replaceFromAz,
                movesCompleted, history);
    }

    /** Returns a copy with another count of completed moves. */
    public OperationRecord withMovesCompleted(int completed) {
        return new OperationRecord(phase, strategy, baselineDesiredCount, operationDesiredCount, startedAt,
                skewBefore, imbalanceBefore, movesPlanned, protectionExpiries, replaceTaskArn, replaceFromAz,
                completed, history);
    }

    /** Returns a copy with one more protection expiry, keeping the newest few. */
    public OperationRecord withProtectionExpiry(Instant expiry) {
        List<Instant> expiries = new ArrayList<>(protectionExpiries);
        expiries.add(expiry);
        while (expiries.size() > MAX_PROTECTION_EXPIRIES) {
            expiries.remove(0);
        }
        return new OperationRecord(phase, strategy, baselineDesiredCount, operationDesiredCount, startedAt,
                skewBefore, imbalanceBefore, movesPlanned, expiries, replaceTaskArn, replaceFromAz,
                movesCompleted, history);
    }

    /** Returns true when a protection expiry that ECS reports is one this operation asked for. */
    public boolean isOwnProtection(Instant expiresAt) {
        if (expiresAt == null) {
            return false;
        }
        for (Instant expiry : protectionExpiries) {
            if (Duration.between(expiry, expiresAt).abs().compareTo(PROTECTION_MATCH_TOLERANCE) <= 0) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, String> operationTags(Map<String, String> tags) {
        Map<String, String> own = new LinkedHashMap<>();
        tags.forEach((key, value) -> {
            if (key.startsWith(PREFIX)) {
                own.put(key, value);
            }
        });
        return own;
    }

    private static int integer(Map<String, String> tags, String key) {
        String value = tags.get(key);
        if (value == null) {
            throw new IllegalArgumentException(key + " is missing");
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, got '" + value + "'", e);
        }
    }

    private static Instant instant(Map<String, String> tags, String key, Instant fallback) {
        String value = tags.get(key);
        return value == null ? fallback : parseInstant(key, value);
    }

    private static Instant parseInstant(String key, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(key + " must be an ISO-8601 instant, got '" + value + "'", e);
        }
    }
}
