package io.github.rebalancedecs.emulator;

import java.time.Instant;

/**
 * One service event, as {@code DescribeServices} returns it in {@code events}.
 *
 * @param id        a unique ID
 * @param createdAt the virtual time of the event
 * @param message   the message, worded as ECS words its service events
 */
public record ServiceEvent(String id, Instant createdAt, String message) {
}
