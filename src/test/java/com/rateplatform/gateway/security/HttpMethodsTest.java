package com.rateplatform.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static com.rateplatform.gateway.support.JsonBodies.json;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.rateplatform.gateway.support.RunningGateway;
import com.rateplatform.gateway.support.TestServers;

/**
 * A path the gateway serves, asked with a method it does not serve there, is 405 with an {@code Allow} header and the
 * JSON error: REST endpoints, platform-http routes, the push endpoints, the demo page, health and metrics alike.
 */
class HttpMethodsTest {

    private static RunningGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = RunningGateway.start(TestServers.uniquePrefix("http-methods"),
                Map.of("rate.roles", "gateway", "rate.push.demo-enabled", "true"));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @ParameterizedTest(name = "{0} {1} -> 405, Allow: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            GET    | /api/validation/validate          | POST
            PUT    | /api/validation/batch             | POST
            DELETE | /api/validation/status/some-id    | GET
            POST   | /api/importer/status/some-id      | GET
            PUT    | /api/importer/status/b-1/results  | GET
            GET    | /api/importer/import              | POST
            GET    | /api/importer/bulk                | POST
            DELETE | /api/importer/webhooks/some-id    | GET
            POST   | /api/validation/ws                | GET
            POST   | /api/validation/events            | GET
            POST   | /demo/                            | GET
            PUT    | /api/monitoring/dlq               | GET
            PUT    | /api/monitoring/dlq/some-id       | DELETE, GET
            PUT    | /api/monitoring/dlq/replay        | DELETE, GET, POST
            DELETE | /api/health                       | GET
            POST   | /api/openapi.json                 | GET
            """)
    void aServedPathAskedWithAnotherMethodIs405NamingTheMethodsItAnswers(String method, String path, String allow) {
        HttpResponse<String> response = RunningGateway.send(gateway.request(path).method(method, HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue(allow);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(json(response).get("error").get("code").asText()).isEqualTo("METHOD_NOT_ALLOWED");
    }

    @Test
    void aWrongMethodWithABodyThatIsNotJsonIs405NotAComplaintAboutTheBody() {
        HttpResponse<String> response = RunningGateway.send(gateway.request("/api/validation/status/some-id")
                .header("Content-Type", "text/plain").method("PUT", HttpRequest.BodyPublishers.ofString("hello")));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("GET");
    }

    @Test
    void aPathNoRouteServesIsStill404() {
        HttpResponse<String> response = RunningGateway.send(gateway.request("/api/validation/nothing-here")
                .method("DELETE", HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
        assertThat(response.headers().firstValue("Allow")).isEmpty();
        assertThat(json(response).get("error").get("code").asText()).isEqualTo("NOT_FOUND");
    }
}
