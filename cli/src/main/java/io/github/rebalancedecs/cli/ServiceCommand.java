package io.github.rebalancedecs.cli;

import io.github.rebalancedecs.runtime.ecs.EcsAccessException;
import io.github.rebalancedecs.runtime.ecs.EcsServiceObserver;
import io.github.rebalancedecs.runtime.ecs.EcsTaskDefinitions;
import io.github.rebalancedecs.runtime.planner.RebalancePolicy;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The options and the flow that {@code status}, {@code plan} and {@code rebalance} share:
 * connect, select the services, run the command, and turn ECS failures into one-line errors.
 */
abstract class ServiceCommand implements Callable<Integer> {

    /** ECS service names: 1 to 255 letters, digits, hyphens and underscores. */
    private static final String SERVICE_NAME_PATTERN = "[A-Za-z0-9_-]{1,255}";

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connectionOptions = new ConnectionOptions();

    @Option(names = "--cluster", required = true, paramLabel = "NAME",
            description = "The cluster name or ARN.")
    String clusterName;

    @Option(names = "--service", paramLabel = "NAME",
            description = "A service name or ARN; repeat the option for several services. "
                    + "Default: every service of the cluster.")
    List<String> serviceNames = new ArrayList<>();

    @Option(names = "--max-skew", paramLabel = "N",
            description = "The largest difference between the task counts of two Availability Zones that counts "
                    + "as balanced. Default: ${DEFAULT-VALUE}, as the rebalancer's default.")
    int maxSkew = RebalancePolicy.DEFAULTS.maxSkew();

    @Option(names = "--subnet-az", paramLabel = "SUBNET=AZ",
            description = "The Availability Zone of a subnet of an awsvpc service, such as "
                    + "subnet-0a1b2c3d=us-east-1a; repeat the option for each subnet. ECS does not report the zones "
                    + "of subnets, and without them the planner finds no zone for awsvpc tasks.")
    Map<String, String> subnetAvailabilityZones = new LinkedHashMap<>();

    @Option(names = "--output", paramLabel = "table|json", defaultValue = "table",
            description = "The output format: table for people, json for scripts. Default: ${DEFAULT-VALUE}.")
    OutputFormat output;

    @Option(names = "--debug",
            description = "Prints the library logs from DEBUG up and the stack trace of an error.")
    boolean debug;

    final CliContext context;

    ServiceCommand(CliContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    @Override
    public final Integer call() {
        validate();
        try (EcsConnection connection = connectionOptions.connect(spec)) {
            try {
                ServiceSelection selection = ServiceSelection.select(connection.ecs(), clusterName, serviceNames);
                for (ServiceSelection.SkippedService skipped : selection.skipped()) {
                    progress().println("Skipped service " + skipped.service() + ": " + skipped.reason()
                            + "; the rebalancer works on EC2 container instances only.");
                }
                return run(connection, selection);
            } catch (EcsAccessException | SdkException e) {
                throw EcsErrors.translate(e, connection, clusterName);
            }
        }
    }

    /**
     * Runs the command for the selected services and returns the exit code.
     *
     * @throws EcsAccessException or {@link SdkException} when ECS fails; the caller explains it
     */
    abstract int run(EcsConnection connection, ServiceSelection selection);

    /** Checks the options that picocli's types do not, before the command connects. */
    void validate() {
        for (String value : serviceNames) {
            if (!ServiceSelection.serviceName(value).matches(SERVICE_NAME_PATTERN)) {
                throw usageError("--service must be a service name or ARN, got '" + value + "'");
            }
        }
        requireAtLeast("--max-skew", maxSkew, 1);
        subnetAvailabilityZones.forEach((subnet, zone) -> {
            if (subnet.isBlank() || zone.isBlank()) {
                throw usageError("--subnet-az must be SUBNET=AZ, such as subnet-0a1b2c3d=us-east-1a, got '"
                        + subnet + "=" + zone + "'");
            }
        });
    }

    void requireAtLeast(String option, int value, int minimum) {
        if (value < minimum) {
            throw usageError(option + " must be at least " + minimum + ", got " + value);
        }
    }

    ParameterException usageError(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    EcsServiceObserver observer(EcsConnection connection) {
        return new EcsServiceObserver(connection.ecs(), new EcsTaskDefinitions(connection.ecs()),
                subnetAvailabilityZones, context.clock());
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Returns where progress and prompts go: standard output for tables, standard error beside JSON. */
    PrintWriter progress() {
        return output == OutputFormat.JSON ? spec.commandLine().getErr() : out();
    }
}
