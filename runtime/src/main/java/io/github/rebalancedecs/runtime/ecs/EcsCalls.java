package io.github.rebalancedecs.runtime.ecs;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;

/** Runs SDK calls and turns their failures into {@link EcsAccessException}s. */
final class EcsCalls {

    private EcsCalls() {
    }

    static <T> T call(String operation, Supplier<T> request) {
        try {
            return request.get();
        } catch (SdkException e) {
            throw new EcsAccessException(operation, e.getMessage(), e);
        }
    }

    /** Splits a list into consecutive batches of at most {@code size} elements. */
    static <T> List<List<T>> batches(List<T> items, int size) {
        List<List<T>> batches = new ArrayList<>();
        for (int start = 0; start < items.size(); start += size) {
            batches.add(List.copyOf(items.subList(start, Math.min(items.size(), start + size))));
        }
        return batches;
    }
}
