package io.github.rebalancedecs.emulator.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The emulator's command line: {@code simulate} and {@code serve}. */
@Command(
        name = "ecs-emulator",
        mixinStandardHelpOptions = true,
        description = "A local ECS control plane on 127.0.0.1 for what-if simulations of AZ skew and rebalancing.",
        subcommands = {SimulateCommand.class, ServeCommand.class})
public final class EcsEmulatorCommand {

    public EcsEmulatorCommand() {
        // Picocli runs the subcommands; this class only groups them.
    }

    /** Runs the command line and exits with the subcommand's exit code. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new EcsEmulatorCommand()).execute(args));
    }
}
