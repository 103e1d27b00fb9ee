package io.github.rebalancedecs.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.CapacityProviderStrategyItem;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * The services a command works on: the ones named with {@code --service}, or every service of
 * the cluster, less those that do not run on EC2. Every named service must exist, so that a typo
 * fails before anything is read or changed.
 *
 * @param services the services on EC2, in the order given, or sorted by name when none was given
 * @param skipped  the services left out because they do not run on EC2
 */
record ServiceSelection(List<SelectedService> services, List<SkippedService> skipped) {

    /** DescribeServices takes at most 10 services. */
    static final int DESCRIBE_SERVICES_BATCH_SIZE = 10;

    /** The capacity providers that AWS reserves for Fargate. */
    private static final Set<String> FARGATE_CAPACITY_PROVIDERS = Set.of("FARGATE", "FARGATE_SPOT");

    ServiceSelection {
        services = List.copyOf(services);
        skipped = List.copyOf(skipped);
    }

    /**
     * A service left out, with the reason.
     *
     * @param service the service name
     * @param reason  why it is left out
     */
    record SkippedService(String service, String reason) {
    }

    /**
     * Resolves the services.
     *
     * @param requested service names or ARNs; empty for every service of the cluster
     * @throws CliException when a named service does not exist or is INACTIVE
     * @throws software.amazon.awssdk.core.exception.SdkException when a call fails
     */
    static ServiceSelection select(EcsClient ecs, String clusterName, List<String> requested) {
        List<String> names = requested.isEmpty() ? listServiceNames(ecs, clusterName) : distinctNames(requested);

        Map<String, Service> found = new LinkedHashMap<>();
        Set<String> missing = new TreeSet<>();
        for (int start = 0; start < names.size(); start += DESCRIBE_SERVICES_BATCH_SIZE) {
            List<String> batch = names.subList(start, Math.min(names.size(), start + DESCRIBE_SERVICES_BATCH_SIZE));
            DescribeServicesResponse response = ecs.describeServices(request -> request.cluster(clusterName)
                    .services(batch));
            for (Failure failure : response.failures()) {
                missing.add(serviceName(failure.arn()) + " (" + failure.reason() + ")");
            }
            for (Service service : response.services()) {
                if ("INACTIVE".equals(service.status())) {
                    // ECS keeps deleted services visible as INACTIVE for a while.
                    missing.add(service.serviceName() + " (INACTIVE)");
                } else {
                    found.put(service.serviceName(), service);
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new CliException((missing.size() == 1 ? "Service " : "Services ") + String.join(", ", missing)
                    + " not found in cluster '" + clusterName + "': check --service (aws ecs list-services --cluster "
                    + clusterName + " lists the services)");
        }

        List<SelectedService> selected = new ArrayList<>();
        List<SkippedService> skipped = new ArrayList<>();
        for (String name : names) {
            Service service = found.get(name);
            if (service == null) {
                throw new CliException("DescribeServices returned neither service '" + name
                        + "' nor a failure for it: run the command again");
            }
            String notOnEc2 = notOnEc2Reason(service);
            if (notOnEc2 == null) {
                selected.add(toSelected(service));
            } else {
                skipped.add(new SkippedService(name, notOnEc2));
            }
        }
        return new ServiceSelection(selected, skipped);
    }

    /** Returns the service name of a name or an ARN such as {@code arn:aws:ecs:...:service/prod/web}. */
    static String serviceName(String nameOrArn) {
        String trimmed = nameOrArn.trim();
        int slash = trimmed.lastIndexOf('/');
        return slash < 0 ? trimmed : trimmed.substring(slash + 1);
    }

    /**
     * Returns why the service does not run on EC2 container instances, or {@code null} when it
     * may.
     *
     * <p>NOTE: a service without a launch type and without its own capacity provider strategy uses
     * the cluster's default strategy, which this check does not read. Such a service on Fargate
     * fails when its tasks are read, because they have no container instance.
     */
    static String notOnEc2Reason(Service service) {
        String launchType = service.launchTypeAsString();
        if ("FARGATE".equals(launchType) || "EXTERNAL".equals(launchType)) {
            return "it uses the " + launchType + " launch type";
        }
        List<CapacityProviderStrategyItem> strategy = service.capacityProviderStrategy();
        if (launchType == null && !strategy.isEmpty() && strategy.stream()
                .allMatch(item -> FARGATE_CAPACITY_PROVIDERS.contains(item.capacityProvider()))) {
            return "its capacity provider strategy uses Fargate only";
        }
        return null;
    }

    private static List<String> listServiceNames(EcsClient ecs, String clusterName) {
        Set<String> names = new TreeSet<>();
        ecs.listServicesPaginator(request -> request.cluster(clusterName))
                .serviceArns()
                .forEach(arn -> names.add(serviceName(arn)));
        return List.copyOf(names);
    }

    private static List<String> distinctNames(List<String> requested) {
        Set<String> names = new LinkedHashSet<>();
        requested.forEach(value -> names.add(serviceName(value)));
        return List.copyOf(names);
    }

    private static SelectedService toSelected(Service service) {
        boolean classic = service.loadBalancers().stream().anyMatch(balancer -> balancer.loadBalancerName() != null);
        return new SelectedService(service.serviceName(), classic, service.availabilityZoneRebalancingAsString());
    }
}
