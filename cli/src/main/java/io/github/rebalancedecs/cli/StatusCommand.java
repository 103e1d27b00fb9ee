package io.github.rebalancedecs.cli;

import io.github.rebalancedecs.runtime.ecs.EcsServiceObserver;
import io.github.rebalancedecs.runtime.planner.PlanReason;
import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

/**
 * {@code status}: the tasks of each service with their container instance and Availability Zone,
 * the tasks per zone, the skew, and whether ECS native rebalancing can serve the service.
 */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = {
            "Shows the tasks of each service with their container instance and Availability Zone (AZ), sorted by AZ; "
                    + "the tasks per AZ and the skew; and whether the service's configuration supports ECS native "
                    + "AZ rebalancing, with every reason against it.",
            "Changes nothing."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every service is balanced within --max-skew",
            "1:error, such as a missing cluster or service, no credentials, throttling, or an endpoint that does "
                    + "not answer",
            "2:invalid command line",
            "3:at least one service is skewed"
        })
final class StatusCommand extends ServiceCommand {

    StatusCommand(CliContext context) {
        super(context);
    }

    /** The document that {@code --output json} prints. */
    record StatusReport(String cluster, int maxSkew, boolean skewed, List<ServiceStatus> services,
            List<ServiceSelection.SkippedService> skipped) {
        StatusReport {
            services = List.copyOf(services);
            skipped = List.copyOf(skipped);
        }
    }

    @Override
    int run(EcsConnection connection, ServiceSelection selection) {
        EcsServiceObserver observer = observer(connection);
        List<ServiceStatus> statuses = new ArrayList<>();
        for (SelectedService service : selection.services()) {
            statuses.add(ServiceStatus.of(observer.observe(clusterName, service.serviceName()), service, maxSkew,
                    context.clock().instant()));
        }
        boolean skewed = statuses.stream().anyMatch(ServiceStatus::skewed);

        if (output == OutputFormat.JSON) {
            Json.print(out(), new StatusReport(clusterName, maxSkew, skewed, statuses, selection.skipped()));
        } else if (statuses.isEmpty()) {
            out().println("Cluster " + clusterName + " has no services on EC2.");
        } else {
            for (ServiceStatus status : statuses) {
                printTable(out(), status);
            }
        }
        return skewed ? RebalancedEcs.EXIT_SKEWED : RebalancedEcs.EXIT_OK;
    }

    /** Prints one service's status as text; {@code rebalance} prints the end state the same way. */
    static void printTable(PrintWriter out, ServiceStatus status) {
        out.println("Service " + status.service() + " (cluster " + status.cluster() + ", " + status.status()
                + ", desired " + status.desiredCount() + ", running " + status.runningCount() + ", pending "
                + status.pendingCount() + ")");
        out.println();
        if (status.tasks().isEmpty()) {
            out.println("  No tasks.");
        } else {
            TextTable table = new TextTable("Task ID", "Container instance ID", "AZ", "Last status", "Health",
                    "Protected");
            for (ServiceStatus.TaskRow task : status.tasks()) {
                table.addRow(task.taskId(), task.containerInstanceId(), task.availabilityZone(), task.lastStatus(),
                        task.healthStatus(), task.protectionEnabled() ? "yes" : "no");
            }
            table.print(out, "  ");
        }
        out.println();
        out.println("  Tasks per AZ: " + formatCounts(status.tasksPerAz()));
        out.println("  " + balanceLine(status));
        out.println("  " + nativeRebalancingLine(status.nativeRebalancing()));
        if (status.protectedTasks() > 0) {
            out.println("  Scale-in protection: " + status.protectedTasks() + " task(s); native rebalancing waits "
                    + "until their protection ends.");
        }
        out.println("  " + rebalancerLine(status.rebalancer()));
        out.println();
        out.flush();
    }

    static String formatCounts(Map<String, Integer> tasksPerAz) {
        if (tasksPerAz.isEmpty()) {
            return "none";
        }
        return tasksPerAz.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue())
                .collect(Collectors.joining(", "));
    }

    private static String balanceLine(ServiceStatus status) {
        String skew = status.skew() == null ? "unknown" : status.skew().toString();
        String verdict = status.skewed() ? "SKEWED" : "balanced";
        // Within maxSkew, the planner's other rule made the service skewed: every zone that can take a
        // task gets one when there are enough tasks.
        List<String> emptyZones = status.eligibleAzs().stream()
                .filter(zone -> status.tasksPerAz().getOrDefault(zone, 0) == 0)
                .toList();
        if (status.skewed() && status.skew() != null && status.skew() <= status.maxSkew() && !emptyZones.isEmpty()) {
            verdict += ", no task in " + String.join(", ", emptyZones);
        }
        String line = "Skew: " + skew + " (max skew " + status.maxSkew() + "): " + verdict;
        if (status.planReason() == PlanReason.SKEWED || status.planReason() == PlanReason.BALANCED) {
            return line;
        }
        return line + "; " + status.planReason() + ": " + status.planDetail();
    }

    private static String nativeRebalancingLine(ServiceStatus.NativeRebalancing nativeRebalancing) {
        String setting = nativeRebalancing.setting() == null ? "setting not reported" : nativeRebalancing.setting();
        if (nativeRebalancing.supported()) {
            return "Native AZ rebalancing: " + setting + "; the service's configuration supports it.";
        }
        String reasons = nativeRebalancing.reasons().stream()
                .map(ServiceStatus.Reason::description)
                .collect(Collectors.joining("; "));
        return "Native AZ rebalancing: " + setting + "; not supported, because " + reasons + ".";
    }

    private static String rebalancerLine(ServiceStatus.RebalancerRecord record) {
        if (record.error() != null) {
            return "Rebalancer: " + record.error();
        }
        String operation = record.operationPhase() == null
                ? "no operation in flight"
                : "operation in flight, phase " + record.operationPhase();
        String last = record.lastRebalanceAt() == null
                ? "never"
                : record.lastRebalanceAt().truncatedTo(ChronoUnit.SECONDS).toString();
        String line = "Rebalancer: " + operation + "; last rebalance: " + last;
        if (record.ineffectiveUntil() != null) {
            line += "; waits after an ineffective move until "
                    + record.ineffectiveUntil().truncatedTo(ChronoUnit.SECONDS);
        }
        return line + ".";
    }
}
