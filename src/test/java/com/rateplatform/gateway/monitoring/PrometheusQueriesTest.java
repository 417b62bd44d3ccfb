package com.rateplatform.gateway.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.support.RunningGateway;
import com.rateplatform.gateway.support.SseClient;
import com.rateplatform.gateway.support.TestServers;
import com.rateplatform.gateway.support.TestTokens;
import com.rateplatform.gateway.support.WebhookReceiver;

/**
 * The dashboard's and the alerts' queries against a real Prometheus (Debian's package; Grafana is not packaged here, so
 * this is the check of the dashboard) scraping a gateway, every second, that has served a few hundred requests — some
 * refused, some dead-lettered, one with a webhook, results pushed to an open connection — so that every series exists.
 *
 * <p>What is asked of each query: a panel's must return series, as a panel plots whatever the value. An alert's
 * expression must evaluate without error in Prometheus, and every series selector in it must return series (which
 * catches a misspelt metric or label value); the expression as a whole returns nothing on a healthy gateway, as it
 * should: its threshold filters everything out. Prometheus also loads the rules file itself and evaluates every rule
 * without error. Camel's exchange event notifier is off here, so the dashboard is shown not to depend on it.
 */
@Tag("slow")
class PrometheusQueriesTest {

    /** Grafana's $__rate_interval is at least four scrape intervals; 30 s of 1 s scrapes leaves plenty of samples. */
    private static final String RATE_INTERVAL = "30s";
    private static final Pattern SELECTOR = Pattern.compile(
            "\\b(rategw_[a-z0-9_]+|camel_[a-z0-9_]+|jvm_[a-z0-9_]+|process_[a-z0-9_]+|system_[a-z0-9_]+|up)\\b(\\{[^}]*})?");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String VALIDATE = "/api/validation/validate";

    private static RunningGateway gateway;
    private static WebhookReceiver receiver;
    private static SseClient pushed;
    private static Process prometheus;
    private static Path workDir;
    private static int prometheusPort;

    @BeforeAll
    static void aLoadedGatewayScrapedByPrometheus() throws Exception {
        Path binary = PrometheusRulesTest.onPath("prometheus").orElse(null);
        Assumptions.assumeTrue(binary != null, "prometheus is not on the PATH: install Debian's prometheus package (.ci/run does)");
        receiver = WebhookReceiver.answering(500, 200);
        gateway = RunningGateway.start(TestServers.uniquePrefix("prometheus-queries"), Map.ofEntries(
                Map.entry("camel.metrics.enable-exchange-event-notifier", "false"),
                Map.entry("rate.monitoring.collect-interval-ms", "500"),
                Map.entry("rate.security.rate-limit.validation-write", "100000/1m"),
                Map.entry("rate.webhook.secret", "queries-webhook-secret"), Map.entry("rate.webhook.poll-interval-ms", "100"),
                Map.entry("rate.webhook.backoff-initial-ms", "200"), Map.entry("rate.webhook.backoff-jitter-percent", "0"),
                Map.entry("rate.security.webhook.allow-http", "true"), Map.entry("rate.security.webhook.allowed-hosts", "127.0.0.1/32")));
        load();
        startPrometheus(binary);
    }

