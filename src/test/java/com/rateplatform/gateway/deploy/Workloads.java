package com.rateplatform.gateway.deploy;

import static com.rateplatform.gateway.deploy.YamlTree.at;
import static com.rateplatform.gateway.deploy.YamlTree.list;
import static com.rateplatform.gateway.deploy.YamlTree.map;
import static com.rateplatform.gateway.deploy.YamlTree.text;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@link Workload}s of a compose file, of Kubernetes manifests and of a systemd unit. */
final class Workloads {

    static final String CONFIG_MAP = "ConfigMap";
    private static final Pattern LOCAL_URL = Pattern.compile("https?://(?:localhost|127\\.0\\.0\\.1):(\\d+)(/[^\\s\"']*)");
    private static final Pattern DURATION = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m(?!s))?(?:(\\d+)s)?");
    /** What Docker, Kubernetes and systemd give a process to stop when a file says nothing. */
    private static final long COMPOSE_DEFAULT_STOP_SECONDS = 10;
    private static final long KUBERNETES_DEFAULT_GRACE_SECONDS = 30;
    private static final long SYSTEMD_DEFAULT_STOP_SECONDS = 90;

    private final ApplicationVariables variables;

    Workloads(ApplicationVariables variables) {
        this.variables = variables;
    }

    // ---- docker compose ----

    /** One workload per service; the application's are those built from docker/Dockerfile or named rate-gateway. */
    List<Workload> compose(String file, Map<String, Object> compose) {
        List<Workload> workloads = new ArrayList<>();
        at(compose, "services").forEach((name, node) -> {
            Map<String, Object> service = map(node);
            String where = file + " service " + name;
            boolean application = String.valueOf(at(service, "build").get("dockerfile")).endsWith("docker/Dockerfile")
                    || String.valueOf(service.get("image")).startsWith("rate-gateway:");
            Map<String, EnvSetting> environment = new LinkedHashMap<>();
            Object env = service.get("environment");
            if (env instanceof List<?> assignments) {
                for (Object assignment : assignments) {
                    String[] parts = String.valueOf(assignment).split("=", 2);
                    environment.put(parts[0], EnvSetting.literal(where, parts[0], parts.length > 1 ? parts[1] : "", application));
                }
            } else {
                map(env).forEach((key, value) -> environment.put(key, EnvSetting.literal(where, key, text(value), application)));
            }
            List<HealthProbe> probes = new ArrayList<>();
            if (application) {
                Object test = at(service, "healthcheck").get("test");
                Matcher url = LOCAL_URL.matcher(test instanceof List<?> words
                        ? String.join(" ", words.stream().map(String::valueOf).toList()) : String.valueOf(test));
                while (url.find()) {
                    probes.add(probe(where, url.group(2), Integer.parseInt(url.group(1)), environment));
                }
            }
            Object grace = service.get("stop_grace_period");
            workloads.add(new Workload(where, application, environment, probes,
                    grace == null ? COMPOSE_DEFAULT_STOP_SECONDS : seconds(text(grace))));
        });
        return workloads;
    }

    // ---- Kubernetes ----

    /**
     * One workload per container of each Deployment or StatefulSet. {@code secretKeys} are the keys of the generated
     * Secret (an {@code envFrom: secretRef} sets them all, by reference).
     */
    List<Workload> kubernetes(String folder, List<Map<String, Object>> objects, Map<String, String> secretKeys) {
        List<Workload> workloads = new ArrayList<>();
        for (Map<String, Object> object : objects) {
            String kind = text(object.get("kind"));
            if (!"Deployment".equals(kind) && !"StatefulSet".equals(kind)) {
                continue;
            }
            Map<String, Object> pod = at(object, "spec", "template", "spec");
            Object grace = pod.get("terminationGracePeriodSeconds");
            for (Object node : list(pod.get("containers"))) {
                Map<String, Object> container = map(node);
                String where = folder + " " + kind + " " + at(object, "metadata").get("name") + " container " + container.get("name");
                Map<String, EnvSetting> environment = containerEnvironment(where, container, objects, secretKeys);
                List<HealthProbe> probes = new ArrayList<>();
                for (String probeKind : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                    Map<String, Object> get = at(container, probeKind, "httpGet");
                    if (!get.isEmpty()) {
                        probes.add(probe(where + " " + probeKind, text(get.get("path")), containerPort(container, get.get("port")), environment));
                    }
                }
                workloads.add(new Workload(where, true, environment, probes,
                        grace == null ? KUBERNETES_DEFAULT_GRACE_SECONDS : Long.parseLong(text(grace))));
            }
        }
        return workloads;
    }

    private static Map<String, EnvSetting> containerEnvironment(String where, Map<String, Object> container,
                                                               List<Map<String, Object>> objects, Map<String, String> secretKeys) {
        Map<String, EnvSetting> environment = new LinkedHashMap<>();
        // envFrom first: a name in env wins over the same name from envFrom, as in Kubernetes.
        for (Object node : list(container.get("envFrom"))) {
            Map<String, Object> source = map(node);
            String configMap = text(at(source, "configMapRef").get("name"));
            if (configMap != null) {
                configMapData(objects, configMap).forEach((key, value) ->
                        environment.put(key, EnvSetting.literal(where + " (ConfigMap " + configMap + ")", key, value, true)));
            }
            if (!at(source, "secretRef").isEmpty()) {
                secretKeys.keySet().forEach(key -> environment.put(key, EnvSetting.referenced(where, key, true)));
            }
        }
        for (Object node : list(container.get("env"))) {
            Map<String, Object> variable = map(node);
            String name = text(variable.get("name"));
            Map<String, Object> from = at(variable, "valueFrom");
            if (from.isEmpty()) {
                environment.put(name, EnvSetting.literal(where, name, text(variable.get("value")), true));
            } else if (!at(from, "configMapKeyRef").isEmpty()) {
                Map<String, Object> ref = at(from, "configMapKeyRef");
                environment.put(name, EnvSetting.literal(where, name,
                        configMapData(objects, text(ref.get("name"))).get(text(ref.get("key"))), true));
            } else {
                environment.put(name, EnvSetting.referenced(where, name, true));
            }
        }
        return environment;
    }

    /** The data of a ConfigMap among the manifests (an {@link IllegalArgumentException} when there is none). */
    static Map<String, String> configMapData(List<Map<String, Object>> objects, String name) {
        for (Map<String, Object> object : objects) {
            if (CONFIG_MAP.equals(object.get("kind")) && name.equals(at(object, "metadata").get("name"))) {
                Map<String, String> data = new LinkedHashMap<>();
                at(object, "data").forEach((key, value) -> data.put(key, text(value)));
                return data;
            }
        }
        throw new IllegalArgumentException("No ConfigMap " + name + " among the manifests");
    }

    private static int containerPort(Map<String, Object> container, Object port) {
        if (port instanceof Integer number) {
            return number;
        }
        for (Object node : list(container.get("ports"))) {
            Map<String, Object> declared = map(node);
            if (String.valueOf(port).equals(declared.get("name"))) {
                return (Integer) declared.get("containerPort");
            }
        }
        throw new IllegalArgumentException("Container " + container.get("name") + " has no port named " + port);
    }

    // ---- systemd ----

    /**
     * One workload per instance of a template unit ({@code name@.service}): the instances are the example files its
     * {@code EnvironmentFile=/…/%i.env} stands for. {@code exampleFiles} maps an example file's name
     * ({@code common.env.example}) to its settings.
     */
    List<Workload> systemd(String file, SystemdUnit unit, Map<String, Map<String, String>> exampleFiles) {
        List<String> fixed = new ArrayList<>();
        String perInstance = null;
        for (String path : unit.all("Service", "EnvironmentFile")) {
            String name = path.replaceFirst("^-", "").replaceFirst(".*/", "");
            if (name.contains("%i")) {
                perInstance = name;
            } else {
                fixed.add(name);
            }
        }
        List<String> instances = new ArrayList<>();
        if (perInstance != null) {
            Pattern instanceFile = Pattern.compile(Pattern.quote(perInstance).replace("%i", "\\E(.+)\\Q") + "\\.example");
            for (String example : exampleFiles.keySet()) {
                Matcher matcher = instanceFile.matcher(example);
                if (matcher.matches() && !fixed.contains(example.replaceFirst("\\.example$", ""))) {
                    instances.add(matcher.group(1));
                }
            }
        } else {
            instances.add("");
        }
        long stopSeconds = unit.get("Service", "TimeoutStopSec") == null ? SYSTEMD_DEFAULT_STOP_SECONDS
                : seconds(unit.get("Service", "TimeoutStopSec"));
        List<Workload> workloads = new ArrayList<>();
        for (String instance : instances) {
            String where = file + (instance.isEmpty() ? "" : " instance " + instance);
            Map<String, EnvSetting> environment = new LinkedHashMap<>();
            List<String> files = new ArrayList<>(fixed.stream().map(name -> name + ".example").toList());
            if (perInstance != null) {
                files.add(perInstance.replace("%i", instance) + ".example");
            }
            for (String example : files) {
                Map<String, String> settings = exampleFiles.get(example);
                if (settings == null) {
                    throw new IllegalArgumentException(file + ": no " + example + " beside it for its EnvironmentFile");
                }
                settings.forEach((key, value) -> environment.put(key, EnvSetting.literal(where + " (" + example + ")", key, value, true)));
            }
            unit.environment().forEach((key, value) -> environment.put(key, EnvSetting.literal(where, key, value, true)));
            workloads.add(new Workload(where, true, environment, List.of(), stopSeconds));
        }
        return workloads;
    }

    // ---- shared ----

    private HealthProbe probe(String where, String path, int port, Map<String, EnvSetting> environment) {
        int httpPort = port(environment, "HTTP_PORT", Integer.parseInt(variables.defaultOf("HTTP_PORT").orElseThrow()));
        int managementPort = port(environment, "MANAGEMENT_PORT", httpPort);
        return HealthProbe.of(where, path, port, httpPort, managementPort);
    }

    private static int port(Map<String, EnvSetting> environment, String name, int otherwise) {
        EnvSetting setting = environment.get(name);
        return setting == null || setting.literal() == null || setting.literal().isEmpty() ? otherwise : Integer.parseInt(setting.literal());
    }

    /** Seconds of a duration as compose and systemd write it: "45", "45s", "1m30s", "2m". */
    static long seconds(String duration) {
        if (duration.matches("\\d+")) {
            return Long.parseLong(duration);
        }
        Matcher parts = DURATION.matcher(duration.replace(" ", ""));
        if (!parts.matches()) {
            throw new IllegalArgumentException("Not a duration: " + duration);
        }
        return 3600 * number(parts.group(1)) + 60 * number(parts.group(2)) + number(parts.group(3));
    }

    private static long number(String digits) {
        return digits == null ? 0 : Long.parseLong(digits);
    }
}
