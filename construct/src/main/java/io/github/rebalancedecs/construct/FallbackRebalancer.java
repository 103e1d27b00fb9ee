package io.github.rebalancedecs.construct;

import io.github.rebalancedecs.runtime.config.RebalancerConfig;
import io.github.rebalancedecs.runtime.executor.OperationRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Lazy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.Ec2Service;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Match;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The rebalancer's Lambda function with its role, log group, alias and triggers, under the
 * construct ID {@code Rebalancer}.
 *
 * <p>Function: java21 on arm64, {@value #MEMORY_MIB} MiB, a timeout of {@value #TIMEOUT_MINUTES}
 * minutes, SnapStart on the version that the alias {@value #ALIAS_NAME} points to, and a reserved
 * concurrency of 1, so that two runs never act on one service at the same time. Every trigger
 * invokes the alias. An invocation that arrives while a run is busy waits in Lambda's
 * asynchronous queue for {@link RebalancerTiming#maxEventAge()}: one schedule interval, but no
 * longer than the timeout plus Lambda's longest wait between two retries, so that scheduled
 * invocations do not pile up behind a long run. A failed run is not retried, because the next
 * scheduled run starts from the service's state anyway.
 *
 * <p>One function may serve several services of its cluster ({@link #addService}). The services
 * then share the policy, the schedule and the instance trigger, and an invocation rebalances them
 * one after another, because the reserved concurrency stays 1.
 */
final class FallbackRebalancer extends Construct {

    static final int MEMORY_MIB = 512;
    static final int TIMEOUT_MINUTES = 4;
    static final String ALIAS_NAME = "live";

    /** The stop code of a task stopped by a StopTask call, the rebalancer's own included. */
    static final String USER_INITIATED_STOP_CODE = "UserInitiated";

    private final LogGroup logGroup;
    private final Role role;
    private final Function function;
    private final Alias alias;
    private final Cluster cluster;
    private final RebalancerSettings settings;
    private final boolean movesTasks;
    private final List<String> serviceNames = new ArrayList<>();
    private final Set<String> subnetAvailabilityZones = new LinkedHashSet<>();
    /** The statements whose resources are the served services' ARNs. */
    private final List<PolicyStatement> serviceStatements = new ArrayList<>();

    /**
     * Creates the function for one service.
     *
     * @param movesTasks  false for MONITOR, whose function only measures and needs no trigger
     *                    besides the schedule
     * @param environment the function's environment variables
     */
    FallbackRebalancer(Construct scope, String id, Cluster cluster, Ec2Service service, RebalancerSettings settings,
            boolean movesTasks, Map<String, String> environment) {
        super(scope, id);
        this.cluster = cluster;
        this.settings = settings;
        this.movesTasks = movesTasks;
        serviceNames.add(service.getServiceName());
        Map<String, String> functionEnvironment = new LinkedHashMap<>(environment);
        // Both lists grow with addService, so the variables are joined at synthesis. A service
        // name is a token, and CloudFormation joins the resolved names.
        functionEnvironment.put(RebalancerConfig.SERVICE_NAMES,
                Lazy.string(() -> String.join(",", serviceNames)));
        String subnetZones = functionEnvironment.remove(RebalancerConfig.SUBNET_AVAILABILITY_ZONES);

        this.logGroup = LogGroup.Builder.create(this, "LogGroup")
                .retention(settings.logRetention())
                .build();
        boolean mayChangeService = movesTasks && !settings.dryRun();
        this.role = Role.Builder.create(this, "ServiceRole")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Execution role of the rebalancer function of " + getNode().getPath())
                .inlinePolicies(Map.of("Rebalancer", PolicyDocument.Builder.create()
                        .statements(statements(cluster, service, logGroup, mayChangeService, serviceStatements))
                        .build()))
                .build();
        suppressWildcardFindings(role);

        this.function = Function.Builder.create(this, "Function")
                .description("Keeps the tasks of an ECS service balanced across Availability Zones (rebalanced-ecs)")
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .handler(RebalancerCode.HANDLER)
                .code(RebalancerCode.code())
                .memorySize(MEMORY_MIB)
                .timeout(Duration.minutes(TIMEOUT_MINUTES))
                .reservedConcurrentExecutions(1)
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .role(role)
                .logGroup(logGroup)
                .environment(functionEnvironment)
                .build();
        addSubnetAvailabilityZones(subnetZones);
        suppressRuntimeFinding(function);
        Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "Every trigger invokes the alias, which points to the published current version.");
        this.alias = Alias.Builder.create(this, "Alias")
                .aliasName(ALIAS_NAME)
                .version(function.getCurrentVersion())
                .retryAttempts(0)
                .maxEventAge(settings.timing().maxEventAge())
                .build();

        Rule.Builder.create(this, "Schedule")
                .description("Runs the rebalancer of " + getNode().getPath() + " on its schedule")
                .schedule(settings.schedule())
                .targets(List.of(new LambdaFunction(alias)))
                .build();
        if (movesTasks) {
            addInstanceTrigger();
            addTaskStoppedTrigger(this, service);
        }
    }

    /**
     * Lets the function serve another service of its cluster: adds its name to
     * {@value RebalancerConfig#SERVICE_NAMES}, its subnets to
     * {@value RebalancerConfig#SUBNET_AVAILABILITY_ZONES}, its ARN to the statements on services,
     * and, when the function moves tasks, a rule in {@code triggerScope} that starts a run when a
     * task of the service stops. The caller checks that the cluster and the policy match.
     *
     * @param subnetAvailabilityZones {@code subnet=zone} pairs for a service in the {@code awsvpc}
     *                                network mode, or {@code null}
     */
    void addService(Ec2Service service, String subnetAvailabilityZones, Construct triggerScope) {
        // NOTE: Lambda limits all environment variables of a function to 4 KB together, and the
        // lists grow with each service. Synthesis does not check the limit, so a deployment of
        // many awsvpc services with many subnets may fail there instead.
        serviceNames.add(service.getServiceName());
        addSubnetAvailabilityZones(subnetAvailabilityZones);
        serviceStatements.forEach(statement -> statement.addResources(service.getServiceArn()));
        if (movesTasks) {
            addTaskStoppedTrigger(triggerScope, service);
        }
    }

    private void addSubnetAvailabilityZones(String pairs) {
        if (pairs == null || !subnetAvailabilityZones.add(pairs) || subnetAvailabilityZones.size() > 1) {
            return;
        }
        function.addEnvironment(RebalancerConfig.SUBNET_AVAILABILITY_ZONES,
                Lazy.string(() -> String.join(",", subnetAvailabilityZones)));
    }

    /**
     * Adds the rule that starts a run when a container instance of the cluster becomes ACTIVE and
     * connected: capacity that a short zone may have lacked. One rule serves every service of the
     * function, because they share the cluster.
     */
    private void addInstanceTrigger() {
        Rule.Builder.create(this, "InstanceConnected")
                .description("Runs the rebalancer of " + getNode().getPath() + " when a container instance connects")
                .eventPattern(EventPattern.builder()
                        .source(List.of("aws.ecs"))
                        .detailType(List.of("ECS Container Instance State Change"))
                        .detail(Map.of(
                                "clusterArn", List.of(cluster.getClusterArn()),
                                "status", List.of("ACTIVE"),
                                "agentConnected", List.of(true)))
                        .build())
                .targets(List.of(new LambdaFunction(alias)))
                .build();
    }

    /**
     * Adds the rule {@code TaskStopped} under {@code scope} that starts a run when a task of the
     * service stops. Stops with the code {@value #USER_INITIATED_STOP_CODE} come from StopTask
     * calls, the rebalancer's own included, whose run is still watching, so they do not trigger.
     */
    private void addTaskStoppedTrigger(Construct scope, Ec2Service service) {
        Rule.Builder.create(scope, "TaskStopped")
                .description("Runs the rebalancer of " + getNode().getPath() + " when a task of "
                        + service.getNode().getPath() + " stops")
                .eventPattern(EventPattern.builder()
                        .source(List.of("aws.ecs"))
                        .detailType(List.of("ECS Task State Change"))
                        .detail(Map.of(
                                "clusterArn", List.of(cluster.getClusterArn()),
                                "group", List.of("service:" + service.getServiceName()),
                                "lastStatus", List.of("STOPPED"),
                                "stopCode", Match.anythingBut(USER_INITIATED_STOP_CODE)))
                        .build())
                .targets(List.of(new LambdaFunction(alias)))
                .build();
    }

    /**
     * Returns the function's permissions, each on the narrowest resource that the Service
     * Authorization Reference for ECS allows. The mutating statements are left out when the
     * function only measures (MONITOR mode or dry run). The statements on the service are also
     * added to {@code serviceStatements}, so that a service added later gets the same ones.
     */
    static List<PolicyStatement> statements(Cluster cluster, Ec2Service service, LogGroup logGroup,
            boolean mayChangeService, List<PolicyStatement> serviceStatements) {
        Stack stack = Stack.of(service);
        String clusterArn = cluster.getClusterArn();
        String clusterName = cluster.getClusterName();
        Map<String, Object> inCluster = Map.of("ArnEquals", Map.of("ecs:cluster", clusterArn));
        String tasks = stack.formatArn(ArnComponents.builder()
                .service("ecs").resource("task").resourceName(clusterName + "/*")
                .arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build());
        String containerInstances = stack.formatArn(ArnComponents.builder()
                .service("ecs").resource("container-instance").resourceName(clusterName + "/*")
                .arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build());

        List<PolicyStatement> statements = new ArrayList<>();
        // The role gets no managed policy, so the function's logs need their own statement.
        statements.add(allow("WriteLogs", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                List.of(logGroup.getLogGroupArn()), null));
        // NOTE: the rebalancer reads the service's tags through DescribeServices with include TAGS
        // and no longer calls ListTagsForResource. It is not confirmed that DescribeServices needs
        // no ecs:ListTagsForResource to return tags, so the statement keeps the action.
        serviceStatements.add(allow("ReadService", List.of("ecs:DescribeServices", "ecs:ListTagsForResource"),
                List.of(service.getServiceArn()), null));
        if (mayChangeService) {
            serviceStatements.add(allow("ScaleService", List.of("ecs:UpdateService"), List.of(service.getServiceArn()),
                    null));
            // The rebalancer records an operation in flight in tags on the service.
            serviceStatements.add(allow("RecordOperationInServiceTags", List.of("ecs:TagResource", "ecs:UntagResource"),
                    List.of(service.getServiceArn()),
                    Map.of("ForAllValues:StringLike", Map.of("aws:TagKeys", List.of(OperationRecord.PREFIX + "*")))));
        }
        statements.addAll(serviceStatements);
        statements.add(allow("ReadTasks", List.of("ecs:DescribeTasks", "ecs:GetTaskProtection"), List.of(tasks),
                inCluster));
        if (mayChangeService) {
            statements.add(allow("ProtectAndStopTasks", List.of("ecs:UpdateTaskProtection", "ecs:StopTask"),
                    List.of(tasks), inCluster));
        }
        // NOTE: the Service Authorization Reference names container-instance as the resource of
        // ListTasks, but the rebalancer lists tasks by service name, without a container instance.
        // The documented ecs:cluster condition limits the call to the cluster instead.
        statements.add(allow("ListTasksOfCluster", List.of("ecs:ListTasks"), List.of("*"), inCluster));
        statements.add(allow("ReadContainerInstances", List.of("ecs:DescribeContainerInstances"),
                List.of(containerInstances), inCluster));
        statements.add(allow("ListContainerInstances", List.of("ecs:ListContainerInstances"), List.of(clusterArn),
                null));
        // DescribeTaskDefinition supports no resource-level permission.
        statements.add(allow("ReadTaskDefinitions", List.of("ecs:DescribeTaskDefinition"), List.of("*"), null));
        return statements;
    }

    private static PolicyStatement allow(String sid, List<String> actions, List<String> resources,
            Map<String, Object> conditions) {
        PolicyStatement.Builder statement = PolicyStatement.Builder.create()
                .sid(sid)
                .effect(Effect.ALLOW)
                .actions(actions)
                .resources(resources);
        if (conditions != null) {
            statement.conditions(conditions);
        }
        return statement.build();
    }

    /**
     * Records on the role why cdk-nag's AwsSolutions-IAM5 findings are accepted, in the metadata
     * that cdk-nag reads, so that users of the construct need no suppression of their own.
     */
    private static void suppressWildcardFindings(Role role) {
        addNagSuppressions((CfnResource) role.getNode().getDefaultChild(), List.of(
                Map.of("id", "AwsSolutions-IAM5",
                        "reason", "Tasks and container instances are created and replaced by ECS, so their IDs are "
                                + "unknown at deploy time. The ARNs are limited to the service's cluster and the "
                                + "ecs:cluster condition names the cluster.",
                        "applies_to", List.of(
                                Map.of("regex", "/^Resource::arn:<AWS::Partition>:ecs:<AWS::Region>:<AWS::AccountId>:"
                                        + "(task|container-instance)\\/<.+>\\/\\*$/g"))),
                Map.of("id", "AwsSolutions-IAM5",
                        "reason", "ecs:DescribeTaskDefinition supports no resource-level permission, and "
                                + "ecs:ListTasks is limited to the service's cluster by the ecs:cluster condition.",
                        "applies_to", List.of("Resource::*"))));
    }

    private static void suppressRuntimeFinding(Function function) {
        addNagSuppressions((CfnResource) function.getNode().getDefaultChild(), List.of(
                Map.of("id", "AwsSolutions-L1",
                        "reason", "The rebalancer runs on java21, the Java runtime it is tested on, and moves to a "
                                + "newer runtime with a release of the construct.")));
    }

    private static void addNagSuppressions(CfnResource resource, List<Map<String, Object>> rules) {
        resource.addMetadata("cdk_nag", Map.of("rules_to_suppress", rules));
    }

    LogGroup getLogGroup() {
        return logGroup;
    }

    Role getRole() {
        return role;
    }

    Function getFunction() {
        return function;
    }

    Alias getAlias() {
        return alias;
    }

    Cluster getCluster() {
        return cluster;
    }

    RebalancerSettings getSettings() {
        return settings;
    }

    /** Returns false when the function only measures (MONITOR mode). */
    boolean movesTasks() {
        return movesTasks;
    }
}
