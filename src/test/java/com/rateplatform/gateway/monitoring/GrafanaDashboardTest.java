package com.rateplatform.gateway.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.message.Json;

/**
 * The Grafana dashboard and its provisioning files, read without Grafana (not packaged here): every panel queries the
 * provisioned Prometheus data source, and every metric docs/Metrics.md lists has a panel (and no panel names a
 * metric the document does not). PrometheusQueriesTest runs each panel's query against a real Prometheus.
 */
class GrafanaDashboardTest {

    static final Path DASHBOARD = Path.of("config/grafana/dashboards/rate-gateway.json");
    private static final Path METRICS_DOC = Path.of("docs/Metrics.md");
    private static final Pattern OWN_METRIC = Pattern.compile("rategw_[a-z0-9_]+");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void everyPanelQueriesThePrometheusDataSourceWithAnExpression() throws IOException {
        List<JsonNode> panels = panels();

        assertThat(panels).hasSizeGreaterThanOrEqualTo(30);
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : panels) {
            String title = panel.get("title").asText();
            assertThat(ids.add(panel.get("id").asInt())).as("id of " + title).isTrue();
            assertThat(panel.at("/datasource/uid").asText()).as(title).isEqualTo("${datasource}");
            assertThat(panel.get("targets")).as(title).isNotEmpty();
            panel.get("targets").forEach(target -> assertThat(target.get("expr").asText()).as(title).isNotBlank());
            assertThat(panel.at("/gridPos/w").asInt()).as(title).isBetween(1, 24);
        }
        JsonNode variables = Json.MAPPER.readTree(DASHBOARD.toFile()).at("/templating/list");
        assertThat(variables.get(0).get("type").asText()).isEqualTo("datasource");
        assertThat(variables.get(0).get("query").asText()).isEqualTo("prometheus");
    }

    @Test
    void theProvisioningFilesDeclareAPrometheusDataSourceAndLoadTheDashboardsFolder() throws IOException {
        JsonNode datasource = YAML.readTree(Path.of("config/grafana/provisioning/datasources/prometheus.yaml").toFile()).at("/datasources/0");
        JsonNode provider = YAML.readTree(Path.of("config/grafana/provisioning/dashboards/rate-gateway.yaml").toFile()).at("/providers/0");

        assertThat(datasource.get("type").asText()).isEqualTo("prometheus");
        assertThat(datasource.get("url").asText()).startsWith("http");
        assertThat(provider.get("type").asText()).isEqualTo("file");
        assertThat(provider.at("/options/path").asText()).isNotBlank();
    }

    @Test
    void everyMetricOfTheDocumentHasAPanelAndEveryPanelMetricIsDocumented() throws IOException {
        Set<String> documented = new TreeSet<>();
        Matcher inDoc = OWN_METRIC.matcher(Files.readString(METRICS_DOC));
        while (inDoc.find()) {
            documented.add(baseName(inDoc.group()));
        }
        Set<String> plotted = new TreeSet<>();
        for (String expr : expressions()) {
            Matcher inPanel = OWN_METRIC.matcher(expr);
            while (inPanel.find()) {
                plotted.add(baseName(inPanel.group()));
            }
        }

        assertThat(documented).hasSizeGreaterThanOrEqualTo(25);
        assertThat(plotted).isEqualTo(documented);
    }

    /** The panels that query (rows excluded). */
    static List<JsonNode> panels() throws IOException {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : Json.MAPPER.readTree(DASHBOARD.toFile()).get("panels")) {
            if (!"row".equals(panel.get("type").asText())) {
                panels.add(panel);
            }
        }
        return panels;
    }

    /** Every query of every panel, as written (with Grafana's variables). */
    static List<String> expressions() throws IOException {
        List<String> exprs = new ArrayList<>();
        for (JsonNode panel : panels()) {
            panel.get("targets").forEach(target -> exprs.add(target.get("expr").asText()));
        }
        return exprs;
    }

    /** A histogram's series share its name: {@code rategw_x_seconds_bucket} is {@code rategw_x_seconds}. */
    private static String baseName(String series) {
        return series.replaceAll("_(bucket|count|sum|max)$", "");
    }
}
