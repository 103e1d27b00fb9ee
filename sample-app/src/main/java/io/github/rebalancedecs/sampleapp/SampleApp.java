package io.github.rebalancedecs.sampleapp;

import software.amazon.awscdk.App;

/**
 * The sample CDK app: one environment-agnostic stack, so that {@code cdk synth} needs no AWS
 * credentials and no context lookup, and {@code cdk deploy} deploys to the account and region of
 * the credentials in use.
 */
public final class SampleApp {

    /** The name of the sample stack. */
    public static final String STACK_NAME = "RebalancedEcsSample";

    private SampleApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        new SampleStack(app, STACK_NAME);
        app.synth();
    }
}
