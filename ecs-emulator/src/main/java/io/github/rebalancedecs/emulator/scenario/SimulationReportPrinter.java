package io.github.rebalancedecs.emulator.scenario;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints a simulation as operators read it: at each step the table of Task ID, container
 * instance ID and AZ (as Markdown), the tasks per AZ, and at the end a summary per service.
 */
public final class SimulationReportPrinter {

    private final PrintWriter out;

    public SimulationReportPrinter(PrintWriter out) {
        this.out = out;
    }

    public void printHeader(Scenario scenario, RebalancerMode mode) {
        out.println("# Scenario " + scenario.name() + " (rebalancer: " + mode.cliName() + ")");
        if (!scenario.description().isBlank()) {
            out.println();
            out.println(scenario.description().strip());
        }
        out.flush();
    }

    public void printStep(SimulationStep step) {
        out.println();
        out.println("## " + formatElapsed(step.elapsed()) + " " + step.label());
        for (Map.Entry<String, List<TaskRow>> entry : step.tasks().entrySet().stream()
                .sorted(Map.Entry.comparingByKey()).toList()) {
            String service = entry.getKey();
            out.println();
            if (step.tasks().size() > 1) {
                out.println("Service " + service + ":");
                out.println();
            }
            out.println("| Task ID | Container instance ID | AZ |");
            out.println("| --- | --- | --- |");
            for (TaskRow row : entry.getValue()) {
                out.println("| " + row.taskId() + " | " + row.containerInstanceId() + " | " + row.availabilityZone() + " |");
            }
            out.println();
            out.println("Tasks per AZ: " + formatCounts(step.tasksPerZone().get(service)));
        }
        out.flush();
    }

    public void printSummary(SimulationResult result) {
        out.println();
        out.println("## Summary (rebalancer: " + result.mode().cliName() + ")");
        out.println();
        out.println("| Service | Desired count | Time to balance | Extra task-minutes | Lowest running count | Tasks per AZ at end |");
        out.println("| --- | --- | --- | --- | --- | --- |");
        for (ServiceOutcome outcome : result.services()) {
            out.println("| " + outcome.serviceName()
                    + " | " + outcome.desiredCount()
                    + " | " + formatTimeToBalance(outcome)
                    + " | " + String.format(Locale.ROOT, "%.1f", outcome.extraTaskMinutes())
                    + " | " + outcome.lowestRunningCount()
                    + " | " + formatCounts(outcome.finalTasksPerZone()) + " |");
        }
        out.println();
        out.println("Time to balance runs from the first moment a service is unbalanced (in the observed cases, when "
                + "capacity returns) until it is balanced for good, with a surge's extra tasks stopped and the "
                + "desired count back at the scenario's value. Extra task-minutes count tasks above that value.");
        out.println("ECS API requests served: " + result.ecsRequestCount());
        if (!result.rebalancerErrors().isEmpty()) {
            out.println("Fallback rebalancer passes that failed: " + result.rebalancerErrors().size());
            result.rebalancerErrors().forEach(error -> out.println("- " + error));
        }
        out.flush();
    }

    /** Returns {@code +HH:MM:SS}. */
    static String formatElapsed(Duration elapsed) {
        long seconds = elapsed.getSeconds();
        return String.format(Locale.ROOT, "+%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }

    static String formatTimeToBalance(ServiceOutcome outcome) {
        if (!outcome.everUnbalanced()) {
            return "always balanced";
        }
        if (outcome.timeToBalance() == null) {
            return "not balanced at the end";
        }
        long seconds = outcome.timeToBalance().getSeconds();
        return seconds / 60 + "m " + seconds % 60 + "s";
    }

    private static String formatCounts(Map<String, Integer> counts) {
        List<String> parts = new ArrayList<>();
        counts.forEach((zone, count) -> parts.add(zone + "=" + count));
        return String.join(", ", parts);
    }
}
