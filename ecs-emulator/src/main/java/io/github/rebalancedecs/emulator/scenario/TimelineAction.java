package io.github.rebalancedecs.emulator.scenario;

import io.github.rebalancedecs.emulator.ContainerInstanceSpec;
import io.github.rebalancedecs.emulator.EcsEmulator;
import io.github.rebalancedecs.emulator.engine.Cluster;
import io.github.rebalancedecs.emulator.engine.ControlPlane;
import io.github.rebalancedecs.emulator.engine.ServiceUpdate;
import io.github.rebalancedecs.emulator.engine.Task;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The events a scenario timeline can hold, with their required and optional parameters. */
public enum TimelineAction {

    /** Registers a new container instance: {@code availabilityZone}, optional {@code id}, {@code cpu}, {@code memory}. */
    REGISTER_CONTAINER_INSTANCE("registerContainerInstance", Set.of("availabilityZone"),
            Set.of("id", "cpu", "memory")),
    /** Stops the EC2 instance behind {@code containerInstance}; its tasks stop at once. */
    STOP_CONTAINER_INSTANCE("stopContainerInstance", Set.of("containerInstance"), Set.of()),
    /** Sets {@code containerInstance} to DRAINING. */
    DRAIN_CONTAINER_INSTANCE("drainContainerInstance", Set.of("containerInstance"), Set.of()),
    /** Sets a DRAINING {@code containerInstance} back to ACTIVE. */
    ACTIVATE_CONTAINER_INSTANCE("activateContainerInstance", Set.of("containerInstance"), Set.of()),
    /** Fails {@code availabilityZone}: its agents disconnect and its tasks stop. */
    FAIL_AVAILABILITY_ZONE("failAvailabilityZone", Set.of("availabilityZone"), Set.of()),
    /** Restores a failed {@code availabilityZone}. */
    RESTORE_AVAILABILITY_ZONE("restoreAvailabilityZone", Set.of("availabilityZone"), Set.of()),
    /** Sets the {@code desiredCount} of {@code service}, as UpdateService does. */
    SET_DESIRED_COUNT("setDesiredCount", Set.of("service", "desiredCount"), Set.of()),
    /** Starts a deployment of the current task definition of {@code service}, as forceNewDeployment does. */
    FORCE_NEW_DEPLOYMENT("forceNewDeployment", Set.of("service"), Set.of()),
    /** Sets scale-in protection on {@code task} for {@code minutes} (default 120). */
    PROTECT_TASK("protectTask", Set.of("task"), Set.of("minutes")),
    /** Makes tasks placed in {@code availabilityZone} fail to start. */
    FAIL_TASK_STARTS("failTaskStarts", Set.of("availabilityZone"), Set.of()),
    /** Delays task starts in {@code availabilityZone} by {@code extraDelay}. */
    SLOW_TASK_STARTS("slowTaskStarts", Set.of("availabilityZone", "extraDelay"), Set.of()),
    /** Removes every injected fault. */
    CLEAR_FAULTS("clearFaults", Set.of(), Set.of());

    private final String yamlName;
    private final Set<String> requiredParameters;
    private final Set<String> optionalParameters;

    TimelineAction(String yamlName, Set<String> requiredParameters, Set<String> optionalParameters) {
        this.yamlName = yamlName;
        this.requiredParameters = requiredParameters;
        this.optionalParameters = optionalParameters;
    }

    /** Returns the name a scenario file uses, for example {@code stopContainerInstance}. */
    public String yamlName() {
        return yamlName;
    }

    public Set<String> requiredParameters() {
        return requiredParameters;
    }

    public Set<String> optionalParameters() {
        return optionalParameters;
    }

    /** Returns the action a scenario file names, or throws with the list of valid names. */
    public static TimelineAction fromYamlName(String name) {
        for (TimelineAction action : values()) {
            if (action.yamlName.equals(name)) {
                return action;
            }
        }
        List<String> names = Arrays.stream(values()).map(TimelineAction::yamlName).toList();
        throw new IllegalArgumentException("Unknown timeline action '" + name + "'; use one of " + names);
    }

    /** Applies the action to the emulator's cluster. */
    void apply(EcsEmulator emulator, String clusterName, Map<String, String> parameters) {
        ControlPlane controlPlane = emulator.controlPlane();
        switch (this) {
            case REGISTER_CONTAINER_INSTANCE -> {
                ContainerInstanceSpec.Builder spec = ContainerInstanceSpec.builder()
                        .availabilityZone(parameters.get("availabilityZone"))
                        .containerInstanceId(parameters.get("id"));
                if (parameters.containsKey("cpu")) {
                    spec.cpu(Integer.parseInt(parameters.get("cpu")));
                }
                if (parameters.containsKey("memory")) {
                    spec.memory(Integer.parseInt(parameters.get("memory")));
                }
                emulator.registerContainerInstance(clusterName, spec.build());
            }
            case STOP_CONTAINER_INSTANCE -> emulator.stopContainerInstance(clusterName, parameters.get("containerInstance"));
            case DRAIN_CONTAINER_INSTANCE -> emulator.drainContainerInstance(clusterName, parameters.get("containerInstance"));
            case ACTIVATE_CONTAINER_INSTANCE ->
                    emulator.activateContainerInstance(clusterName, parameters.get("containerInstance"));
            case FAIL_AVAILABILITY_ZONE -> emulator.failAvailabilityZone(parameters.get("availabilityZone"));
            case RESTORE_AVAILABILITY_ZONE -> emulator.restoreAvailabilityZone(parameters.get("availabilityZone"));
            case SET_DESIRED_COUNT -> updateService(emulator, clusterName, parameters.get("service"),
                    new ServiceUpdate(Integer.parseInt(parameters.get("desiredCount")), null, null, null, null, null));
            case FORCE_NEW_DEPLOYMENT -> emulator.forceNewDeployment(clusterName, parameters.get("service"));
            case PROTECT_TASK -> controlPlane.execute(() -> {
                Task task = controlPlane.findTask(controlPlane.cluster(clusterName), parameters.get("task"));
                if (task == null) {
                    throw new IllegalArgumentException("protectTask names task " + parameters.get("task")
                            + ", which is not in cluster " + clusterName);
                }
                controlPlane.setTaskProtection(task, true, Integer.parseInt(parameters.getOrDefault("minutes", "120")));
                return null;
            });
            case FAIL_TASK_STARTS -> emulator.faults().failTaskStarts(parameters.get("availabilityZone"));
            case SLOW_TASK_STARTS -> emulator.faults().slowTaskStarts(parameters.get("availabilityZone"),
                    ScenarioLoader.parseDuration(parameters.get("extraDelay"), "extraDelay"));
            case CLEAR_FAULTS -> emulator.faults().clear();
            default -> throw new IllegalStateException("Unhandled action " + this);
        }
    }

    /** Updates the service through the control plane, as UpdateService does, without a request in the log. */
    static void updateService(EcsEmulator emulator, String clusterName, String serviceName, ServiceUpdate update) {
        ControlPlane controlPlane = emulator.controlPlane();
        controlPlane.execute(() -> {
            Cluster cluster = controlPlane.cluster(clusterName);
            controlPlane.updateService(controlPlane.service(cluster, serviceName), update);
            return null;
        });
    }
}
