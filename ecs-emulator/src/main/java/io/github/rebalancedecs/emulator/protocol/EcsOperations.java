package io.github.rebalancedecs.emulator.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.rebalancedecs.emulator.ContainerInstanceStatus;
import io.github.rebalancedecs.emulator.PlacementConstraint;
import io.github.rebalancedecs.emulator.PlacementStrategy;
import io.github.rebalancedecs.emulator.TaskStatus;
import io.github.rebalancedecs.emulator.engine.Cluster;
import io.github.rebalancedecs.emulator.engine.ClusterQuery;
import io.github.rebalancedecs.emulator.engine.ContainerInstance;
import io.github.rebalancedecs.emulator.engine.ControlPlane;
import io.github.rebalancedecs.emulator.engine.EcsApiException;
import io.github.rebalancedecs.emulator.engine.Service;
import io.github.rebalancedecs.emulator.engine.ServiceUpdate;
import io.github.rebalancedecs.emulator.engine.Task;
import io.github.rebalancedecs.emulator.engine.TaskDefinition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The ECS operations the emulator implements, each reading a JSON request and returning the
 * JSON response described in the ECS API reference. Batch limits and validation messages follow
 * what ECS returns.
 */
final class EcsOperations {

    /**
     * The documented batch sizes of the describe and protection operations. ECS names the items
     * of an oversized batch by internal names. Users report "service names can have at most 10
     * items." from DescribeServices, "taskIds can have at most 100 items." from DescribeTasks and
     * "instanceIds can have at most 100 items." from DescribeContainerInstances.
     *
     * <p>NOTE: no report of the wording for DescribeClusters, UpdateTaskProtection and
     * GetTaskProtection was found, so the emulator follows the same pattern there.
     */
    static final int MAX_DESCRIBE_SERVICES = 10;
    static final int MAX_DESCRIBE_TASKS = 100;
    static final int MAX_DESCRIBE_CONTAINER_INSTANCES = 100;
    static final int MAX_DESCRIBE_CLUSTERS = 100;
    static final int MAX_UPDATE_TASK_PROTECTION = 10;
    static final int MAX_GET_TASK_PROTECTION = 100;
    static final int MAX_TAGS = 50;

    /** UpdateService members that change nothing the emulator models, accepted as ECS accepts them. */
    private static final Set<String> IGNORED_UPDATE_SERVICE_MEMBERS = Set.of(
            "cluster", "service", "healthCheckGracePeriodSeconds", "enableExecuteCommand", "enableECSManagedTags",
            "propagateTags");

    /** UpdateService members the emulator applies. */
    private static final Set<String> MODELED_UPDATE_SERVICE_MEMBERS = Set.of("desiredCount",
            "availabilityZoneRebalancing", "placementStrategy", "placementConstraints", "deploymentConfiguration",
            "taskDefinition", "forceNewDeployment");

    private final ControlPlane controlPlane;
    private final JsonRendering rendering;
    private final ObjectMapper mapper;
    private final Map<String, Function<RequestReader, ObjectNode>> operations = new LinkedHashMap<>();

    EcsOperations(ControlPlane controlPlane, ObjectMapper mapper) {
        this.controlPlane = controlPlane;
        this.mapper = mapper;
        this.rendering = new JsonRendering(mapper);
        operations.put("DescribeClusters", this::describeClusters);
        operations.put("ListServices", this::listServices);
        operations.put("DescribeServices", this::describeServices);
        operations.put("UpdateService", this::updateService);
        operations.put("ListTasks", this::listTasks);
        operations.put("DescribeTasks", this::describeTasks);
        operations.put("StopTask", this::stopTask);
        operations.put("ListContainerInstances", this::listContainerInstances);
        operations.put("DescribeContainerInstances", this::describeContainerInstances);
        operations.put("UpdateTaskProtection", this::updateTaskProtection);
        operations.put("GetTaskProtection", this::getTaskProtection);
        operations.put("DescribeTaskDefinition", this::describeTaskDefinition);
        operations.put("TagResource", this::tagResource);
        operations.put("UntagResource", this::untagResource);
        operations.put("ListTagsForResource", this::listTagsForResource);
    }

