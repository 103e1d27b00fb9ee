package io.github.rebalancedecs.emulator;

import java.time.Instant;

/**
 * A read-only copy of one task's state, for assertions in tests.
 *
 * @param taskId              the 32-character task ID
 * @param taskArn             the task ARN
 * @param serviceName         the service that started the task
 * @param containerInstanceId the container instance, or {@code null} while PROVISIONING
 * @param availabilityZone    the Availability Zone, or {@code null} while PROVISIONING
 * @param lastStatus          the lifecycle state
 * @param desiredStatus       RUNNING, or STOPPED once the task was asked to stop
 * @param healthStatus        the health status
 * @param protectionExpiresAt the end of scale-in protection, or {@code null} when unprotected
 * @param startedAt           when the task reached RUNNING, or {@code null}
 * @param stopCode            the ECS stop code, or {@code null} while the task should run
 * @param stoppedReason       the stop reason, or {@code null} while the task should run
 */
public record TaskSnapshot(
        String taskId,
        String taskArn,
        String serviceName,
        String containerInstanceId,
        String availabilityZone,
        TaskStatus lastStatus,
        TaskStatus desiredStatus,
        HealthStatus healthStatus,
        Instant protectionExpiresAt,
        Instant startedAt,
        String stopCode,
        String stoppedReason) {
}
