package io.github.rebalancedecs.emulator.protocol;

import io.github.rebalancedecs.emulator.engine.EcsApiException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Splits list results into pages with opaque {@code nextToken} values, as ECS list operations do.
 *
 * <p>A token encodes the operation and the offset of the next item, so a token from ListTasks
 * is rejected by ListContainerInstances, as a token from another listing is in ECS.
 */
final class Pagination {

    /** One page: the items and the token for the next page, or {@code null} on the last page. */
    record Page(List<String> items, String nextToken) {
    }

    private Pagination() {
    }

    static Page page(String operation, List<String> all, String nextToken, int maxResults) {
        int start = nextToken == null ? 0 : decode(operation, nextToken);
        if (start > all.size()) {
            start = all.size();
        }
        int end = Math.min(all.size(), start + maxResults);
        String token = end < all.size() ? encode(operation, end) : null;
        return new Page(List.copyOf(all.subList(start, end)), token);
    }

    private static String encode(String operation, int offset) {
        String plain = operation + ":" + offset;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    private static int decode(String operation, String token) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            String prefix = operation + ":";
            if (!plain.startsWith(prefix)) {
                throw invalidToken();
            }
            int offset = Integer.parseInt(plain.substring(prefix.length()));
            if (offset < 0) {
                throw invalidToken();
            }
            return offset;
        } catch (IllegalArgumentException e) {
            throw invalidToken();
        }
    }

    private static EcsApiException invalidToken() {
        return EcsApiException.invalidParameter("Invalid nextToken: pass the nextToken from the previous response.");
    }
}
