package io.github.rebalancedecs.benchmarks.synth;

import io.github.rebalancedecs.sampleapp.SampleApp;
import io.github.rebalancedecs.sampleapp.SampleStack;
import java.nio.file.Path;
import software.amazon.awscdk.App;

/** The two stacks the synth benchmark compares. */
public enum StackKind {

    /** The sample app's stack, with two {@code RebalancedEc2Service}s. */
    SAMPLE("sample app (RebalancedEc2Service)"),

    /** The same workload written with aws-cdk-lib alone. */
    PLAIN("plain Ec2Service stack");

    private final String label;

    StackKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /**
     * Builds the stack in a new app that writes its cloud assembly to {@code outdir}, synthesizes
     * it and returns the time that took in milliseconds.
     */
    public double synthesizeMillis(Path outdir) {
        long start = System.nanoTime();
        App app = App.Builder.create().outdir(outdir.toString()).analyticsReporting(false).build();
        if (this == SAMPLE) {
            new SampleStack(app, SampleApp.STACK_NAME);
        } else {
            new PlainEc2ServiceStack(app, SampleApp.STACK_NAME);
        }
        app.synth();
        return (System.nanoTime() - start) / 1e6;
    }
}