    /** Returns the names of the supported operations. */
    Set<String> supportedOperations() {
        return operations.keySet();
    }

    /** Runs the operation under the control plane's lock and returns its response body. */
    ObjectNode invoke(String operation, RequestReader request) {
        Function<RequestReader, ObjectNode> handler = operations.get(operation);
        if (handler == null) {
            throw EcsApiException.unsupportedOperation(operation, String.join(", ", operations.keySet()));
        }
        return controlPlane.execute(() -> handler.apply(request));
    }

    private ObjectNode describeClusters(RequestReader request) {
        List<String> references = request.strings("clusters");
        if (references == null || references.isEmpty()) {
            references = List.of(ControlPlane.DEFAULT_CLUSTER);
        }
        if (references.size() > MAX_DESCRIBE_CLUSTERS) {
            throw EcsApiException.tooManyItems("clusters", MAX_DESCRIBE_CLUSTERS);
        }
        boolean includeTags = includesTags(request);
        return describeEach("clusters", references, controlPlane::findCluster,
                reference -> arnOf("cluster/", reference), cluster -> rendering.cluster(cluster, includeTags));
    }

    private ObjectNode listServices(RequestReader request) {
        Cluster cluster = controlPlane.cluster(request.string("cluster"));
        String schedulingStrategy = request.string("schedulingStrategy");
        String launchType = request.string("launchType");
        List<String> arns = new ArrayList<>();
        for (Service service : cluster.services()) {
            boolean daemon = "DAEMON".equals(schedulingStrategy);
            if (schedulingStrategy != null && service.daemon() != daemon) {
                continue;
            }
            if (launchType != null && !launchType.equals("EC2")) {
                continue;
            }
            arns.add(service.arn());
        }
        Pagination.Page page = Pagination.page("ListServices", arns, request.string("nextToken"),
                request.maxResults(10));
        return listResponse("serviceArns", page);
    }

    private ObjectNode describeServices(RequestReader request) {
        Cluster cluster = controlPlane.cluster(request.string("cluster"));
        List<String> references = request.requiredStrings("services", MAX_DESCRIBE_SERVICES, "service names");
        boolean includeTags = includesTags(request);
        return describeEach("services", references, reference -> cluster.service(lastSegment(reference)),
                reference -> arnOf("service/" + cluster.name() + "/", reference),
                service -> rendering.service(service, includeTags));
    }

