package io.github.rebalancedecs.emulator.scenario;

/**
 * One row of the table operators print while they debug AZ skew: a RUNNING task and where it runs.
 *
 * @param taskId              the task ID
 * @param containerInstanceId the container instance ID
 * @param availabilityZone    the Availability Zone
 */
public record TaskRow(String taskId, String containerInstanceId, String availabilityZone) {
}
