package io.github.rebalancedecs.runtime.handler;

import io.github.rebalancedecs.runtime.config.MaintenanceWindow;
import io.github.rebalancedecs.runtime.config.RebalancerConfig;
import io.github.rebalancedecs.runtime.ecs.EcsServiceOperations;
import io.github.rebalancedecs.runtime.ecs.EcsTaskDefinitions;
import io.github.rebalancedecs.runtime.executor.Sleeper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * Primes the rebalancer for a Lambda SnapStart snapshot. Before Lambda takes the snapshot, it
 * runs one dry-run invocation and every ECS call the rebalancer makes against a canned cluster
 * held in memory, so the snapshot already contains the loaded and initialized classes of the event
 * parser, the AWS SDK request pipeline, the observer, the planner and the report. The first
 * invocation after a restore then skips that work.
 *
 * <p>Nothing leaves the process: the priming {@link EcsClient} sends its requests to an HTTP
 * client that answers from memory, with static credentials, so priming needs no network, no
 * credentials and no ECS permissions, and changes nothing. Its logs name the cluster and service
 * {@value #PRIMING_NAME}.
 *
 * <p>Lambda runs {@link #beforeCheckpoint} only when the function version has SnapStart on; a
 * JVM without checkpoint support never calls it. {@link #prime} can also be called directly, for
 * example to measure what priming saves.
 *
 * <p>{@link RebalancerHandler}'s no-argument constructor, the one Lambda calls, registers it.
 */
public final class SnapStartPriming implements Resource {

    /** The cluster and service name that priming logs and reports carry. */
    public static final String PRIMING_NAME = "snapstart-priming";

    private static final Logger LOG = LoggerFactory.getLogger(SnapStartPriming.class);

    private static final String ACCOUNT = "123456789012";

    /**
     * The registered instance. A checkpoint context may keep only a weak reference to a resource,
     * so this field keeps the hook alive until the snapshot.
     */
    private static volatile SnapStartPriming registered;

    private final RebalancerConfig config;

    private SnapStartPriming(RebalancerConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * Registers priming as a runtime hook that Lambda runs before it takes the SnapStart
     * snapshot. Call it once, while the execution environment initializes.
     *
     * @param config the function's configuration; priming uses its Region, policy and timeouts
     */
    public static synchronized void register(RebalancerConfig config) {
        SnapStartPriming priming = new SnapStartPriming(config);
        Core.getGlobalContext().register(priming);
        registered = priming;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        try {
            prime(config);
        } catch (RuntimeException e) {
            // A failed priming must not stop the snapshot, because the first invocation loads what is missing.
            LOG.warn("event=snapstart_priming_failed error=\"{}\" hint=\"the first invocation after a restore "
                    + "loads the classes itself\"", e.toString());
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing needs renewing, because the handler's client opens its connections and reads
        // credentials at the first call after the restore.
    }

    /**
     * Runs the code paths of an invocation once against the canned cluster.
     *
     * @param config the function's configuration; priming uses its Region, policy and timeouts
     * @throws IllegalStateException when the dry run ends with another outcome than PLANNED
     * @throws UncheckedIOException  when the handler fails to write its report
     */
    public static void prime(RebalancerConfig config) {
        long start = System.nanoTime();
        RebalancerConfig primingConfig = new RebalancerConfig(config.region(), PRIMING_NAME, List.of(PRIMING_NAME),
                config.policy(), config.executorSettings(), MaintenanceWindow.ALWAYS,
                config.subnetAvailabilityZones(), null, config.apiCallTimeout(), config.pollInterval(),
                config.metricsNamespace());

        try (EcsClient ecs = cannedClient(primingConfig)) {
            // 1. The events the function receives, parsed as an invocation would parse them.
            for (String event : List.of(SCHEDULE_EVENT, TASK_STATE_CHANGE_EVENT, INSTANCE_STATE_CHANGE_EVENT)) {
                InvocationRequest.parse(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)),
                        PRIMING_NAME, List.of(PRIMING_NAME));
            }

            // 2. A dry run: observe with every read call, plan, report and write metrics.
            RebalancerHandler handler = new RebalancerHandler(primingConfig, ecs, new EcsTaskDefinitions(ecs),
                    Clock.systemUTC(), Sleeper.THREAD, document -> { });
            ByteArrayOutputStream report = new ByteArrayOutputStream();
            // One minute left, so that the runner takes one round, which ends the dry run.
            handler.handleRequest(new ByteArrayInputStream(PLAN_EVENT.getBytes(StandardCharsets.UTF_8)), report,
                    new StandaloneContext(PRIMING_NAME, 60_000));
            requirePlanned(report.toString(StandardCharsets.UTF_8));

            // 3. The calls that change ECS, which the canned HTTP client also returns from memory.
            EcsServiceOperations operations = new EcsServiceOperations(ecs);
            String taskArn = CannedEcs.taskArn(1);
            operations.protectTasks(PRIMING_NAME, List.of(taskArn), 1);
            operations.unprotectTasks(PRIMING_NAME, List.of(taskArn));
            operations.updateDesiredCount(PRIMING_NAME, PRIMING_NAME, 3);
            operations.stopTask(PRIMING_NAME, taskArn, "SnapStart priming");
            operations.tagService(CannedEcs.SERVICE_ARN, Map.of(PRIMING_NAME, "true"));
            operations.untagService(CannedEcs.SERVICE_ARN, List.of(PRIMING_NAME));
        } catch (IOException e) {
            throw new UncheckedIOException("SnapStart priming failed to write the dry-run report", e);
        }
        LOG.info("event=snapstart_priming_done durationMs={}", Duration.ofNanos(System.nanoTime() - start).toMillis());
    }

    /**
     * Checks that the dry run got as far as a plan, because a dry run that failed early would
     * leave most classes unprimed without any error.
     */
    private static void requirePlanned(String reportJson) {
        JsonNode service = JsonNode.parser().parse(reportJson).field("services").orElseThrow().asArray().get(0);
        String outcome = service.field("outcome").orElseThrow().asString();
        if (!"PLANNED".equals(outcome)) {
            throw new IllegalStateException("SnapStart priming expected the dry run to end PLANNED, got " + outcome
                    + ": " + service.field("message").map(JsonNode::asString).orElse(""));
        }
    }

    private static EcsClient cannedClient(RebalancerConfig config) {
        Duration attemptTimeout = config.apiCallTimeout().dividedBy(2);
        // No endpoint override, so that the ECS endpoint rules of the Region run as in production.
        // The canned HTTP client never opens a connection to the endpoint they return.
        return EcsClient.builder()
                .region(Region.of(config.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(PRIMING_NAME, PRIMING_NAME)))
                .httpClient(new CannedEcs())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(config.apiCallTimeout())
                        .apiCallAttemptTimeout(attemptTimeout)
                        .build())
                .build();
    }

    private static final String PLAN_EVENT = "{\"action\": \"plan\"}";

    private static final String SCHEDULE_EVENT = """
            {"version": "0", "source": "aws.events", "detail-type": "Scheduled Event", "detail": {}}""";

    private static final String TASK_STATE_CHANGE_EVENT = """
            {"version": "0", "source": "aws.ecs", "detail-type": "ECS Task State Change",
             "detail": {"clusterArn": "arn:aws:ecs:us-east-1:123456789012:cluster/snapstart-priming",
                        "group": "service:snapstart-priming", "lastStatus": "RUNNING"}}""";

    private static final String INSTANCE_STATE_CHANGE_EVENT = """
            {"version": "0", "source": "aws.ecs", "detail-type": "ECS Container Instance State Change",
             "detail": {"clusterArn": "arn:aws:ecs:us-east-1:123456789012:cluster/snapstart-priming",
                        "status": "ACTIVE"}}""";

    /**
     * An HTTP client that returns canned ECS JSON 1.1 responses from memory. They describe one
     * service with three tasks on three container instances, two of the tasks in us-east-1a, so
     * the dry run plans a move with either strategy. Maximum percent 200 leaves room to surge, and
     * minimum healthy percent 50 leaves room to replace. Operations without a canned body get
     * {@code {}}, a valid empty response.
     */
    private static final class CannedEcs implements SdkHttpClient {

        static final String CLUSTER_ARN = "arn:aws:ecs:us-east-1:" + ACCOUNT + ":cluster/" + PRIMING_NAME;
        static final String SERVICE_ARN = "arn:aws:ecs:us-east-1:" + ACCOUNT + ":service/" + PRIMING_NAME + "/"
                + PRIMING_NAME;
        static final String TASK_DEFINITION_ARN = "arn:aws:ecs:us-east-1:" + ACCOUNT + ":task-definition/"
                + PRIMING_NAME + ":1";

        private static final Map<String, String> RESPONSES = Map.of(
                "DescribeServices", """
                        {"services": [{"serviceArn": "%s", "serviceName": "%s", "clusterArn": "%s",
                          "status": "ACTIVE", "desiredCount": 3, "runningCount": 3, "pendingCount": 0,
                          "launchType": "EC2", "schedulingStrategy": "REPLICA", "taskDefinition": "%s",
                          "deploymentConfiguration": {"maximumPercent": 200, "minimumHealthyPercent": 50},
                          "deployments": [{"id": "ecs-svc/1", "status": "PRIMARY", "taskDefinition": "%s",
                                           "rolloutState": "COMPLETED"}],
                          "placementStrategy": [{"type": "spread", "field": "attribute:ecs.availability-zone"}],
                          "placementConstraints": [], "tags": []}],
                         "failures": []}"""
                        .formatted(SERVICE_ARN, PRIMING_NAME, CLUSTER_ARN, TASK_DEFINITION_ARN, TASK_DEFINITION_ARN),
                "DescribeTaskDefinition", """
                        {"taskDefinition": {"taskDefinitionArn": "%s", "family": "%s", "revision": 1,
                          "networkMode": "bridge", "cpu": "256", "memory": "512",
                          "containerDefinitions": [{"name": "app", "cpu": 256, "memory": 512,
                            "portMappings": [{"containerPort": 80, "hostPort": 0, "protocol": "tcp"}]}]}}"""
                        .formatted(TASK_DEFINITION_ARN, PRIMING_NAME),
                "ListTasks", "{\"taskArns\": [\"%s\", \"%s\", \"%s\"]}".formatted(taskArn(1), taskArn(2), taskArn(3)),
                "DescribeTasks", "{\"tasks\": [%s, %s, %s], \"failures\": []}".formatted(
                        task(1, "us-east-1a"), task(2, "us-east-1a"), task(3, "us-east-1b")),
                "ListContainerInstances", "{\"containerInstanceArns\": [\"%s\", \"%s\", \"%s\"]}".formatted(
                        instanceArn("us-east-1a"), instanceArn("us-east-1b"), instanceArn("us-east-1c")),
                "DescribeContainerInstances", "{\"containerInstances\": [%s, %s, %s], \"failures\": []}".formatted(
                        instance("us-east-1a"), instance("us-east-1b"), instance("us-east-1c")),
                "GetTaskProtection", "{\"protectedTasks\": [], \"failures\": []}",
                "UpdateTaskProtection", "{\"protectedTasks\": [], \"failures\": []}");

        /** The JSON 1.1 target prefix of every ECS operation. */
        private static final String TARGET_PREFIX = "AmazonEC2ContainerServiceV20141113.";

        static String taskArn(int number) {
            return "arn:aws:ecs:us-east-1:" + ACCOUNT + ":task/" + PRIMING_NAME + "/" + "%032d".formatted(number);
        }

        private static String instanceArn(String zone) {
            return "arn:aws:ecs:us-east-1:" + ACCOUNT + ":container-instance/" + PRIMING_NAME + "/" + zone;
        }

        private static String task(int number, String zone) {
            return """
                    {"taskArn": "%s", "clusterArn": "%s", "containerInstanceArn": "%s", "availabilityZone": "%s",
                     "group": "service:%s", "taskDefinitionArn": "%s", "lastStatus": "RUNNING",
                     "desiredStatus": "RUNNING", "healthStatus": "HEALTHY", "startedAt": 1767603600}"""
                    .formatted(taskArn(number), CLUSTER_ARN, instanceArn(zone), zone, PRIMING_NAME,
                            TASK_DEFINITION_ARN);
        }

        private static String instance(String zone) {
            return """
                    {"containerInstanceArn": "%s", "ec2InstanceId": "i-%s", "status": "ACTIVE",
                     "agentConnected": true,
                     "attributes": [{"name": "ecs.availability-zone", "value": "%s"}],
                     "remainingResources": [
                       {"name": "CPU", "type": "INTEGER", "integerValue": 1536},
                       {"name": "MEMORY", "type": "INTEGER", "integerValue": 3072},
                       {"name": "PORTS", "type": "STRINGSET", "stringSetValue": ["22", "51678"]}]}"""
                    .formatted(instanceArn(zone), zone.replace("-", ""), zone);
        }

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            String target = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("");
            String operation = target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : target;
            byte[] body = RESPONSES.getOrDefault(operation, "{}").getBytes(StandardCharsets.UTF_8);
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() {
                    return HttpExecuteResponse.builder()
                            .response(SdkHttpResponse.builder()
                                    .statusCode(200)
                                    .putHeader("Content-Type", "application/x-amz-json-1.1")
                                    .putHeader("Content-Length", Integer.toString(body.length))
                                    .build())
                            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
                            .build();
                }

                @Override
                public void abort() {
                    // The response is already in memory, so there is nothing to abort.
                }
            };
        }

        @Override
        public String clientName() {
            return "SnapStartPrimingCanned";
        }

        @Override
        public void close() {
            // The client opens no connection, so there is nothing to close.
        }
    }
}
