package io.github.rebalancedecs.emulator.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.rebalancedecs.emulator.engine.EcsApiException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Typed, validated reads of the members of one JSON request body. */
final class RequestReader {

    private final JsonNode body;

    RequestReader(JsonNode body) {
        this.body = body;
    }

    JsonNode body() {
        return body;
    }

    boolean has(String member) {
        JsonNode node = body.get(member);
        return node != null && !node.isNull();
    }

    /** Returns the string member, or {@code null} when it is absent. */
    String string(String member) {
        JsonNode node = body.get(member);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw EcsApiException.invalidParameter(member + " must be a string.");
        }
        return node.asText();
    }

    String requiredString(String member) {
        String value = string(member);
        if (value == null || value.isEmpty()) {
            throw EcsApiException.invalidParameter(member + " is required.");
        }
        return value;
    }

    /** Returns the integer member, or {@code null} when it is absent. */
    Integer integer(String member) {
        JsonNode node = body.get(member);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber()) {
            throw EcsApiException.invalidParameter(member + " must be an integer.");
        }
        return node.asInt();
    }

    /** Returns the boolean member, or {@code null} when it is absent. */
    Boolean bool(String member) {
        JsonNode node = body.get(member);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            throw EcsApiException.invalidParameter(member + " must be a boolean.");
        }
        return node.asBoolean();
    }

    /** Returns the list of strings, or {@code null} when the member is absent. */
    List<String> strings(String member) {
        JsonNode node = body.get(member);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw EcsApiException.invalidParameter(member + " must be a list of strings.");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode element : node) {
            if (!element.isTextual()) {
                throw EcsApiException.invalidParameter(member + " must be a list of strings.");
            }
            values.add(element.asText());
        }
        return values;
    }

    /**
     * Returns the required list, rejecting an empty one or one over {@code maximum} items as ECS does.
     *
     * @param itemsName the name ECS uses for the items in its error message, for example
     *                  {@code taskIds} for the {@code tasks} member
     */
    List<String> requiredStrings(String member, int maximum, String itemsName) {
        List<String> values = strings(member);
        if (values == null || values.isEmpty()) {
            throw EcsApiException.invalidParameter(member + " can not be empty.");
        }
        if (values.size() > maximum) {
            throw EcsApiException.tooManyItems(itemsName, maximum);
        }
        return values;
    }

    /** Returns the objects of a list member, or {@code null} when it is absent. */
    List<RequestReader> objects(String member) {
        JsonNode node = body.get(member);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw EcsApiException.invalidParameter(member + " must be a list of objects.");
        }
        List<RequestReader> readers = new ArrayList<>();
        for (JsonNode element : node) {
            if (!element.isObject()) {
                throw EcsApiException.invalidParameter(member + " must be a list of objects.");
            }
            readers.add(new RequestReader(element));
        }
        return readers;
    }

    /** Returns the object member, or {@code null} when it is absent. */
    RequestReader object(String member) {
        JsonNode node = body.get(member);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw EcsApiException.invalidParameter(member + " must be an object.");
        }
        return new RequestReader(node);
    }

    /** Returns the names of the members present in the body. */
    List<String> memberNames() {
        List<String> names = new ArrayList<>();
        Iterator<String> iterator = body.fieldNames();
        iterator.forEachRemaining(names::add);
        return names;
    }

    /**
     * Returns {@code maxResults} validated against ECS's range of 1 to 100, or the default.
     */
    int maxResults(int defaultValue) {
        Integer maxResults = integer("maxResults");
        if (maxResults == null) {
            return defaultValue;
        }
        if (maxResults < 1 || maxResults > 100) {
            throw EcsApiException.invalidParameter("maxResults must be between 1 and 100, got " + maxResults + ".");
        }
        return maxResults;
    }
}
