package io.github.rebalancedecs.emulator.engine;

import io.github.rebalancedecs.emulator.ContainerInstanceStatus;
import io.github.rebalancedecs.emulator.HealthStatus;
import io.github.rebalancedecs.emulator.TaskStatus;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The ECS service scheduler for one pass: it replaces unhealthy and stopped tasks, replaces the
 * tasks of older deployments with {@link DeploymentRollout}, empties DRAINING container instances
 * within the deployment's minimum healthy and maximum percent, scales in with
 * {@link ScaleInSelection}, and places PROVISIONING tasks with {@link TaskPlacement}.
 */
final class ServiceScheduler {

    private final ControlPlane controlPlane;
    private final DeploymentRollout rollout;

    ServiceScheduler(ControlPlane controlPlane) {
        this.controlPlane = controlPlane;
        this.rollout = new DeploymentRollout(controlPlane);
    }

    void run(Service service) {
        if (service.daemon()) {
            rollout.scaleInOlderDeployments(service);
            runDaemon(service);
            rollout.updateDeployments(service);
            reportSteadyState(service);
            return;
        }

        // 1. Replace tasks whose health check failed.
        for (Task task : activeTasks(service)) {
            if (task.healthStatus() == HealthStatus.UNHEALTHY) {
                task.deployment().recordFailedTask();
                controlPlane.stopTask(task, "Task failed container health checks.", "ServiceSchedulerInitiated");
            }
        }

        // 2. Stop tasks of older deployments as far as the minimum healthy percent allows.
        rollout.scaleInOlderDeployments(service);

        // 3. Start tasks until each deployment's tasks off DRAINING instances reach its desired
        //    count, older deployments first, which keep tasks only to stay at the minimum healthy
        //    count. Replacements may run beside draining and older tasks up to the maximum percent,
        //    but a plain shortfall is always filled up to the service's desired count.
        List<Task> active = activeTasks(service);
        List<Task> draining = new ArrayList<>();
        List<Task> staying = new ArrayList<>();
        for (Task task : active) {
            boolean onDrainingInstance = task.containerInstance() != null
                    && task.containerInstance().status() == ContainerInstanceStatus.DRAINING;
            (onDrainingInstance ? draining : staying).add(task);
        }
        int headroom = Math.max(0, Math.max(service.maximumTaskCount() - active.size(),
                service.desiredCount() - active.size()));
        List<Deployment> oldestFirst = new ArrayList<>(service.deployments());
        Collections.reverse(oldestFirst);
        for (Deployment deployment : oldestFirst) {
            long stayingTasks = staying.stream().filter(task -> task.deployment() == deployment).count();
            int starts = (int) Math.min(Math.max(0, deployment.desiredCount() - stayingTasks), headroom);
            for (int i = 0; i < starts; i++) {
                controlPlane.createTask(deployment, null);
            }
            headroom -= starts;
        }

        // 4. Stop draining tasks while the healthy tasks stay at or above the minimum healthy percent.
        stopDrainingTasks(service, draining, staying);

        // 5. Scale in the PRIMARY deployment, unless a native rebalancing round owns the surplus
        //    it started on purpose.
        if (service.rebalancingRound() == null) {
            Deployment primary = service.primaryDeployment();
            long primaryTasks = staying.stream().filter(task -> task.deployment() == primary).count();
            int excess = (int) (primaryTasks - service.desiredCount());
            if (excess > 0) {
                String reason = "Scaling activity initiated by (deployment " + primary.id() + ")";
                for (Task task : ScaleInSelection.select(staying, excess, t -> t.deployment() == primary,
                        controlPlane.now())) {
                    controlPlane.stopTask(task, reason, "ServiceSchedulerInitiated");
                }
            }
        }

        // 6. Place PROVISIONING tasks, oldest first, then update the deployments' states.
        placeProvisioningTasks(service);
        rollout.updateDeployments(service);
        reportSteadyState(service);
    }

