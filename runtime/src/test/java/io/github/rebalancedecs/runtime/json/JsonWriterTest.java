package io.github.rebalancedecs.runtime.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonWriterTest {

    @Test
    void writesNestedValues() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("name", "web");
        value.put("count", 3);
        value.put("ok", true);
        value.put("none", null);
        value.put("at", Instant.parse("2026-01-05T09:00:00Z"));
        value.put("zones", List.of("us-east-1a", "us-east-1b"));

        assertEquals("{\"name\":\"web\",\"count\":3,\"ok\":true,\"none\":null,\"at\":\"2026-01-05T09:00:00Z\","
                + "\"zones\":[\"us-east-1a\",\"us-east-1b\"]}", JsonWriter.write(value));
    }

    @Test
    void escapesControlCharactersAndQuotes() {
        assertEquals("\"a\\\"b\\\\c\\nd\\u0001\"", JsonWriter.write("a\"b\\c\nd\u0001"));
    }

    @Test
    void nonFiniteNumbersBecomeNull() {
        assertEquals("[null,1.5]", JsonWriter.write(Arrays.asList(Double.NaN, 1.5)));
    }

    @Test
    void unknownTypeIsRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> JsonWriter.write(new Object()));

        assertTrue(error.getMessage().contains("java.lang.Object"), error.getMessage());
    }
}
