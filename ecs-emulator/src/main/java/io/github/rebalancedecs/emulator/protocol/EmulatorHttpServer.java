package io.github.rebalancedecs.emulator.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpServer;
import io.github.rebalancedecs.emulator.EcsEmulator;
import io.github.rebalancedecs.emulator.Faults;
import io.github.rebalancedecs.emulator.RequestLog;
import io.github.rebalancedecs.emulator.engine.ControlPlane;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The emulator's HTTP server on 127.0.0.1. It serves two things on one port:
 *
 * <ul>
 *   <li>{@code POST /}: the ECS JSON 1.1 protocol, see {@link EcsProtocolHandler}.</li>
 *   <li>{@code /emulator/...}: the JSON control endpoint, see {@link ControlEndpointHandler}.</li>
 * </ul>
 */
public final class EmulatorHttpServer {

    private static final Logger LOG = LoggerFactory.getLogger(EmulatorHttpServer.class);

    /** Request handler threads; the control plane serializes state changes, so a few suffice. */
    private static final int HANDLER_THREADS = 4;

    static {
        // Without TCP_NODELAY every exchange on loopback waits about 40 ms for a delayed ACK,
        // because the JDK server writes the response headers and body in separate segments.
        // The JDK reads this property once, when it creates its first HttpServer.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final URI endpoint;

    private EmulatorHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
        this.endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * Binds to 127.0.0.1 and starts serving.
     *
     * @param port the TCP port, or 0 for an ephemeral port
     */
    public static EmulatorHttpServer start(int port, ControlPlane controlPlane, Faults faults, RequestLog requestLog,
            EcsEmulator emulator) throws IOException {
        ObjectMapper mapper = new ObjectMapper()
                .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(HANDLER_THREADS, runnable -> {
            Thread thread = new Thread(runnable, "ecs-emulator-http-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", new EcsProtocolHandler(controlPlane, faults, requestLog, mapper));
        server.createContext(ControlEndpointHandler.PATH_PREFIX, new ControlEndpointHandler(emulator, mapper));
        server.start();

        EmulatorHttpServer started = new EmulatorHttpServer(server, executor);
        LOG.info("event=emulator_started endpoint={}", started.endpoint);
        return started;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Stops accepting requests and ends the handler threads. */
    public void stop() {
        server.stop(0);
        executor.shutdownNow();
        LOG.info("event=emulator_stopped endpoint={}", endpoint);
    }
}
