package io.github.rebalancedecs.cli;

import io.github.rebalancedecs.runtime.planner.RebalancePolicy;
import io.github.rebalancedecs.runtime.planner.RebalanceStrategy;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code plan}: what the rebalancer would do now for each service, and why; changes nothing. */
@Command(
        name = "plan",
        mixinStandardHelpOptions = true,
        description = {
            "Shows what the rebalancer would do now for each service and why: the tasks it would stop, the "
                    + "Availability Zone (AZ) each one leaves and the AZ where ECS is expected to start its "
                    + "replacement, and the tasks per AZ before and after.",
            "A dry run: changes nothing. It honours the cooldowns recorded on the service, as the rebalancer does."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the plan was computed, with or without moves",
            "1:error, such as a missing cluster or service, no credentials, throttling, or an endpoint that does "
                    + "not answer",
            "2:invalid command line"
        })
final class PlanCommand extends ServiceCommand {

    @Mixin
    PolicyOptions policyOptions = new PolicyOptions();

    PlanCommand(CliContext context) {
        super(context);
    }

    /** The document that {@code --output json} prints. */
    record PlanReport(String cluster, PolicyReport policy, List<ServicePlan> services,
            List<ServiceSelection.SkippedService> skipped) {
        PlanReport {
            services = List.copyOf(services);
            skipped = List.copyOf(skipped);
        }
    }

    /**
     * The policy as JSON prints it: {@code null} for a cap the policy does not set, where only the
     * service's deployment limits bound the operation.
     */
    record PolicyReport(RebalanceStrategy strategy, int maxSkew, Integer maxMovesPerRun, Integer maxSurge,
            Duration cooldown) {
        static PolicyReport of(RebalancePolicy policy) {
            return new PolicyReport(policy.strategy(), policy.maxSkew(), capOrNull(policy.maxMovesPerRun()),
                    capOrNull(policy.maxSurge()), policy.cooldown());
        }

        private static Integer capOrNull(int cap) {
            return cap == RebalancePolicy.NO_LIMIT ? null : cap;
        }
    }

    @Override
    void validate() {
        super.validate();
        policyOptions.validate(this);
    }

    @Override
    int run(EcsConnection connection, ServiceSelection selection) {
        RebalancePolicy policy = policyOptions.policy(maxSkew);
        List<ServicePlan> plans = ServicePlan.planAll(observer(connection), clusterName, selection.services(), policy,
                context.clock());
        if (output == OutputFormat.JSON) {
            Json.print(out(), new PlanReport(clusterName, PolicyReport.of(policy), plans, selection.skipped()));
        } else if (plans.isEmpty()) {
            out().println("Cluster " + clusterName + " has no services on EC2 to plan.");
        } else {
            plans.forEach(plan -> printTable(out(), plan));
        }
        return RebalancedEcs.EXIT_OK;
    }

    static void printTable(PrintWriter out, ServicePlan plan) {
        String summary;
        if (plan.operationPhase() != null) {
            summary = plan.strategy() + " operation in flight, phase " + plan.operationPhase();
        } else if (plan.moves().isEmpty()) {
            summary = "no moves";
        } else {
            summary = plan.moves().size() + " move(s) with the " + plan.strategy() + " strategy";
        }
        out.println("Service " + plan.service() + ": " + summary);
        out.println("  Reason: " + plan.reason() + ": " + plan.description() + " (" + plan.detail() + ")");
        out.println("  Tasks per AZ: " + StatusCommand.formatCounts(plan.tasksPerAz()) + " (skew " + plan.skew() + ")");
        if (!plan.moves().isEmpty()) {
            out.println("  After moves:  " + StatusCommand.formatCounts(plan.tasksPerAzAfterMoves()) + " (skew "
                    + plan.skewAfterMoves() + ")");
            out.println();
            TextTable table = new TextTable("Task ID", "Container instance ID", "From AZ", "To AZ");
            plan.moves().forEach(move -> table.addRow(move.taskId(), move.containerInstanceId(),
                    move.fromAvailabilityZone(), move.toAvailabilityZone()));
            table.print(out, "  ");
            out.println();
            out.println("  " + strategyExplanation(plan));
        }
        out.println();
        out.flush();
    }

    private static String strategyExplanation(ServicePlan plan) {
        if ("SURGE".equals(plan.strategy())) {
            return "SURGE raises the desired count by " + plan.moves().size() + ", waits until the new tasks run "
                    + "and are healthy, protects every task that stays, and lowers the desired count again, so that "
                    + "ECS stops the tasks above.";
        }
        return "REPLACE stops the tasks above one at a time and waits for ECS to start each replacement.";
    }
}
