package io.github.rebalancedecs.emulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Every ECS API request the emulator received, so tests and benchmarks can count API calls. */
public final class RequestLog {

    private final List<RecordedRequest> requests = new ArrayList<>();

    /** Appends a request and returns the record. */
    public synchronized RecordedRequest record(Instant virtualTime, String operation, String requestBody,
            int httpStatus, String errorCode) {
        RecordedRequest request = new RecordedRequest(requests.size() + 1L, virtualTime, operation, requestBody,
                httpStatus, errorCode);
        requests.add(request);
        return request;
    }

    /** Returns every recorded request, oldest first. */
    public synchronized List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** Returns the requests for one operation, retries and failed calls included. */
    public synchronized List<RecordedRequest> requests(String operation) {
        List<RecordedRequest> matching = new ArrayList<>();
        for (RecordedRequest request : requests) {
            if (request.operation().equals(operation)) {
                matching.add(request);
            }
        }
        return matching;
    }

    /** Returns the number of requests for one operation, retries and failed calls included. */
    public synchronized int count(String operation) {
        return requests(operation).size();
    }

    public synchronized int size() {
        return requests.size();
    }

    public synchronized void clear() {
        requests.clear();
    }
}
