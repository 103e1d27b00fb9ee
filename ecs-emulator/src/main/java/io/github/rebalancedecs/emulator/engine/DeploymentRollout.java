package io.github.rebalancedecs.emulator.engine;

import io.github.rebalancedecs.emulator.RolloutState;
import io.github.rebalancedecs.emulator.TaskStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rolling update (ECS) deployment controller's part of a scheduler pass. It stops the tasks
 * of older deployments as far as the minimum healthy percent allows. It also keeps each
 * deployment's status, rollout state and failure count as ECS reports them.
 *
 * <p>Example with desired count 3, minimum healthy percent 100 and maximum percent 200: the
 * scheduler starts 3 tasks of the new PRIMARY deployment beside the 3 old ones (6 is the
 * maximum). While the new tasks start, stopping an old one would leave 2 healthy tasks, fewer
 * than the 3 required, so the old tasks stay. Once the new tasks are HEALTHY, 6 tasks are
 * healthy and the 3 old ones stop. The ACTIVE deployment goes away when its last task has
 * stopped, and the PRIMARY's rollout state becomes COMPLETED when the service is steady.
 *
 * <p>With minimum healthy percent 50 and maximum percent 100 on 4 tasks, the scheduler stops 2
 * old tasks first to make room, starts 2 new ones, and repeats once those are HEALTHY.
 *
 * <p>Tasks with scale-in protection are never stopped, so a deployment waits for their
 * protection to end, as ECS documents.
 *
 * <p>NOTE: since November 2025 ECS replaces a task of an older deployment that fails or is
 * stopped by someone else with a task of the same revision. The emulator does so only while the
 * service is below its minimum healthy count. Otherwise it gives the place to the PRIMARY
 * deployment, which ends in the same tasks with one start fewer.
 */
final class DeploymentRollout {

    private static final Logger LOG = LoggerFactory.getLogger(DeploymentRollout.class);

    private final ControlPlane controlPlane;

    DeploymentRollout(ControlPlane controlPlane) {
        this.controlPlane = controlPlane;
    }

    /** Stops tasks of the ACTIVE deployments, oldest deployment first, while enough tasks stay healthy. */
    void scaleInOlderDeployments(Service service) {
        List<Deployment> older = new ArrayList<>(service.deployments().subList(1, service.deployments().size()));
        if (older.isEmpty()) {
            return;
        }
        // NOTE: ECS does not document the order among several ACTIVE deployments, so the
        // emulator replaces the oldest one first.
        Collections.reverse(older);

        Instant now = controlPlane.now();
        List<Task> active = ServiceScheduler.activeTasks(service);
        long healthy = active.stream().filter(Task::isRunningAndHealthy).count();
        int minimumHealthy = service.minimumHealthyTaskCount();

        for (Deployment deployment : older) {
            List<Task> tasks = active.stream().filter(task -> task.deployment() == deployment).toList();
            if (service.daemon()) {
                // A DAEMON service replaces a task of an older deployment with one of the PRIMARY.
                deployment.retainTasks(tasks.size());
            }

            // 1. Places without a healthy task cost no availability: give them up, unless the
            //    service is already below its minimum healthy count and needs them replaced.
            if (healthy >= minimumHealthy) {
                for (int missing = deployment.desiredCount() - tasks.size(); missing > 0; missing--) {
                    deployment.releaseTask();
                }
                for (Task task : tasks) {
                    if (!task.isRunningAndHealthy() && !task.isProtected(now)) {
                        stop(task);
                        active.remove(task);
                    }
                }
            }

            // 2. Healthy tasks, one at a time, while the others keep the minimum healthy count.
            while (healthy - 1 >= minimumHealthy) {
                List<Task> chosen = ScaleInSelection.select(active, 1,
                        task -> task.deployment() == deployment && task.isRunningAndHealthy(), now);
                if (chosen.isEmpty()) {
                    break;
                }
                stop(chosen.get(0));
                active.remove(chosen.get(0));
                healthy--;
            }
        }
    }

    /**
     * Updates every deployment after the pass: resets failure counts once a task runs, drops
     * ACTIVE deployments without tasks, and completes the PRIMARY's rollout when the service is
     * steady with its tasks alone.
     */
    void updateDeployments(Service service) {
        Instant now = controlPlane.now();

        // One pass over the cluster's tasks: which deployments have a healthy task, and which have
        // any task that is not STOPPED.
        Set<Deployment> withHealthyTask = new HashSet<>();
        Set<Deployment> withTasks = new HashSet<>();
        for (Task task : service.cluster().tasks()) {
            if (task.service() != service) {
                continue;
            }
            if (task.isRunningAndHealthy()) {
                withHealthyTask.add(task.deployment());
            }
            if (task.lastStatus() != TaskStatus.STOPPED) {
                withTasks.add(task.deployment());
            }
        }

        for (Deployment deployment : service.deployments()) {
            if (withHealthyTask.contains(deployment)) {
                deployment.recordHealthyTask();
            }
            if (!deployment.isPrimary() && deployment.desiredCount() == 0 && !withTasks.contains(deployment)) {
                service.removeDeployment(deployment);
                LOG.info("event=deployment_replaced cluster={} service={} deployment={}",
                        service.cluster().name(), service.name(), deployment.id());
            }
        }

        Deployment primary = service.primaryDeployment();
        if (primary.rolloutState() == RolloutState.IN_PROGRESS && service.deployments().size() == 1
                && ServiceScheduler.isSteady(service)) {
            primary.complete();
            controlPlane.addEvent(service, "(service " + service.name() + ") (deployment " + primary.id()
                    + ") deployment completed.");
        }
        service.deployments().forEach(deployment -> deployment.refreshUpdatedAt(now));
    }

    /**
     * Stops a task of an older deployment and lowers that deployment's desired count.
     *
     * <p>NOTE: the stop reason names the deployment whose task stops; ECS's reason has this
     * shape, but which deployment it names here was not confirmed.
     */
    private void stop(Task task) {
        Deployment deployment = task.deployment();
        controlPlane.stopTask(task, "Scaling activity initiated by (deployment " + deployment.id() + ")",
                "ServiceSchedulerInitiated");
        deployment.releaseTask();
    }
}
