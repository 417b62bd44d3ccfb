package com.rateplatform.gateway.deploy;

import static com.rateplatform.gateway.deploy.YamlTree.at;
import static com.rateplatform.gateway.deploy.YamlTree.list;
import static com.rateplatform.gateway.deploy.YamlTree.map;
import static com.rateplatform.gateway.deploy.YamlTree.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.support.RunningGateway;
import com.rateplatform.gateway.support.TestServers;

/**
 * The deployment files (docker/, deploy/kubernetes/, deploy/systemd/, the CI workflow) are parsed and checked against
 * the application: every variable they set is one it reads, every secret is referenced and never written in, every
 * health probe gets 200 from a running gateway, every instance may stop gracefully. No Docker or Kubernetes here:
 * parsing is the check. The last tests feed deliberately wrong files to the same checks.
 */
class DeploymentFilesTest {

    private static final Pattern COMPOSE_VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9_]+)");
    private static final Pattern HAPROXY_VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");

    private final DeploymentFiles files = DeploymentFiles.repository();
    private ApplicationVariables variables;
    private Workloads workloads;

    @BeforeEach
    void readApplicationProperties() throws IOException {
        variables = files.applicationVariables();
        workloads = new Workloads(variables);
    }

    private List<Workload> composeWorkloads() {
        return workloads.compose(DeploymentFiles.COMPOSE, files.compose());
    }

    private List<Workload> kubernetesWorkloads() {
        return workloads.kubernetes(DeploymentFiles.KUBERNETES, files.kubernetesObjects(), files.kubernetesSecretKeys());
    }

    private List<Workload> systemdWorkloads() {
        List<Workload> all = new ArrayList<>();
        files.systemdUnits().forEach((file, unit) -> all.addAll(workloads.systemd(file, unit, files.systemdExampleFiles())));
        return all;
    }

    private List<Workload> allWorkloads() {
        List<Workload> all = new ArrayList<>(composeWorkloads());
        all.addAll(kubernetesWorkloads());
        all.addAll(systemdWorkloads());
        return all;
    }

    private static List<EnvSetting> settings(List<Workload> workloads) {
        return workloads.stream().flatMap(w -> w.environment().values().stream()).toList();
    }

    // ---- the repository's files ----

    @Test
    void everyVariableTheFilesSetForTheApplicationIsOneItReads() {
        List<Workload> all = allWorkloads();

        assertThat(all.stream().filter(Workload::application).map(Workload::where))
                .as("compose: 2 gateways + 2 workers; Kubernetes: gateway + worker; systemd: gateway + worker").hasSize(8);
        assertThat(DeploymentChecks.unknownVariables(settings(all), variables)).isEmpty();
    }

    @Test
    void noSecretIsWrittenIntoADeploymentFile() {
        List<EnvSetting> settings = new ArrayList<>(settings(allWorkloads()));
        // Templates and the rest: every ConfigMap, the example files, the CI workflow's environment.
        for (Map<String, Object> object : files.kubernetesObjects()) {
            if (Workloads.CONFIG_MAP.equals(object.get("kind"))) {
                String where = DeploymentFiles.KUBERNETES + " ConfigMap " + at(object, "metadata").get("name");
                at(object, "data").forEach((key, value) -> settings.add(EnvSetting.literal(where, key, text(value), false)));
            }
        }
        templateSettings(DeploymentFiles.COMPOSE_ENV_EXAMPLE, settings);
        templateSettings(DeploymentFiles.KUBERNETES_SECRETS_EXAMPLE, settings);
        Map<String, Object> job = at(files.workflow(), "jobs", "test");
        at(job, "env").forEach((key, value) -> settings.add(EnvSetting.literal(DeploymentFiles.WORKFLOW, key, text(value), false)));
        at(job, "services").forEach((name, service) -> at(map(service), "env").forEach((key, value) ->
                settings.add(EnvSetting.literal(DeploymentFiles.WORKFLOW + " service " + name, key, text(value), false))));

        assertThat(settings).hasSizeGreaterThan(50);
        assertThat(DeploymentChecks.inlinedSecrets(settings)).isEmpty();
        assertThat(files.kubernetesObjects().stream().filter(o -> "Secret".equals(o.get("kind")))
                .filter(o -> o.containsKey("data") || o.containsKey("stringData")).map(o -> at(o, "metadata").get("name")))
                .as("Secrets with values among the manifests (they come from secrets.env, which is not committed)").isEmpty();
    }

    private void templateSettings(String file, List<EnvSetting> settings) {
        EnvFile.parse(files.read(file)).forEach((key, value) -> settings.add(EnvSetting.literal(file, key, value, false)));
    }

    @Test
    void everySecretAFileReferencesIsListedInTheExampleFileOperatorsFillIn() {
        Set<String> composeReferences = new LinkedHashSet<>();
        Matcher reference = COMPOSE_VARIABLE.matcher(files.read(DeploymentFiles.COMPOSE).replaceAll("(?m)#.*$", ""));
        while (reference.find()) {
            composeReferences.add(reference.group(1));
        }
        Set<String> kubernetesReferences = new LinkedHashSet<>();
        for (Map<String, Object> object : files.kubernetesObjects()) {
            collectSecretKeys(object, kubernetesReferences);
        }

        assertThat(composeReferences).contains("DB_PASSWORD", "REDIS_GATEWAY_PASSWORD", "REDIS_VALIDATOR_PASSWORD", "WEBHOOK_SECRET");
        assertThat(EnvFile.parse(files.read(DeploymentFiles.COMPOSE_ENV_EXAMPLE)).keySet()).containsAll(composeReferences);
        assertThat(kubernetesReferences).contains("DB_PASSWORD", "GATEWAY_REDIS_URL", "WORKER_REDIS_URL", "WEBHOOK_SECRET");
        assertThat(files.kubernetesSecretKeys().keySet()).containsAll(kubernetesReferences);
        assertThat(list(files.kustomization().get("secretGenerator")).stream().map(g -> list(map(g).get("envs"))))
                .containsExactly(List.of("secrets.env"));
    }

    /** The keys of secretKeyRef (Deployments) and secretTargetRef (KEDA) anywhere in an object. */
    private static void collectSecretKeys(Object node, Set<String> keys) {
        if (node instanceof Map<?, ?> m) {
            if (m.get("secretKeyRef") instanceof Map<?, ?> ref) {
                keys.add(String.valueOf(ref.get("key")));
            }
            if (m.get("secretTargetRef") instanceof List<?> refs) {
                refs.forEach(ref -> keys.add(String.valueOf(map(ref).get("key"))));
            }
            m.values().forEach(value -> collectSecretKeys(value, keys));
        } else if (node instanceof List<?> l) {
            l.forEach(value -> collectSecretKeys(value, keys));
        }
    }

    @Test
    void everyProbeAndHealthcheckPathGets200FromARunningGateway() throws Exception {
        List<HealthProbe> probes = new ArrayList<>();
        allWorkloads().forEach(w -> probes.addAll(w.probes()));
        Path haproxy = files.path("config/haproxy/haproxy.cfg");
        if (Files.exists(haproxy)) {
            Matcher check = Pattern.compile("http-check send .*\\buri (\\S+)").matcher(Files.readString(haproxy));
            while (check.find()) {
                // compose and a VM give the gateways one listener: HAProxy's checks reach the management paths.
                probes.add(new HealthProbe("config/haproxy/haproxy.cfg http-check", check.group(1), true));
            }
        }
        assertThat(probes).as("compose healthchecks, Kubernetes startup/liveness/readiness probes").hasSizeGreaterThanOrEqualTo(10);

        // API and management on listeners of their own, so a probe aimed at the wrong one fails as it would in production.
        int managementPort = freePort();
        List<String> failures = new ArrayList<>();
        try (RunningGateway gateway = RunningGateway.start(TestServers.uniquePrefix("deploy"),
                Map.of("camel.management.port", Integer.toString(managementPort)))) {
            for (HealthProbe probe : probes) {
                int port = probe.management() ? managementPort : gateway.port();
                int status = RunningGateway.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + probe.path())).GET())
                        .statusCode();
                if (status != 200) {
                    failures.add(probe + " got " + status);
                }
            }
        }

        assertThat(failures).isEmpty();
    }

    @Test
    void everyInstanceMayTakeLongerToStopThanItsDrainAndGracefulStop() {
        assertThat(DeploymentChecks.stopTooShort(allWorkloads(), variables)).isEmpty();
    }

    @Test
    void everyInstanceKeepsItsConsumerNameAcrossRestarts() {
        for (Workload workload : kubernetesWorkloads()) {
            assertThat(workload.environment()).containsKey("CONSUMER_NAME");
            assertThat(workload.literal("CONSUMER_NAME")).as(workload.where() + " takes it from the downward API").isNull();
        }
        for (Map<String, Object> object : files.kubernetesObjects()) {
            if ("Deployment".equals(object.get("kind"))) {
                Map<String, Object> container = map(list(at(object, "spec", "template", "spec").get("containers")).get(0));
                Map<String, Object> consumerName = list(container.get("env")).stream().map(YamlTree::map)
                        .filter(e -> "CONSUMER_NAME".equals(e.get("name"))).findFirst().orElseThrow();
                assertThat(at(consumerName, "valueFrom", "fieldRef").get("fieldPath")).isEqualTo("metadata.name");
            }
        }
        List<String> composeNames = composeWorkloads().stream().filter(Workload::application).map(w -> w.literal("CONSUMER_NAME")).toList();
        assertThat(composeNames).doesNotContainNull().doesNotHaveDuplicates().hasSize(4);
        for (Workload workload : systemdWorkloads()) {
            assertThat(workload.literal("CONSUMER_NAME")).as("host and instance").contains("%H").contains("%i");
        }
    }

    @Test
    void kubernetesHasGatewaysWithServiceBudgetAndAutoscalerAndWorkersScaledByKedaOnTheValidatorsLag() {
        List<Map<String, Object>> objects = files.kubernetesObjects();
        Map<String, Object> gateway = deploymentWithRole(objects, "gateway");
        Map<String, Object> worker = deploymentWithRole(objects, "worker");
        Object gatewayLabels = at(gateway, "spec", "selector").get("matchLabels");

        assertThat(objects).filteredOn(o -> "Service".equals(o.get("kind")))
                .anySatisfy(s -> assertThat(at(s, "spec").get("selector")).isEqualTo(gatewayLabels));
        assertThat(objects).filteredOn(o -> "PodDisruptionBudget".equals(o.get("kind")))
                .anySatisfy(p -> assertThat(at(p, "spec", "selector").get("matchLabels")).isEqualTo(gatewayLabels));
        assertThat(objects).filteredOn(o -> "HorizontalPodAutoscaler".equals(o.get("kind")))
                .anySatisfy(h -> assertThat(at(h, "spec", "scaleTargetRef").get("name")).isEqualTo(at(gateway, "metadata").get("name")));
        for (Map<String, Object> deployment : List.of(gateway, worker)) {
            Map<String, Object> container = map(list(at(deployment, "spec", "template", "spec").get("containers")).get(0));
            assertThat(container).containsKeys("startupProbe", "livenessProbe", "readinessProbe");
            assertThat(at(container, "resources", "requests")).containsKeys("cpu", "memory");
            assertThat(at(container, "resources", "limits")).containsKey("memory");
        }

        Map<String, Object> scaledObject = objects.stream().filter(o -> "ScaledObject".equals(o.get("kind"))).findFirst().orElseThrow();
        assertThat(at(scaledObject, "spec", "scaleTargetRef").get("name")).isEqualTo(at(worker, "metadata").get("name"));
        List<Map<String, Object>> triggers = list(at(scaledObject, "spec").get("triggers")).stream().map(YamlTree::map).toList();
        assertThat(triggers).anySatisfy(trigger -> {
            assertThat(trigger.get("type")).isEqualTo("redis-streams");
            assertThat(at(trigger, "metadata")).containsEntry("stream", "validation_requests")
                    .containsEntry("consumerGroup", "validators").containsKey("lagCount");
        });
    }

    private static Map<String, Object> deploymentWithRole(List<Map<String, Object>> objects, String role) {
        return objects.stream().filter(o -> "Deployment".equals(o.get("kind")))
                .filter(o -> list(map(list(at(o, "spec", "template", "spec").get("containers")).get(0)).get("env")).stream()
                        .map(YamlTree::map).anyMatch(e -> "ROLES".equals(e.get("name")) && role.equals(e.get("value"))))
                .findFirst().orElseThrow(() -> new AssertionError("No Deployment with ROLES=" + role));
    }

    @Test
    void systemdRunsTheJarAsADedicatedUserRestartsOnFailureStopsWithSigtermAndIsHardened() {
        Map<String, SystemdUnit> units = files.systemdUnits();
        assertThat(units).isNotEmpty();
        for (Map.Entry<String, SystemdUnit> entry : units.entrySet()) {
            SystemdUnit unit = entry.getValue();
            assertThat(unit.get("Service", "ExecStart")).as(entry.getKey()).contains("-jar").contains("rate-gateway.jar");
            assertThat(unit.all("Service", "EnvironmentFile")).isNotEmpty();
            assertThat(unit.get("Service", "User")).isNotBlank().isNotEqualTo("root");
            assertThat(unit.get("Service", "Restart")).isEqualTo("on-failure");
            assertThat(unit.get("Service", "KillSignal")).isEqualTo("SIGTERM");
            assertThat(unit.get("Service", "NoNewPrivileges")).isEqualTo("yes");
            assertThat(unit.get("Service", "ProtectSystem")).isEqualTo("strict");
            String archiveDir = unit.environment().get("ARCHIVE_DIR");
            assertThat(archiveDir).as("ARCHIVE_DIR set by the unit").isNotNull();
            assertThat(unit.all("Service", "ReadWritePaths")).anySatisfy(path -> assertThat(archiveDir).startsWith(path));
        }
    }

    @Test
    void composeRunsRedisWithAofAndAclPostgresqlWithArchivingTwoGatewaysTwoWorkersTlsProxyPrometheusAndGrafana() {
        Map<String, Object> services = at(files.compose(), "services");
        List<Workload> applications = composeWorkloads().stream().filter(Workload::application).toList();

        assertThat(applications).filteredOn(w -> "gateway".equals(w.literal("ROLES"))).hasSize(2)
                .allSatisfy(w -> assertThat(w.literal("REDIS_URL")).startsWith("redis://gateway:"));
        assertThat(applications).filteredOn(w -> "worker".equals(w.literal("ROLES"))).hasSize(2)
                .allSatisfy(w -> assertThat(w.literal("REDIS_URL")).startsWith("redis://validator:"));
        assertThat(volumes(services, "redis")).anyMatch(v -> v.startsWith("../config/redis-acl.conf:"));
        assertThat(files.read("docker/redis/start-redis.sh")).contains("--appendonly yes");
        assertThat(volumes(services, "postgres")).anyMatch(v -> v.startsWith("../config/pgbackrest/"));
        assertThat(files.read("docker/postgres/postgresql.conf")).contains("archive_mode = on").contains("pgbackrest --stanza=");
        assertThat(volumes(services, "haproxy")).anyMatch(v -> v.startsWith("../config/haproxy/haproxy.cfg:"));
        assertThat(list(at(services, "haproxy").get("secrets"))).isNotEmpty();
        assertThat(volumes(services, "prometheus")).anyMatch(v -> v.startsWith("../config/prometheus:"));
        assertThat(volumes(services, "grafana")).anyMatch(v -> v.startsWith("../config/grafana/provisioning:"))
                .anyMatch(v -> v.startsWith("../config/grafana/dashboards:"));
    }

    private static List<String> volumes(Map<String, Object> services, String service) {
        return list(at(services, service).get("volumes")).stream().map(String::valueOf).toList();
    }

    @Test
    void everyFileComposeMountsExists() {
        // Written on other branches of issues 14 and 15; this check waits for them rather than failing before they land.
        List<String> fromOtherBranches = List.of("config/haproxy/haproxy.cfg", "config/prometheus", "config/grafana/provisioning",
                "config/grafana/dashboards", "config/pgbackrest/pgbackrest.conf", "config/postgresql/pgaudit.conf", "ops");
        List<String> missing = new ArrayList<>();
        at(files.compose(), "services").values().forEach(service -> list(map(service).get("volumes")).forEach(volume -> {
            String source = String.valueOf(volume).split(":")[0];
            if (source.startsWith(".")) {
                String relative = Path.of("docker").resolve(source).normalize().toString().replace('\\', '/');
                if (!Files.exists(files.path(relative))) {
                    missing.add(relative);
                }
            }
        }));
        assertThat(missing).as("mounted by compose but not in the repository").isSubsetOf(fromOtherBranches);
        assumeTrue(missing.isEmpty(), "not there yet: " + missing);
    }

    @Test
    void composeGivesHaproxyEveryVariableItsConfigurationReads() throws IOException {
        Path config = files.path("config/haproxy/haproxy.cfg");
        assumeTrue(Files.exists(config), "config/haproxy/haproxy.cfg comes with the rolling-restart branch");
        Set<String> read = new LinkedHashSet<>();
        Matcher variable = HAPROXY_VARIABLE.matcher(Files.readString(config));
        while (variable.find()) {
            read.add(variable.group(1));
        }

        // Its presetenv defaults are a single host's; in compose every address and path is another.
        assertThat(at(at(files.compose(), "services"), "haproxy", "environment").keySet()).containsExactlyInAnyOrderElementsOf(read);
    }

    @Test
    void prometheusOfComposeScrapesEveryGatewayAndWorkerOfCompose() {
        assumeTrue(Files.exists(files.path("config/prometheus/prometheus.yml")), "config/prometheus comes with the metrics branch");
        Set<String> targets = new LinkedHashSet<>();
        for (Object job : list(YamlTree.document(files.read("config/prometheus/prometheus.yml")).get("scrape_configs"))) {
            for (Object config : list(map(job).get("static_configs"))) {
                list(map(config).get("targets")).forEach(target -> targets.add(String.valueOf(target)));
            }
        }
        Set<String> expected = new LinkedHashSet<>();
        for (Workload workload : composeWorkloads()) {
            if (workload.application()) {
                String port = workload.literal("MANAGEMENT_PORT") != null ? workload.literal("MANAGEMENT_PORT")
                        : workload.literal("HTTP_PORT") != null ? workload.literal("HTTP_PORT") : variables.defaultOf("HTTP_PORT").orElseThrow();
                expected.add(workload.where().replaceFirst(".* service ", "") + ":" + port);
            }
        }

        assertThat(volumes(at(files.compose(), "services"), "prometheus")).contains("../config/prometheus:/etc/prometheus:ro");
        assertThat(targets).containsAll(expected);
    }

    @Test
    void grafanaOfComposeReadsTheDashboardsFromWhereItsProviderLooksAndQueriesThePrometheusOfCompose() {
        assumeTrue(Files.isDirectory(files.path("config/grafana/provisioning")), "config/grafana comes with the metrics branch");
        Map<String, Object> services = at(files.compose(), "services");
        List<String> mountTargets = volumes(services, "grafana").stream().map(v -> v.split(":")[1]).toList();
        List<String> providerPaths = new ArrayList<>();
        List<String> dataSourceUrls = new ArrayList<>();
        for (String file : files.files("config/grafana/provisioning", ".yaml")) {
            Map<String, Object> provisioning = YamlTree.document(files.read(file));
            list(provisioning.get("providers")).forEach(p -> providerPaths.add(text(at(map(p), "options").get("path"))));
            list(provisioning.get("datasources")).forEach(d -> dataSourceUrls.add(text(map(d).get("url"))));
        }

        assertThat(providerPaths).isNotEmpty().allSatisfy(path -> assertThat(mountTargets).contains(path));
        assertThat(dataSourceUrls).isNotEmpty().allSatisfy(url ->
                assertThat(services).containsKey(URI.create(url).getHost()));
    }

    @Test
    void ciWorkflowRunsTheReadmeTestCommandAgainstRedisAndPostgresqlServicesAndKeepsTheJar() {
        Map<String, Object> job = at(files.workflow(), "jobs", "test");
        List<Map<String, Object>> steps = list(job.get("steps")).stream().map(YamlTree::map).toList();
        String readmeCommand = files.readmeTestCommand();
        String ciScript = files.read(DeploymentFiles.CI_SCRIPT);

        assertThat(readmeCommand).isEqualTo("mvn verify");
        assertThat(at(job, "services")).containsKeys("redis", "postgres");
        assertThat(at(job, "env")).containsKeys("REDIS_URL", "DB_URL");
        assertThat(steps).anySatisfy(step -> assertThat(text(step.get("run"))).isNotNull()
                .satisfiesAnyOf(run -> assertThat(run.strip()).isEqualTo(readmeCommand),
                        run -> assertThat(run.strip()).isEqualTo(DeploymentFiles.CI_SCRIPT)));
        assertThat(ciScript.strip()).endsWith("\n" + readmeCommand);
        assertThat(steps).anySatisfy(step -> {
            assertThat(text(step.get("uses"))).startsWith("actions/upload-artifact@");
            assertThat(at(step, "with").get("path")).isEqualTo("target/rate-gateway.jar");
        });
    }

    // ---- the checks themselves, on deliberately wrong files ----

    @Test
    void aVariableTheApplicationDoesNotReadIsReported() {
        List<Workload> wrong = workloads.compose("wrong-compose.yml", YamlTree.document("""
                services:
                  gateway:
                    image: rate-gateway:local
                    environment:
                      ROLES: gateway
                      RATE_LIMIT_VALIDATE_WRITE: 600/1m
                """));

        assertThat(DeploymentChecks.unknownVariables(settings(wrong), variables))
                .singleElement().asString().contains("RATE_LIMIT_VALIDATE_WRITE");
    }

    @Test
    void aPasswordWrittenIntoAFileIsReportedWhereverItIs() {
        List<Map<String, Object>> manifests = YamlTree.documents("""
                apiVersion: v1
                kind: ConfigMap
                metadata: { name: settings }
                data:
                  JWT_SECRET: not-so-secret-after-all-32-bytes!!
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: { name: gateway }
                spec:
                  template:
                    spec:
                      terminationGracePeriodSeconds: 50
                      containers:
                        - name: gateway
                          envFrom: [ { configMapRef: { name: settings } } ]
                          env:
                            - { name: DB_PASSWORD, value: hunter2 }
                            - { name: REDIS_URL, value: "redis://gateway:hunter2@redis:6379" }
                            - name: WEBHOOK_SECRET
                              valueFrom: { secretKeyRef: { name: secrets, key: WEBHOOK_SECRET } }
                """);
        List<EnvSetting> wrongCompose = settings(workloads.compose("wrong-compose.yml", YamlTree.document("""
                services:
                  postgres:
                    image: postgres:15
                    environment:
                      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-postgres}
                """)));

        assertThat(DeploymentChecks.inlinedSecrets(settings(workloads.kubernetes("wrong", manifests, Map.of()))))
                .hasSize(3).anySatisfy(p -> assertThat(p).contains("JWT_SECRET"))
                .anySatisfy(p -> assertThat(p).contains("DB_PASSWORD"))
                .anySatisfy(p -> assertThat(p).contains("REDIS_URL").contains("URL"));
        assertThat(DeploymentChecks.inlinedSecrets(wrongCompose)).singleElement().asString().contains("POSTGRES_PASSWORD");
    }

    @Test
    void aStopTimeNoLongerThanTheDrainAndGracefulStopIsReported() {
        List<Workload> wrong = workloads.compose("wrong-compose.yml", YamlTree.document("""
                services:
                  worker:
                    image: rate-gateway:local
                    stop_grace_period: 30s
                    environment:
                      ROLES: worker
                """));

        assertThat(DeploymentChecks.stopTooShort(wrong, variables)).singleElement().asString().contains("30 s");
    }

    @Test
    void aProbeOnAPortThatIsNeitherListenerIsRefused() {
        String manifest = """
                kind: Deployment
                metadata: { name: gateway }
                spec:
                  template:
                    spec:
                      containers:
                        - name: gateway
                          ports: [ { name: http, containerPort: 8080 } ]
                          env: [ { name: MANAGEMENT_PORT, value: "8081" } ]
                          readinessProbe: { httpGet: { path: /api/health/ready, port: 9000 } }
                """;

        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> workloads.kubernetes("wrong", YamlTree.documents(manifest), Map.of()))
                .hasMessageContaining("port 9000").hasMessageContaining("MANAGEMENT_PORT (8081)");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
