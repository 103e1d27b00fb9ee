package io.github.rebalancedecs.runtime.handler;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.util.Objects;

/**
 * A Lambda {@link Context} for invoking {@link RebalancerHandler} outside Lambda, such as for
 * SnapStart priming or a benchmark. The handler reads nothing from the context but the remaining
 * time. With a remaining time of 0 the handler takes one round of steps and leaves an operation
 * in flight to the next invocation, as a Lambda timeout would.
 */
public final class StandaloneContext implements Context {

    private final String requestId;
    private final int remainingMillis;

    /**
     * Creates a context.
     *
     * @param requestId       the request ID, which also names the function, log group and stream
     * @param remainingMillis the remaining time that every call of {@link #getRemainingTimeInMillis} returns
     */
    public StandaloneContext(String requestId, int remainingMillis) {
        this.requestId = Objects.requireNonNull(requestId, "requestId");
        this.remainingMillis = remainingMillis;
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return requestId;
    }

    @Override
    public String getLogStreamName() {
        return requestId;
    }

    @Override
    public String getFunctionName() {
        return requestId;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return requestId;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return remainingMillis;
    }

    @Override
    public int getMemoryLimitInMB() {
        return 0;
    }

    @Override
    public LambdaLogger getLogger() {
        return null;
    }
}