    private ObjectNode updateService(RequestReader request) {
        Cluster cluster = controlPlane.cluster(request.string("cluster"));
        Service service = controlPlane.service(cluster, request.requiredString("service"));

        for (String member : request.memberNames()) {
            if (!MODELED_UPDATE_SERVICE_MEMBERS.contains(member) && !IGNORED_UPDATE_SERVICE_MEMBERS.contains(member)) {
                throw EcsApiException.invalidParameter("The ECS emulator does not support the UpdateService parameter "
                        + member + "; it models desiredCount, availabilityZoneRebalancing, placementStrategy, "
                        + "placementConstraints, deploymentConfiguration, taskDefinition and forceNewDeployment.");
            }
        }
        String taskDefinition = request.string("taskDefinition");
        if (taskDefinition != null && taskDefinition.isBlank()) {
            throw EcsApiException.invalidParameter("Task Definition can not be blank.");
        }
        boolean forceNewDeployment = Boolean.TRUE.equals(request.bool("forceNewDeployment"));
        Integer desiredCount = request.integer("desiredCount");
        if (desiredCount != null && service.daemon()) {
            throw EcsApiException.invalidParameter(
                    "The daemon scheduling strategy does not support a desired count for services.");
        }

        Boolean rebalancing = null;
        String rebalancingValue = request.string("availabilityZoneRebalancing");
        if (rebalancingValue != null) {
            if (!rebalancingValue.equals("ENABLED") && !rebalancingValue.equals("DISABLED")) {
                throw EcsApiException.invalidParameter(
                        "availabilityZoneRebalancing must be ENABLED or DISABLED, got " + rebalancingValue + ".");
            }
            rebalancing = rebalancingValue.equals("ENABLED");
        }

        Integer minimumHealthyPercent = null;
        Integer maximumPercent = null;
        RequestReader deploymentConfiguration = request.object("deploymentConfiguration");
        if (deploymentConfiguration != null) {
            minimumHealthyPercent = deploymentConfiguration.integer("minimumHealthyPercent");
            maximumPercent = deploymentConfiguration.integer("maximumPercent");
        }

        // ECS allows at most 5 placement strategies and 10 placement constraints per service.
        List<PlacementStrategy> strategies = parseList(request, "placementStrategy", 5,
                item -> new PlacementStrategy(item.requiredString("type"), item.string("field")));
        List<PlacementConstraint> constraints = parseList(request, "placementConstraints", 10,
                item -> new PlacementConstraint(item.requiredString("type"), item.string("expression")));
        ServiceUpdate update = new ServiceUpdate(desiredCount, rebalancing, strategies, constraints,
                minimumHealthyPercent, maximumPercent, taskDefinition, forceNewDeployment);
        controlPlane.updateService(service, update);

        ObjectNode response = mapper.createObjectNode();
        response.set("service", rendering.service(service, false));
        return response;
    }

    private ObjectNode listTasks(RequestReader request) {
        Cluster cluster = controlPlane.cluster(request.string("cluster"));
        String serviceName = request.string("serviceName");
        Service service = serviceName == null ? null : controlPlane.service(cluster, serviceName);
        ContainerInstance instance = null;
        if (request.has("containerInstance")) {
            instance = controlPlane.findContainerInstance(cluster, request.string("containerInstance"));
            if (instance == null) {
                throw EcsApiException.invalidParameter("The specified container instance does not exist in the cluster.");
            }
        }
        String desiredStatusValue = request.string("desiredStatus");
        TaskStatus desiredStatus = TaskStatus.RUNNING;
        if (desiredStatusValue != null) {
            if (!Set.of("RUNNING", "PENDING", "STOPPED").contains(desiredStatusValue)) {
                throw EcsApiException.invalidParameter(
                        "desiredStatus must be RUNNING, PENDING or STOPPED, got " + desiredStatusValue + ".");
            }
            desiredStatus = TaskStatus.valueOf(desiredStatusValue);
        }
        String family = request.string("family");
        String startedBy = request.string("startedBy");
        String launchType = request.string("launchType");

        List<String> arns = new ArrayList<>();
        for (Task task : cluster.tasks()) {
            if (task.desiredStatus() != desiredStatus
                    || service != null && task.service() != service
                    || instance != null && task.containerInstance() != instance
                    || family != null && !family.equals(task.taskDefinition().family())
                    || startedBy != null && !startedBy.equals(task.deployment().id())
                    || launchType != null && !launchType.equals("EC2")) {
                continue;
            }
            arns.add(task.arn());
        }
        Pagination.Page page = Pagination.page("ListTasks", arns, request.string("nextToken"), request.maxResults(100));
        return listResponse("taskArns", page);
    }

    private ObjectNode describeTasks(RequestReader request) {
        Cluster cluster = controlPlane.cluster(request.string("cluster"));
        List<String> references = request.requiredStrings("tasks", MAX_DESCRIBE_TASKS, "taskIds");
        boolean includeTags = includesTags(request);
        return describeEach("tasks", references, reference -> controlPlane.findTask(cluster, reference),
                reference -> taskArn(cluster, reference), task -> rendering.task(task, includeTags));
    }

