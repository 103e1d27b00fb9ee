package io.github.rebalancedecs.emulator;

/**
 * A read-only copy of one container instance's state, for assertions in tests.
 *
 * @param containerInstanceId the 32-character container instance ID
 * @param ec2InstanceId       the EC2 instance ID
 * @param availabilityZone    the Availability Zone
 * @param status              ACTIVE, DRAINING, INACTIVE ...
 * @param agentConnected      false after its Availability Zone failed or its instance stopped
 * @param remainingCpu        CPU units not reserved by tasks
 * @param remainingMemory     MiB not reserved by tasks
 */
public record ContainerInstanceSnapshot(
        String containerInstanceId,
        String ec2InstanceId,
        String availabilityZone,
        ContainerInstanceStatus status,
        boolean agentConnected,
        int remainingCpu,
        int remainingMemory) {
}
