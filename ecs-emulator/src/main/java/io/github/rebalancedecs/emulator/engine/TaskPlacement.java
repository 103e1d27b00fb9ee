package io.github.rebalancedecs.emulator.engine;

import io.github.rebalancedecs.emulator.PlacementStrategy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.ToIntFunction;

/**
 * Chooses a container instance for a task as the ECS service scheduler documents it.
 *
 * <ol>
 *   <li>Keep the ACTIVE container instances with a connected agent that have the task's CPU,
 *       memory and host ports free.</li>
 *   <li>Keep those that satisfy every placement constraint (distinctInstance, memberOf).</li>
 *   <li>Apply the placement strategies in order; each keeps the best candidates and passes ties
 *       to the next. With no strategy, ECS spreads across Availability Zones and then instances.</li>
 *   <li>Among the remaining ties, take the instance registered first.</li>
 * </ol>
 *
 * <p>Example: spread by AZ with 1 task in us-east-1a and none in us-east-1b or us-east-1c keeps
 * the instances in us-east-1b and us-east-1c, then spread by instance keeps those with the
 * fewest tasks of the service.
 *
 * <p>NOTE: ECS does not document how it breaks the final tie; registration order makes runs
 * reproducible.
 */
final class TaskPlacement {

    private TaskPlacement() {
    }

    /** Returns the instance to place the task on, or {@code null} when no instance can host it. */
    static ContainerInstance choose(Task task, Random random) {
        List<ContainerInstance> candidates = candidates(task.service(), task.taskDefinition(),
                task.requiredAvailabilityZone());
        for (PlacementStrategy strategy : task.service().effectivePlacementStrategies()) {
            if (candidates.size() <= 1) {
                break;
            }
            candidates = applyStrategy(strategy, task.service(), candidates, random);
        }
        return candidates.isEmpty() ? null : candidates.get(0);
    }

    /**
     * Returns the instances that could host one more task of the service's PRIMARY deployment now,
     * in registration order.
     *
     * @param requiredAvailabilityZone keep only this Availability Zone, or {@code null} for all
     */
    static List<ContainerInstance> candidates(Service service, String requiredAvailabilityZone) {
        return candidates(service, service.primaryDeployment().taskDefinition(), requiredAvailabilityZone);
    }

    private static List<ContainerInstance> candidates(Service service, TaskDefinition taskDefinition,
            String requiredAvailabilityZone) {
        List<ContainerInstance> candidates = new ArrayList<>();
        for (ContainerInstance instance : service.cluster().containerInstances()) {
            if (!instance.acceptsTasks()) {
                continue;
            }
            if (requiredAvailabilityZone != null && !requiredAvailabilityZone.equals(instance.availabilityZone())) {
                continue;
            }
            if (fits(taskDefinition, instance) && satisfiesConstraints(service, instance)) {
                candidates.add(instance);
            }
        }
        return candidates;
    }

    /** Returns true when the instance has the CPU, memory and host ports a new task of the service needs. */
    static boolean fits(Service service, ContainerInstance instance) {
        return fits(service.primaryDeployment().taskDefinition(), instance);
    }

    /** Returns true when the instance has the CPU, memory and host ports a task of the revision needs. */
    static boolean fits(TaskDefinition taskDefinition, ContainerInstance instance) {
        if (instance.remainingCpu() < taskDefinition.cpu() || instance.remainingMemory() < taskDefinition.memory()) {
            return false;
        }
        return Collections.disjoint(instance.usedPorts(), taskDefinition.hostPorts());
    }

    /** Returns true when placing a task of the service on the instance breaks no placement constraint. */
    static boolean satisfiesConstraints(Service service, ContainerInstance instance) {
        if (service.hasDistinctInstanceConstraint()
                && instance.residentTasks().stream().anyMatch(t -> t.service() == service && t.isActive())) {
            return false;
        }
        Map<String, String> attributes = instance.attributes();
        return service.memberOfQueries().stream().allMatch(query -> query.matches(attributes));
    }

    private static List<ContainerInstance> applyStrategy(
            PlacementStrategy strategy, Service service, List<ContainerInstance> candidates, Random random) {
        switch (strategy.type()) {
            case "random":
                return List.of(candidates.get(random.nextInt(candidates.size())));
            case "binpack":
                // Binpack keeps the instances with the least of the resource left, so tasks fill them first.
                ToIntFunction<ContainerInstance> remaining = strategy.field().equals("cpu")
                        ? ContainerInstance::remainingCpu
                        : ContainerInstance::remainingMemory;
                return keepMinimum(candidates, remaining);
            default:
                return applySpread(strategy, service, candidates);
        }
    }

    private static List<ContainerInstance> applySpread(
            PlacementStrategy strategy, Service service, List<ContainerInstance> candidates) {
        if (strategy.isInstanceSpread()) {
            return keepMinimum(candidates, instance -> countServiceTasks(service, instance));
        }

        // Count the service's tasks per attribute value across the whole cluster, not only the
        // candidates, because the tasks on a full instance in us-east-1a still count for us-east-1a.
        String attribute = strategy.field().substring("attribute:".length());
        Map<String, Integer> tasksPerValue = new HashMap<>();
        for (ContainerInstance instance : service.cluster().containerInstances()) {
            String value = instance.attributes().get(attribute);
            tasksPerValue.merge(Objects.toString(value), countServiceTasks(service, instance), Integer::sum);
        }
        return keepMinimum(candidates,
                instance -> tasksPerValue.get(Objects.toString(instance.attributes().get(attribute))));
    }

    /** Returns the tasks of the service that the scheduler counts on the instance: placed and desired RUNNING. */
    static int countServiceTasks(Service service, ContainerInstance instance) {
        int count = 0;
        for (Task task : instance.residentTasks()) {
            if (task.service() == service && task.isActive()) {
                count++;
            }
        }
        return count;
    }

    private static List<ContainerInstance> keepMinimum(
            List<ContainerInstance> candidates, ToIntFunction<ContainerInstance> score) {
        int minimum = Integer.MAX_VALUE;
        List<ContainerInstance> best = new ArrayList<>();
        for (ContainerInstance instance : candidates) {
            int value = score.applyAsInt(instance);
            if (value < minimum) {
                minimum = value;
                best.clear();
            }
            if (value == minimum) {
                best.add(instance);
            }
        }
        return best;
    }
}