    private ObjectNode stopTask(RequestReader request) {
        Cluster cluster = controlPlane.cluster(request.string("cluster"));
        Task task = controlPlane.findTask(cluster, request.requiredString("task"));
        if (task == null) {
            throw EcsApiException.invalidParameter("The referenced task was not found.");
        }
        String reason = request.string("reason");
        if (reason != null && reason.length() > 255) {
            throw EcsApiException.invalidParameter("reason can be at most 255 characters, got " + reason.length() + ".");
        }
        controlPlane.stopTask(task, reason != null ? reason : "Task stopped by user", "UserInitiated");
        ObjectNode response = mapper.createObjectNode();
        response.set("task", rendering.task(task, false));
        return response;
    }

    private ObjectNode listContainerInstances(RequestReader request) {
        Cluster cluster = controlPlane.cluster(request.string("cluster"));
        String status = request.string("status");
        if (status != null && !Set.of("ACTIVE", "DRAINING", "REGISTERING", "DEREGISTERING", "REGISTRATION_FAILED")
                .contains(status)) {
            throw EcsApiException.invalidParameter("status must be ACTIVE, DRAINING, REGISTERING, DEREGISTERING "
                    + "or REGISTRATION_FAILED, got " + status + ".");
        }
        String filter = request.string("filter");
        ClusterQuery query = filter == null ? null : ClusterQuery.parse(filter);

        List<String> arns = new ArrayList<>();
        for (ContainerInstance instance : cluster.containerInstances()) {
            // Without a status filter ECS lists every container instance that is not INACTIVE.
            boolean statusMatches = status == null
                    ? instance.status() != ContainerInstanceStatus.INACTIVE
                    : instance.status().name().equals(status);
            if (statusMatches && (query == null || query.matches(instance.attributes()))) {
                arns.add(instance.arn());
            }
        }
        Pagination.Page page = Pagination.page("ListContainerInstances", arns, request.string("nextToken"),
                request.maxResults(100));
        return listResponse("containerInstanceArns", page);
    }

    private ObjectNode describeContainerInstances(RequestReader request) {
        Cluster cluster = controlPlane.cluster(request.string("cluster"));
        List<String> references = request.requiredStrings("containerInstances", MAX_DESCRIBE_CONTAINER_INSTANCES,
                "instanceIds");
        boolean includeTags = includesTags(request);
        return describeEach("containerInstances", references,
                reference -> controlPlane.findContainerInstance(cluster, reference),
                reference -> arnOf("container-instance/" + cluster.name() + "/", reference),
                instance -> rendering.containerInstance(instance, includeTags));
    }

    private ObjectNode updateTaskProtection(RequestReader request) {
        Cluster cluster = controlPlane.cluster(request.requiredString("cluster"));
        List<String> references = request.requiredStrings("tasks", MAX_UPDATE_TASK_PROTECTION, "taskIds");
        Boolean enabled = request.bool("protectionEnabled");
        if (enabled == null) {
            throw EcsApiException.invalidParameter("protectionEnabled is required.");
        }
        Integer expiresInMinutes = request.integer("expiresInMinutes");
        if (expiresInMinutes != null && (expiresInMinutes < 1 || expiresInMinutes > 2880)) {
            throw EcsApiException.invalidParameter(
                    "expiresInMinutes must be between 1 and 2880, got " + expiresInMinutes + ".");
        }
        // ECS protects a task for 2 hours unless the request sets expiresInMinutes.
        int minutes = expiresInMinutes != null ? expiresInMinutes : 120;

        ObjectNode response = mapper.createObjectNode();
        ArrayNode protectedTasks = response.putArray("protectedTasks");
        ArrayNode failures = response.putArray("failures");
        for (String reference : references) {
            Task task = controlPlane.findTask(cluster, reference);
            if (task == null) {
                failures.add(rendering.failure(taskArn(cluster, reference), "MISSING", null));
                continue;
            }
            if (task.lastStatus() == TaskStatus.STOPPED || task.desiredStatus() == TaskStatus.STOPPED) {
                failures.add(rendering.failure(task.arn(), "TASK_NOT_VALID",
                        "The task is stopping or stopped, so its protection cannot change."));
                continue;
            }
            controlPlane.setTaskProtection(task, enabled, minutes);
            protectedTasks.add(protection(task));
        }
        return response;
    }

