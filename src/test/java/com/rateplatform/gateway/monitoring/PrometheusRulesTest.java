package com.rateplatform.gateway.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The alert rules of {@code config/prometheus/}: Prometheus' own tool checks them and the scrape configuration, and
 * runs their unit tests, in which every alert fires once and stays silent once; every alert links to a runbook section
 * that exists. promtool comes with Debian's prometheus package (.ci/run installs it when missing).
 */
class PrometheusRulesTest {

    static final Path DIR = Path.of("config/prometheus");
    static final Path RULES = DIR.resolve("rate-gateway-alerts.yml");
    private static final Path RULE_TESTS = DIR.resolve("rate-gateway-alerts.test.yml");
    private static final Path RUNBOOKS = Path.of("docs/Runbooks.md");
    private static final String RUNBOOK_PATH = "docs/Runbooks.md#";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void promtoolAcceptsTheRulesAndTheScrapeConfiguration() throws Exception {
        Path promtool = promtool();

        assertSucceeds(promtool, "check", "rules", RULES.toString());
        assertSucceeds(promtool, "check", "config", DIR.resolve("prometheus.yml").toString());
    }

    @Test
    void theUnitTestsOfEveryAlertPassInPromtool() throws Exception {
        assertSucceeds(promtool(), "test", "rules", RULE_TESTS.toString());
    }

    @Test
    void everyAlertHasAUnitTestWhereItFiresAndOneWhereItStaysSilent() throws IOException {
        Set<String> fires = new HashSet<>();
        Set<String> silent = new HashSet<>();
        for (JsonNode test : YAML.readTree(RULE_TESTS.toFile()).get("tests")) {
            for (JsonNode check : test.path("alert_rule_test")) {
                (check.path("exp_alerts").isEmpty() ? silent : fires).add(check.get("alertname").asText());
            }
        }

        assertThat(fires).as("alerts with a test where they fire").containsExactlyInAnyOrderElementsOf(alerts());
        assertThat(silent).as("alerts with a test where they do not fire").containsExactlyInAnyOrderElementsOf(alerts());
    }

    @Test
    void everyAlertLinksToASectionOfTheRunbooksThatExists() throws IOException {
        Set<String> anchors = new HashSet<>();
        for (String line : Files.readAllLines(RUNBOOKS)) {
            if (line.startsWith("## ")) {
                anchors.add(anchor(line.substring(3)));
            }
        }
        for (JsonNode rule : rules()) {
            String url = rule.at("/annotations/runbook_url").asText();
            assertThat(url).as(rule.get("alert").asText()).startsWith("https://").contains(RUNBOOK_PATH);
            assertThat(anchors).as(rule.get("alert").asText() + " links to " + url).contains(url.substring(url.indexOf('#') + 1));
        }
    }

    static List<String> alerts() throws IOException {
        List<String> names = new ArrayList<>();
        rules().forEach(rule -> names.add(rule.get("alert").asText()));
        return names;
    }

    /** Every alerting rule of the rules file. */
    static List<JsonNode> rules() throws IOException {
        List<JsonNode> rules = new ArrayList<>();
        for (JsonNode group : YAML.readTree(RULES.toFile()).get("groups")) {
            group.get("rules").forEach(rules::add);
        }
        return rules;
    }

    /** A heading's anchor as GitHub and most Markdown renderers make it. */
    static String anchor(String heading) {
        return heading.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
    }

    /** promtool from the PATH; the test is skipped, saying why, where there is none. */
    static Path promtool() {
        Optional<Path> found = onPath("promtool");
        Assumptions.assumeTrue(found.isPresent(), "promtool is not on the PATH: install Debian's prometheus package (.ci/run does)");
        return found.get();
    }

    static Optional<Path> onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Runs the tool and fails with its output unless it exits with 0. */
    private static void assertSucceeds(Path tool, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(tool.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in a minute");
        }
        assertThat(process.exitValue()).as(String.join(" ", command) + " said:\n" + output).isEqualTo(0);
    }
}
