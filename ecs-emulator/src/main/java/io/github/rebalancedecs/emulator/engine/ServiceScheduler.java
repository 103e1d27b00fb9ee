package io.github.rebalancedecs.emulator.engine;

import io.github.rebalancedecs.emulator.ContainerInstanceStatus;
import io.github.rebalancedecs.emulator.HealthStatus;
import io.github.rebalancedecs.emulator.TaskStatus;

import java.util.ArrayList;
import java.util.List;

/**
 * The ECS service scheduler for one pass: it replaces unhealthy and stopped tasks, empties
 * DRAINING container instances within the deployment's minimum healthy and maximum percent,
 * scales in with {@link ScaleInSelection}, and places PROVISIONING tasks with {@link TaskPlacement}.
 */
final class ServiceScheduler {

    private final ControlPlane controlPlane;

    ServiceScheduler(ControlPlane controlPlane) {
        this.controlPlane = controlPlane;
    }

    void run(Service service) {
        if (service.daemon()) {
            runDaemon(service);
            reportSteadyState(service);
            return;
        }

        // 1. Replace tasks whose health check failed.
        for (Task task : activeTasks(service)) {
            if (task.healthStatus() == HealthStatus.UNHEALTHY) {
                controlPlane.stopTask(task, "Task failed container health checks.", "ServiceSchedulerInitiated");
            }
        }

        // 2. Start tasks until the tasks off DRAINING instances reach the desired count. Replacements
        //    for draining tasks may run beside them up to the maximum percent; a plain shortfall is
        //    always filled up to the desired count.
        List<Task> active = activeTasks(service);
        List<Task> draining = new ArrayList<>();
        List<Task> staying = new ArrayList<>();
        for (Task task : active) {
            boolean onDrainingInstance = task.containerInstance() != null
                    && task.containerInstance().status() == ContainerInstanceStatus.DRAINING;
            (onDrainingInstance ? draining : staying).add(task);
        }
        int shortfall = service.desiredCount() - staying.size();
        if (shortfall > 0) {
            int headroom = Math.max(service.maximumTaskCount() - active.size(), service.desiredCount() - active.size());
            int starts = Math.min(shortfall, Math.max(0, headroom));
            for (int i = 0; i < starts; i++) {
                controlPlane.createTask(service, null);
            }
        }

        // 3. Stop draining tasks while the healthy tasks stay at or above the minimum healthy percent.
        stopDrainingTasks(service, draining, staying);

        // 4. Scale in, unless a native rebalancing round owns the surplus it started on purpose.
        if (service.rebalancingRound() == null) {
            int excess = staying.size() - service.desiredCount();
            if (excess > 0) {
                String reason = "Scaling activity initiated by (deployment " + service.deploymentId() + ")";
                for (Task task : ScaleInSelection.select(staying, excess, t -> true, controlPlane.now())) {
                    controlPlane.stopTask(task, reason, "ServiceSchedulerInitiated");
                }
            }
        }

        // 5. Place PROVISIONING tasks, oldest first.
        placeProvisioningTasks(service);
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
                controlPlane.place(controlPlane.createTask(service, instance.availabilityZone()), instance);
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
     * Returns true when the service runs exactly its desired count, every task RUNNING and
     * HEALTHY, none on a DRAINING instance and no rebalancing round in progress.
     */
    static boolean isSteady(Service service) {
        List<Task> active = activeTasks(service);
        if (active.size() != service.desiredCount() || service.rebalancingRound() != null) {
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
