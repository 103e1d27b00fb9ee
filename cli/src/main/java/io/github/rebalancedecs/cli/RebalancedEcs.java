package io.github.rebalancedecs.cli;

import io.github.rebalancedecs.emulator.cli.SimulateCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code rebalanced-ecs}: the operators' tool to see the Availability Zone balance of ECS
 * services, plan a rebalance, run one now, and simulate scenarios on the ECS emulator.
 *
 * <p>Run it as {@code java -jar cli/target/rebalanced-ecs.jar COMMAND [OPTIONS]}.
 */
@Command(
        name = "rebalanced-ecs",
        mixinStandardHelpOptions = true,
        versionProvider = RebalancedEcs.VersionProvider.class,
        synopsisSubcommandLabel = "COMMAND",
        description = "Shows and restores the balance of Amazon ECS services on EC2 across Availability Zones.",
        commandListHeading = "%nCommands:%n",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:balanced, or the command completed",
            "1:error: a missing cluster or service, no credentials, throttling after retries, an endpoint that does "
                    + "not answer; for rebalance also a service left unbalanced or a cancelled rebalance",
            "2:invalid command line",
            "3:status found a skewed service"
        },
        footer = {"", "Run 'rebalanced-ecs COMMAND --help' for the options of a command."})
public final class RebalancedEcs implements Runnable {

    public static final int EXIT_OK = 0;
    public static final int EXIT_ERROR = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_SKEWED = 3;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: choose status, plan, rebalance or simulate");
    }

    /**
     * Runs the CLI and returns its exit code.
     *
     * @param context the clock, sleeper and input the commands use
     * @param out     standard output
     * @param err     standard error
     */
    public static int execute(CliContext context, PrintWriter out, PrintWriter err, String... args) {
        try (SimulatedFallbackRebalancer fallbackRebalancer = new SimulatedFallbackRebalancer()) {
            CommandLine commandLine = new CommandLine(new RebalancedEcs())
                    .addSubcommand(new StatusCommand(context))
                    .addSubcommand(new PlanCommand(context))
                    .addSubcommand(new RebalanceCommand(context))
                    .addSubcommand(new SimulateCommand(fallbackRebalancer));
            commandLine.setCaseInsensitiveEnumValuesAllowed(true);
            commandLine.setOut(out);
            commandLine.setErr(err);
            commandLine.setParameterExceptionHandler(RebalancedEcs::handleUsageError);
            commandLine.setExecutionExceptionHandler(RebalancedEcs::handleError);
            int exitCode = commandLine.execute(args);
            out.flush();
            err.flush();
            return exitCode;
        }
    }

    public static void main(String[] args) {
        configureLogging(Arrays.asList(args).contains("--debug"));
        Charset charset = Charset.defaultCharset();
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, charset), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, charset), true);
        System.exit(execute(CliContext.system(), out, err, args));
    }

    /**
     * Sets slf4j-simple's levels before the first logger exists: WARN, or DEBUG with
     * {@code --debug}. A level given with {@code -D} on the java command line wins.
     */
    private static void configureLogging(boolean debug) {
        String level = debug ? "debug" : "warn";
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", level);
        // The runtime's simplelogger.properties sets the SDK's loggers to WARN, so --debug lowers them too.
        setIfAbsent("org.slf4j.simpleLogger.log.software.amazon.awssdk", level);
        setIfAbsent("org.slf4j.simpleLogger.logFile", "System.err");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    private static int handleUsageError(ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        PrintWriter err = commandLine.getErr();
        err.println("Error: " + e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Run '" + commandLine.getCommandSpec().qualifiedName() + " --help' for the options.");
        err.flush();
        return EXIT_USAGE;
    }

    private static int handleError(Exception e, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        boolean debug = debugRequested(parseResult);
        if (e instanceof CliException) {
            err.println("Error: " + e.getMessage());
        } else {
            err.println("Error: unexpected failure: " + e + (debug ? "" : "; rerun with --debug for the stack trace"));
        }
        if (debug) {
            e.printStackTrace(err);
        }
        err.flush();
        return EXIT_ERROR;
    }

    private static boolean debugRequested(ParseResult parseResult) {
        for (ParseResult result = parseResult; result != null; result = result.subcommand()) {
            if (result.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }

    /** Prints the version that the build wrote into {@code rebalanced-ecs-cli-version.properties}. */
    static final class VersionProvider implements IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties properties = new Properties();
            try (InputStream in = RebalancedEcs.class.getResourceAsStream("/rebalanced-ecs-cli-version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            }
            return new String[] {"rebalanced-ecs " + properties.getProperty("version", "(version unknown)")};
        }
    }
}