    private ObjectNode getTaskProtection(RequestReader request) {
        Cluster cluster = controlPlane.cluster(request.requiredString("cluster"));
        List<String> references = request.requiredStrings("tasks", MAX_GET_TASK_PROTECTION, "taskIds");
        return describeEach("protectedTasks", references, reference -> controlPlane.findTask(cluster, reference),
                reference -> taskArn(cluster, reference), this::protection);
    }

    private ObjectNode describeTaskDefinition(RequestReader request) {
        TaskDefinition definition = controlPlane.findTaskDefinition(request.requiredString("taskDefinition"));
        if (definition == null) {
            throw EcsApiException.client("Unable to describe task definition.");
        }
        ObjectNode response = mapper.createObjectNode();
        response.set("taskDefinition", rendering.taskDefinition(definition));
        if (includesTags(request)) {
            rendering.tags(response, definition.tags());
        }
        return response;
    }

    private ObjectNode tagResource(RequestReader request) {
        Map<String, String> tags = tagsOf(request.requiredString("resourceArn"));
        List<RequestReader> newTags = request.objects("tags");
        if (newTags == null || newTags.isEmpty()) {
            throw EcsApiException.invalidParameter("tags can not be empty.");
        }
        Map<String, String> merged = new LinkedHashMap<>(tags);
        for (RequestReader tag : newTags) {
            String key = tag.requiredString("key");
            if (key.length() > 128 || key.toLowerCase(Locale.ROOT).startsWith("aws:")) {
                throw EcsApiException.invalidParameter("Tag key '" + key
                        + "' is invalid: keys are at most 128 characters and cannot start with aws:.");
            }
            String value = tag.string("value");
            merged.put(key, value == null ? "" : value);
        }
        if (merged.size() > MAX_TAGS) {
            throw EcsApiException.invalidParameter("A resource can have at most " + MAX_TAGS + " tags, got "
                    + merged.size() + ".");
        }
        tags.clear();
        tags.putAll(merged);
        return mapper.createObjectNode();
    }

    private ObjectNode untagResource(RequestReader request) {
        Map<String, String> tags = tagsOf(request.requiredString("resourceArn"));
        List<String> keys = request.strings("tagKeys");
        if (keys == null || keys.isEmpty()) {
            throw EcsApiException.invalidParameter("tagKeys can not be empty.");
        }
        keys.forEach(tags::remove);
        return mapper.createObjectNode();
    }

    private ObjectNode listTagsForResource(RequestReader request) {
        Map<String, String> tags = tagsOf(request.requiredString("resourceArn"));
        ObjectNode response = mapper.createObjectNode();
        rendering.tags(response, tags);
        return response;
    }

    /** Returns the live tag map of the resource an ARN names. */
    private Map<String, String> tagsOf(String resourceArn) {
        // arn:aws:ecs:REGION:ACCOUNT:TYPE/...
        String[] parts = resourceArn.split(":", 6);
        if (parts.length < 6 || !parts[0].equals("arn") || !parts[2].equals("ecs")) {
            throw EcsApiException.invalidParameter("resourceArn must be an ECS ARN, got " + resourceArn + ".");
        }
        String[] path = parts[5].split("/");
        String type = path[0];

        if (type.equals("task-definition")) {
            TaskDefinition definition = controlPlane.findTaskDefinition(resourceArn);
            if (definition == null || !definition.arn().equals(resourceArn)) {
                throw resourceNotFound(resourceArn);
            }
            return definition.tags();
        }

        if (path.length < 2) {
            throw EcsApiException.invalidParameter("resourceArn has no resource name: " + resourceArn + ".");
        }
        Cluster cluster = controlPlane.findCluster(path[1]);
        if (cluster == null) {
            throw EcsApiException.clusterNotFound();
        }

        Map<String, String> tags = switch (type) {
            case "cluster" -> cluster.tags();
            case "service" -> path.length == 3 && cluster.service(path[2]) != null ? cluster.service(path[2]).tags() : null;
            case "task" -> path.length == 3 && cluster.task(path[2]) != null ? cluster.task(path[2]).tags() : null;
            case "container-instance" -> path.length == 3 && cluster.containerInstance(path[2]) != null
                    ? cluster.containerInstance(path[2]).tags() : null;
            default -> throw EcsApiException.invalidParameter("The ECS emulator cannot tag resources of type " + type
                    + "; it tags clusters, services, tasks, container instances and task definitions.");
        };
        if (tags == null) {
            throw resourceNotFound(resourceArn);
        }
        return tags;
    }

