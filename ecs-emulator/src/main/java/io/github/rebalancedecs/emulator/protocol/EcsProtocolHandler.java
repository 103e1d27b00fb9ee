package io.github.rebalancedecs.emulator.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.github.rebalancedecs.emulator.Faults;
import io.github.rebalancedecs.emulator.RequestLog;
import io.github.rebalancedecs.emulator.engine.ControlPlane;
import io.github.rebalancedecs.emulator.engine.EcsApiException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the ECS JSON 1.1 protocol: a POST whose {@code X-Amz-Target} header names
 * {@code AmazonEC2ContainerServiceV20141113.<Operation>} and whose body is the JSON request.
 *
 * <p>Errors carry the error code both in the {@code x-amzn-ErrorType} header and in the
 * body's {@code __type} member, with the text in {@code message}; the AWS SDK for Java v2 reads
 * either and throws the modeled exception class of that name (for example
 * {@code ClusterNotFoundException}), or {@code EcsException} for codes ECS does not model, such
 * as {@code ThrottlingException}. Signatures are accepted without being checked.
 */
final class EcsProtocolHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(EcsProtocolHandler.class);

    static final String TARGET_PREFIX = "AmazonEC2ContainerServiceV20141113.";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    private final ControlPlane controlPlane;
    private final EcsOperations operations;
    private final Faults faults;
    private final RequestLog requestLog;
    private final ObjectMapper mapper;

    EcsProtocolHandler(ControlPlane controlPlane, Faults faults, RequestLog requestLog, ObjectMapper mapper) {
        this.controlPlane = controlPlane;
        this.operations = new EcsOperations(controlPlane, mapper);
        this.faults = faults;
        this.requestLog = requestLog;
        this.mapper = mapper;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = readBody(exchange.getRequestBody());
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String operation = target != null && target.startsWith(TARGET_PREFIX)
                    ? target.substring(TARGET_PREFIX.length())
                    : null;

            if (!"POST".equals(exchange.getRequestMethod()) || operation == null) {
                respondError(exchange, String.valueOf(target), body, new EcsApiException("UnknownOperationException",
                        400, "Expected a POST with the header X-Amz-Target: " + TARGET_PREFIX
                        + "<Operation>, got " + exchange.getRequestMethod() + " with X-Amz-Target " + target + "."));
                return;
            }

            Faults.ApiFaultKind fault = faults.nextApiFault(operation);
            if (fault != null) {
                respondError(exchange, operation, body,
                        new EcsApiException(fault.errorCode(), fault.httpStatus(), fault.message()));
                return;
            }

            try {
                JsonNode json = body.isBlank() ? mapper.createObjectNode() : mapper.readTree(body);
                if (!json.isObject()) {
                    throw new EcsApiException("SerializationException", 400, "The request body must be a JSON object.");
                }
                ObjectNode response = operations.invoke(operation, new RequestReader(json));
                requestLog.record(controlPlane.now(), operation, body, 200, null);
                send(exchange, 200, mapper.writeValueAsBytes(response), null);
            } catch (JsonProcessingException e) {
                respondError(exchange, operation, body, new EcsApiException("SerializationException", 400,
                        "The request body is not valid JSON: " + e.getOriginalMessage()));
            } catch (EcsApiException e) {
                respondError(exchange, operation, body, e);
            } catch (RuntimeException e) {
                // A bug in the emulator: respond as ECS does to an internal failure, and keep serving.
                LOG.error("event=operation_failed operation={}", operation, e);
                respondError(exchange, operation, body, new EcsApiException("ServerException", 500,
                        "The ECS emulator failed to handle " + operation + ": " + e));
            }
        }
    }

    private void respondError(HttpExchange exchange, String operation, String requestBody, EcsApiException error)
            throws IOException {
        requestLog.record(controlPlane.now(), operation, requestBody, error.httpStatus(), error.errorCode());
        ObjectNode body = mapper.createObjectNode();
        body.put("__type", error.errorCode());
        body.put("message", error.getMessage());
        LOG.debug("event=error_response operation={} errorCode={} status={} message=\"{}\"",
                operation, error.errorCode(), error.httpStatus(), error.getMessage());
        send(exchange, error.httpStatus(), mapper.writeValueAsBytes(body), error.errorCode());
    }

    private static void send(HttpExchange exchange, int status, byte[] body, String errorCode) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        if (errorCode != null) {
            exchange.getResponseHeaders().set("x-amzn-ErrorType", errorCode);
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream output = exchange.getResponseBody()) {
            output.write(body);
        }
    }

    static String readBody(InputStream input) throws IOException {
        return new String(input.readAllBytes(), StandardCharsets.UTF_8);
    }
}
