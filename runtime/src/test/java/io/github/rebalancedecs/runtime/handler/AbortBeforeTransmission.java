package io.github.rebalancedecs.runtime.handler;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Fails every SDK request just before the HTTP client would send it, naming the URI it was
 * about to call. {@code LambdaJarTrimIT} loads it as a global interceptor in a child JVM, so the
 * jar's whole request pipeline runs on the Region's own endpoint without a connection to AWS.
 */
public final class AbortBeforeTransmission implements ExecutionInterceptor {

    /** The start of the failure message, followed by the URI. */
    static final String MESSAGE = "aborted before transmission to ";

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes executionAttributes) {
        throw SdkClientException.create(MESSAGE + context.httpRequest().getUri());
    }
}