    @AfterAll
    static void stopAll() throws Exception {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly().waitFor();
            }
        }
        if (pushed != null) {
            pushed.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (receiver != null) {
            receiver.close();
        }
        if (workDir != null) {
            try (Stream<Path> files = Files.walk(workDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    void everyPanelOfTheDashboardReturnsSeries() throws IOException {
        List<String> empty = new ArrayList<>();
        for (String expr : GrafanaDashboardTest.expressions()) {
            String query = expr.replace("${__rate_interval}", RATE_INTERVAL).replace("$__rate_interval", RATE_INTERVAL)
                    .replace("$instance", ".*");
            if (!returnsSeriesSoon(query)) {
                empty.add(query);
            }
        }

        assertThat(empty).as("panel queries that returned no series").isEmpty();
    }

    @Test
    void everyAlertEvaluatesAndEverySeriesItReadsExists() throws IOException {
        List<String> empty = new ArrayList<>();
        for (JsonNode rule : PrometheusRulesTest.rules()) {
            String expr = rule.get("expr").asText();
            query(expr); // fails unless Prometheus evaluates it
            for (String selector : selectors(expr)) {
                if (!returnsSeriesSoon(selector)) {
                    empty.add(rule.get("alert").asText() + ": " + selector);
                }
            }
        }

        assertThat(empty).as("series the alerts read that do not exist").isEmpty();
    }

    @Test
    void prometheusLoadsTheRulesFileAndEvaluatesEveryRuleWithoutError() throws Exception {
        List<String> alerts = PrometheusRulesTest.alerts();

        JsonNode rules = await().atMost(Duration.ofSeconds(30)).until(PrometheusQueriesTest::loadedRules,
                loaded -> loaded.size() == alerts.size() && allEvaluatedOk(loaded));

        List<String> names = new ArrayList<>();
        rules.forEach(rule -> names.add(rule.get("name").asText()));
        assertThat(names).containsExactlyInAnyOrderElementsOf(alerts);
    }

    /** A few hundred requests, some refused or dead-lettered, a webhook retried then delivered, results pushed. */
    private static void load() throws Exception {
        pushed = SseClient.connect(gateway.url("/api/validation/events"), Map.of("Authorization", "Bearer " + TestTokens.of("queries-pushed")));
        pushed.awaitNamed("ready");
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> sent = new ArrayList<>();
            String[] bodies = { "{\"priority\": \"high\", \"data\": {\"items\": [{\"phone\": \"0912345678\"}]}}",
                    "{\"data\": {\"items\": [{\"phone\": \"0912345678\"}, {\"phone\": \"12\"}]}}",
                    "{\"action\": \"check\", \"priority\": \"low\", \"data\": {\"items\": [{\"phone\": \"0912345678\"}]}}" };
            for (int i = 0; i < 180; i++) {
                String body = bodies[i % bodies.length];
                sent.add(clients.submit(() -> assertThat(gateway.postJson(VALIDATE, body).statusCode()).isEqualTo(202)));
            }
            for (int i = 0; i < 10; i++) {
                sent.add(clients.submit(() -> assertThat(gateway.postJson("/api/importer/import",
                        "{\"data\": {\"items\": [{\"phone\": \"0912345678\"}]}}").statusCode()).isEqualTo(202)));
                sent.add(clients.submit(() -> assertThat(gateway.postJson(VALIDATE, "{\"data\": 1}").statusCode()).isEqualTo(400)));
            }
            for (Future<?> request : sent) {
                request.get();
            }
        } finally {
            clients.shutdown();
        }
        assertThat(RunningGateway.send(gateway.unauthenticated(VALIDATE).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))).statusCode()).isEqualTo(401);
        assertThat(gateway.postJson("/api/importer/import", "{\"data\": {\"items\": [{\"phone\": \"0912345678\"}]}, "
                                                            + "\"callback_config\": {\"webhook_url\": \"" + receiver.url() + "\"}}").statusCode()).isEqualTo(202);
        assertThat(gateway.postJson(VALIDATE, "{\"data\": {\"items\": [{\"phone\": \"0912345678\"}]}}", TestTokens.of("queries-pushed")).statusCode())
                .isEqualTo(202);
        TestServers.get().redis().xadd(gateway.key("validation_requests"), Map.of("data", "not json"));
        TestServers.get().redis().xadd(gateway.key("extension_responses"), Map.of("data", "not json"));
        await().atMost(Duration.ofSeconds(60)).until(() -> receiver.received().size() == 2 && !pushed.named("result").isEmpty()
                && TestServers.get().redis().xlen(gateway.key("validation_dlq")) == 2);
        System.gc(); // the GC pause timer exists once a collection happened
    }

    private static void startPrometheus(Path binary) throws Exception {
        workDir = Files.createTempDirectory("prometheus-queries");
        try (ServerSocket socket = new ServerSocket(0)) {
            prometheusPort = socket.getLocalPort();
        }
        Path config = workDir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                scrape_configs:
                  - job_name: rate-gateway
                    metrics_path: /metrics
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                """.formatted(PrometheusRulesTest.RULES.toAbsolutePath(), gateway.port()));
        prometheus = new ProcessBuilder(binary.toString(), "--config.file=" + config, "--storage.tsdb.path=" + workDir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + prometheusPort)
                .redirectErrorStream(true).redirectOutput(workDir.resolve("prometheus.log").toFile()).start();
        // Ready, and a few scrapes in: enough samples for rate() over RATE_INTERVAL.
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
            JsonNode scrapes = query("count_over_time(up{job=\"rate-gateway\"}[1m])");
            return scrapes.size() == 1 && scrapes.get(0).at("/value/1").asDouble() >= 5;
        });
    }

    /** Whether the query returns series, asked again for a few seconds (a series appears with the next scrape). */
    private static boolean returnsSeriesSoon(String query) {
        try {
            await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500))
                    .until(() -> query(query).size() > 0);
            return true;
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            return false;
        }
    }

    /** The series selectors of an expression: metric names with their label matchers. */
    private static Set<String> selectors(String expr) {
        Set<String> selectors = new LinkedHashSet<>();
        Matcher matcher = SELECTOR.matcher(expr);
        while (matcher.find()) {
            selectors.add(matcher.group(1) + (matcher.group(2) == null ? "" : matcher.group(2)));
        }
        return selectors;
    }

    /** The result of an instant query; fails unless Prometheus evaluated it. */
    private static JsonNode query(String promql) {
        JsonNode answer = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        assertThat(answer.path("status").asText()).as(promql + " -> " + answer).isEqualTo("success");
        return answer.at("/data/result");
    }

    private static JsonNode loadedRules() {
        List<JsonNode> rules = new ArrayList<>();
        get("/api/v1/rules?type=alert").at("/data/groups").forEach(group -> group.get("rules").forEach(rules::add));
        return Json.MAPPER.valueToTree(rules);
    }

    private static boolean allEvaluatedOk(JsonNode rules) {
        for (JsonNode rule : rules) {
            if (!"ok".equals(rule.path("health").asText())) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode get(String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + prometheusPort + path))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