    private ObjectNode protection(Task task) {
        ObjectNode node = mapper.createObjectNode();
        node.put("taskArn", task.arn());
        boolean isProtected = task.isProtected(controlPlane.now());
        node.put("protectionEnabled", isProtected);
        if (isProtected) {
            node.put("expirationDate", JsonRendering.timestamp(task.protectionExpiresAt()));
        }
        return node;
    }

    /**
     * Returns the objects of a list member built by {@code build}, or {@code null} when the member
     * is absent. A list over {@code maximum} items, or an item {@code build} rejects, is an
     * InvalidParameterException.
     */
    private static <T> List<T> parseList(RequestReader request, String member, int maximum,
            Function<RequestReader, T> build) {
        List<RequestReader> items = request.objects(member);
        if (items == null) {
            return null;
        }
        if (items.size() > maximum) {
            throw EcsApiException.tooManyItems(member, maximum);
        }
        List<T> values = new ArrayList<>();
        for (RequestReader item : items) {
            try {
                values.add(build.apply(item));
            } catch (IllegalArgumentException e) {
                throw EcsApiException.invalidParameter(e.getMessage() + ".");
            }
        }
        return values;
    }

    private ObjectNode listResponse(String member, Pagination.Page page) {
        ObjectNode response = mapper.createObjectNode();
        ArrayNode array = response.putArray(member);
        page.items().forEach(array::add);
        if (page.nextToken() != null) {
            response.put("nextToken", page.nextToken());
        }
        return response;
    }

    private static boolean includesTags(RequestReader request) {
        List<String> include = request.strings("include");
        return include != null && include.contains("TAGS");
    }

    private EcsApiException resourceNotFound(String resourceArn) {
        return EcsApiException.resourceNotFound("The specified resource was not found: " + resourceArn + ".");
    }

    /**
     * Looks up each reference and returns {@code {member: [...], failures: [...]}}, with a
     * {@code MISSING} failure for each reference not found, as the ECS describe operations do.
     */
    private <T> ObjectNode describeEach(String member, List<String> references, Function<String, T> find,
            Function<String, String> arnOfMissing, Function<T, ObjectNode> render) {
        ObjectNode response = mapper.createObjectNode();
        ArrayNode found = response.putArray(member);
        ArrayNode failures = response.putArray("failures");
        for (String reference : references) {
            T resource = find.apply(reference);
            if (resource == null) {
                failures.add(rendering.failure(arnOfMissing.apply(reference), "MISSING", null));
            } else {
                found.add(render.apply(resource));
            }
        }
        return response;
    }

    private String taskArn(Cluster cluster, String reference) {
        return arnOf("task/" + cluster.name() + "/", reference);
    }

    /** Returns the reference when it is an ARN, or else the ARN of the resource path plus the reference. */
    private String arnOf(String resourcePath, String reference) {
        if (reference.startsWith("arn:")) {
            return reference;
        }
        return "arn:aws:ecs:" + controlPlane.settings().region() + ":" + controlPlane.settings().accountId() + ":"
                + resourcePath + reference;
    }

    private static String lastSegment(String reference) {
        int slash = reference.lastIndexOf('/');
        return reference.startsWith("arn:") && slash >= 0 ? reference.substring(slash + 1) : reference;
    }
}
