package io.github.rebalancedecs.emulator;

import java.time.Instant;

/**
 * One ECS API request the emulator received, with the response it sent.
 *
 * @param sequence    the position of the request, from 1
 * @param virtualTime the virtual clock when the request arrived
 * @param operation   the ECS operation, for example {@code DescribeServices}
 * @param requestBody the JSON request body as received
 * @param httpStatus  the HTTP status of the response
 * @param errorCode   the error code of the response, for example {@code ThrottlingException}, or
 *                    {@code null} for a successful call
 */
public record RecordedRequest(
        long sequence,
        Instant virtualTime,
        String operation,
        String requestBody,
        int httpStatus,
        String errorCode) {

    public boolean succeeded() {
        return errorCode == null;
    }
}
