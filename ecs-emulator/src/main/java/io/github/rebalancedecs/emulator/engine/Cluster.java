package io.github.rebalancedecs.emulator.engine;

import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A cluster with its container instances, services and tasks. Guarded by the control plane's lock. */
public final class Cluster {

    private final String name;
    private final String arn;
    private final Instant createdAt;
    private final Map<String, String> tags = new LinkedHashMap<>();
    private final Map<String, ContainerInstance> containerInstances = new LinkedHashMap<>();
    private final Map<String, Service> services = new LinkedHashMap<>();
    private final Map<String, Task> tasks = new LinkedHashMap<>();

    Cluster(String name, String arn, Instant createdAt) {
        this.name = name;
        this.arn = arn;
        this.createdAt = createdAt;
    }

    public String name() {
        return name;
    }

    public String arn() {
        return arn;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Map<String, String> tags() {
        return tags;
    }

    /** Returns the container instances by ID, in registration order. */
    public Collection<ContainerInstance> containerInstances() {
        return Collections.unmodifiableCollection(containerInstances.values());
    }

    public ContainerInstance containerInstance(String id) {
        return containerInstances.get(id);
    }

    /** Returns the services in creation order. */
    public Collection<Service> services() {
        return Collections.unmodifiableCollection(services.values());
    }

    public Service service(String name) {
        return services.get(name);
    }

    /** Returns the tasks in creation order, STOPPED ones included until their retention ends. */
    public Collection<Task> tasks() {
        return Collections.unmodifiableCollection(tasks.values());
    }

    public Task task(String id) {
        return tasks.get(id);
    }

    void add(ContainerInstance containerInstance) {
        containerInstances.put(containerInstance.id(), containerInstance);
    }

    void add(Service service) {
        services.put(service.name(), service);
    }

    void add(Task task) {
        tasks.put(task.id(), task);
    }

    void remove(Task task) {
        tasks.remove(task.id());
    }
}