    private void stopDrainingTasks(Service service, List<Task> draining, List<Task> staying) {
        long healthyStaying = staying.stream().filter(Task::isRunningAndHealthy).count();
        long healthyDraining = draining.stream().filter(Task::isRunningAndHealthy).count();
        for (Task task : draining) {
            if (task.isRunningAndHealthy()) {
                if (healthyStaying + healthyDraining - 1 < service.minimumHealthyTaskCount()) {
                    continue;
                }
                healthyDraining--;
            }
            controlPlane.stopTask(task, "Container instance " + task.containerInstance().id()
                    + " is DRAINING; the service scheduler replaced the task.", "ServiceSchedulerInitiated");
        }
    }

    private void placeProvisioningTasks(Service service) {
        boolean failed = false;
        for (Task task : new ArrayList<>(service.cluster().tasks())) {
            if (task.service() != service || !task.isActive() || task.lastStatus() != TaskStatus.PROVISIONING) {
                continue;
            }
            ContainerInstance instance = TaskPlacement.choose(task, controlPlane.random());
            if (instance == null) {
                failed = true;
                continue;
            }
            controlPlane.place(task, instance);
        }

        if (failed && !service.placementFailureReported()) {
            controlPlane.addEvent(service, "service " + service.name()
                    + " was unable to place a task because no container instance met all of its requirements.");
            service.setPlacementFailureReported(true);
        } else if (!failed) {
            service.setPlacementFailureReported(false);
        }
    }

    /** Runs one task on every ACTIVE container instance that satisfies the constraints and has room. */
    private void runDaemon(Service service) {
        for (ContainerInstance instance : service.cluster().containerInstances()) {
            boolean hasTask = instance.residentTasks().stream().anyMatch(t -> t.service() == service && t.isActive());
            if (instance.acceptsTasks() && !hasTask && TaskPlacement.fits(service, instance)
                    && TaskPlacement.satisfiesConstraints(service, instance)) {
                controlPlane.place(controlPlane.createTask(service.primaryDeployment(), instance.availabilityZone()),
                        instance);
            }
            if (instance.status() == ContainerInstanceStatus.DRAINING) {
                for (Task task : instance.residentTasks()) {
                    if (task.service() == service) {
                        controlPlane.stopTask(task, "Container instance " + instance.id() + " is DRAINING.",
                                "ServiceSchedulerInitiated");
                    }
                }
            }
        }
        service.setDesiredCount((int) service.cluster().containerInstances().stream()
                .filter(ContainerInstance::acceptsTasks)
                .filter(instance -> TaskPlacement.satisfiesConstraints(service, instance))
                .count(), service.updatedAt());
    }

    private void reportSteadyState(Service service) {
        boolean steady = isSteady(service);
        if (steady && !service.steadyStateReported()) {
            controlPlane.addEvent(service, "service " + service.name() + " has reached a steady state.");
        }
        service.setSteadyStateReported(steady);
    }

    /**
     * Returns true when the service has one deployment and runs exactly its desired count, every
     * task RUNNING and HEALTHY, none on a DRAINING instance and no rebalancing round in progress.
     */
    static boolean isSteady(Service service) {
        List<Task> active = activeTasks(service);
        if (active.size() != service.desiredCount() || service.rebalancingRound() != null
                || service.deployments().size() != 1) {
            return false;
        }
        for (Task task : active) {
            if (!task.isRunningAndHealthy() || task.containerInstance().status() != ContainerInstanceStatus.ACTIVE) {
                return false;
            }
        }
        return true;
    }

    /** Returns the service's tasks whose desired status is RUNNING, in creation order. */
    static List<Task> activeTasks(Service service) {
        List<Task> active = new ArrayList<>();
        for (Task task : service.cluster().tasks()) {
            if (task.service() == service && task.isActive()) {
                active.add(task);
            }
        }
        return active;
    }
}
