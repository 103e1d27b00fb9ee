package io.github.rebalancedecs.runtime.ecs;

import static io.github.rebalancedecs.runtime.ecs.EcsCalls.batches;
import static io.github.rebalancedecs.runtime.ecs.EcsCalls.call;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.UpdateTaskProtectionResponse;

/**
 * The calls that change ECS: desired count, task protection, StopTask and the service tags that
 * record an operation in flight. Only the executor calls them.
 */
public final class EcsServiceOperations {

    private final EcsClient ecs;
    private final MutationListener listener;

    public EcsServiceOperations(EcsClient ecs) {
        this(ecs, MutationListener.NONE);
    }

    /**
     * Creates the operations with a listener that receives every successful mutating call.
     */
    public EcsServiceOperations(EcsClient ecs, MutationListener listener) {
        this.ecs = Objects.requireNonNull(ecs, "ecs");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    public void updateDesiredCount(String clusterName, String serviceName, int desiredCount) {
        call("UpdateService", () -> ecs.updateService(
                request -> request.cluster(clusterName).service(serviceName).desiredCount(desiredCount)));
        listener.afterMutation("UpdateService");
    }

    /**
     * Turns scale-in protection on for the tasks, 10 per call, expiring after the given minutes.
     *
     * @throws EcsAccessException when a call fails or ECS reports a task it did not protect
     */
    public void protectTasks(String clusterName, Collection<String> taskArns, int expiresInMinutes) {
        for (List<String> batch : batches(new ArrayList<>(taskArns), EcsServiceObserver.UPDATE_PROTECTION_BATCH_SIZE)) {
            UpdateTaskProtectionResponse response = call("UpdateTaskProtection", () -> ecs.updateTaskProtection(
                    request -> request.cluster(clusterName).tasks(batch).protectionEnabled(true)
                            .expiresInMinutes(expiresInMinutes)));
            requireNoFailures(response.failures());
            listener.afterMutation("UpdateTaskProtection");
        }
    }

    /** Turns scale-in protection off for the tasks, 10 per call. */
    public void unprotectTasks(String clusterName, Collection<String> taskArns) {
        for (List<String> batch : batches(new ArrayList<>(taskArns), EcsServiceObserver.UPDATE_PROTECTION_BATCH_SIZE)) {
            UpdateTaskProtectionResponse response = call("UpdateTaskProtection", () -> ecs.updateTaskProtection(
                    request -> request.cluster(clusterName).tasks(batch).protectionEnabled(false)));
            requireNoFailures(response.failures());
            listener.afterMutation("UpdateTaskProtection");
        }
    }

    public void stopTask(String clusterName, String taskArn, String reason) {
        call("StopTask", () -> ecs.stopTask(request -> request.cluster(clusterName).task(taskArn).reason(reason)));
        listener.afterMutation("StopTask");
    }

    /** Adds or overwrites tags on the service. */
    public void tagService(String serviceArn, Map<String, String> tags) {
        if (tags.isEmpty()) {
            return;
        }
        List<Tag> sdkTags = new ArrayList<>();
        tags.forEach((key, value) -> sdkTags.add(Tag.builder().key(key).value(value).build()));
        call("TagResource", () -> ecs.tagResource(request -> request.resourceArn(serviceArn).tags(sdkTags)));
        listener.afterMutation("TagResource");
    }

    /** Removes tags from the service. */
    public void untagService(String serviceArn, Collection<String> tagKeys) {
        if (tagKeys.isEmpty()) {
            return;
        }
        List<String> keys = List.copyOf(tagKeys);
        call("UntagResource", () -> ecs.untagResource(request -> request.resourceArn(serviceArn).tagKeys(keys)));
        listener.afterMutation("UntagResource");
    }

    private static void requireNoFailures(List<Failure> failures) {
        if (!failures.isEmpty()) {
            Failure first = failures.get(0);
            throw new EcsAccessException("UpdateTaskProtection",
                    failures.size() + " failure(s), first: " + first.arn() + " " + first.reason());
        }
    }
}
