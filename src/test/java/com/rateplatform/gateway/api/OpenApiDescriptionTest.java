package com.rateplatform.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.support.RunningGateway;
import com.rateplatform.gateway.support.TestServers;

/**
 * {@code GET /api/openapi.json} read as a client generator reads it: a real OpenAPI parser finds nothing wrong in it,
 * its server URL and security reach the gateway that served it, and the request schema of {@code /validate} accepts
 * the bodies the gateway accepts and refuses those it refuses for their shape. The gateway runs with small limits, so
 * the limits the description states are seen to be the configured ones.
 */
class OpenApiDescriptionTest {

    private static final int MAX_ITEMS = 5;
    private static final int MAX_FIELD_LENGTH = 40;
    private static final String DOCUMENT_IRI = "https://rate-gateway.test/api/openapi.json";
    private static final String VALIDATE_PATH = "/api/validation/validate";

    private static RunningGateway gateway;
    private static String document;
    private static SwaggerParseResult parsed;
    private static Schema validateRequestSchema;

    @BeforeAll
    static void start() throws Exception {
        gateway = RunningGateway.start(TestServers.uniquePrefix("openapi"), Map.of("rate.roles", "gateway",
                "rate.intake.max-items", Integer.toString(MAX_ITEMS), "rate.intake.max-field-length", Integer.toString(MAX_FIELD_LENGTH)));
        HttpResponse<String> served = RunningGateway.send(gateway.unauthenticated("/api/openapi.json").GET());
        assertThat(served.statusCode()).isEqualTo(200);
        document = served.body();
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        parsed = new OpenAPIV3Parser().readContents(document, null, options);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void aRealOpenApiParserReadsTheDescriptionWithoutErrorsOrWarnings() {
        assertThat(parsed.getMessages()).isEmpty();
        assertThat(parsed.getOpenAPI()).isNotNull();
        assertThat(parsed.getOpenAPI().getOpenapi()).startsWith("3.1");
        assertThat(parsed.getOpenAPI().getPaths()).containsKeys(VALIDATE_PATH, "/api/importer/bulk", "/api/validation/ws",
                "/api/validation/events");
    }

    @Test
    void theServerUrlIsTheListenerThatAnsweredNeverTheWildcardAddress() {
        assertThat(parsed.getOpenAPI().getServers()).hasSize(1);
        assertThat(parsed.getOpenAPI().getServers().get(0).getUrl()).isEqualTo("http://127.0.0.1:" + gateway.port());
    }

    @Test
    void thePublicBaseUrlIsTheServerUrlWhenOneIsConfigured() {
        OpenApiDescription description = new OpenApiDescription(JsonNodeFactory.instance.objectNode(), "https://gateway.example.com/");

        JsonNode rendered = Json.read(description.render("http://10.0.0.5:8080/api/openapi.json", null), JsonNode.class);

        assertThat(rendered.at("/servers/0/url").asText()).isEqualTo("https://gateway.example.com");
    }

    @Test
    void everyOperationNamesItsScopesOrSaysItNeedsNone() {
        assertThat(parsed.getOpenAPI().getComponents()).as("components").isNotNull();
        Map<String, SecurityScheme> schemes = parsed.getOpenAPI().getComponents().getSecuritySchemes();
        assertThat(schemes).containsKeys("bearerAuth", "apiToken");
        assertThat(schemes.get("apiToken").getName()).isEqualTo("X-API-Token");
        parsed.getOpenAPI().getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            assertThat(operation.getSecurity()).as("%s %s declares its security", method, path).isNotNull();
            operation.getSecurity().forEach(requirement -> requirement.forEach((scheme, scopes) -> {
                assertThat(schemes).as("%s %s", method, path).containsKey(scheme);
                assertThat(scopes).as("%s %s scopes", method, path).isNotEmpty().allMatch(com.rateplatform.gateway.security.Scopes::isKnown);
            }));
        }));
    }

    @Test
    void aClientBuiltFromTheDescriptionCallsValidateWithTheScopeItNames() throws IOException {
        OpenAPI api = parsed.getOpenAPI();
        Operation validate = api.getPaths().get(VALIDATE_PATH).getPost();
        assertThat(validate.getSecurity()).as("POST %s names its security", VALIDATE_PATH).isNotNull();
        SecurityRequirement bearer = validate.getSecurity().stream().filter(r -> r.containsKey("bearerAuth")).findFirst().orElseThrow();
        assertThat(api.getComponents().getSecuritySchemes().get("bearerAuth").getScheme()).isEqualTo("bearer");
        String token = RunningGateway.token("openapi-client", bearer.get("bearerAuth"));

        HttpResponse<String> answer = RunningGateway.send(HttpRequest.newBuilder(URI.create(api.getServers().get(0).getUrl() + VALIDATE_PATH))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(withUniqueRequestId(readmeExampleBody()))));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        ApiResponse accepted = validate.getResponses().get("202");
        if (accepted.get$ref() != null) {
            accepted = api.getComponents().getResponses().get(accepted.get$ref().substring(accepted.get$ref().lastIndexOf('/') + 1));
        }
        assertThat(validationErrors(accepted.getContent().get("application/json").getSchema().get$ref(), answer.body())).isEmpty();
    }

    static Stream<Arguments> bodiesTheGatewayAccepts() throws IOException {
        return Stream.of(
                Arguments.of("README's example", readmeExampleBody()),
                Arguments.of("one phone", "{\"data\": {\"items\": [{\"phone\": \"0912345678\"}]}}"),
                Arguments.of("API-Documentation's request body", """
                        {"request_id": "req_123456", "action": "validate", "priority": "normal",
                         "data": {"items": [{"item_id": "item_001", "name": "Nguyễn Văn An", "phone": "0912345678",
                                             "bank_account": "0123456789", "bank_code": "VCB", "metadata": {}}]},
                         "callback_config": {"webhook_url": null}}"""),
                Arguments.of("a check, high priority, metadata, fields the gateway sets itself", """
                        {"request_id": "crm:42.a_b-1", "action": "check", "priority": "high", "source": "ignored",
                         "user_id": "ignored", "timestamp": "2026-01-01T00:00:00Z",
                         "data": {"items": [
                           {"item_id": "c-1", "bank_account": "0123456789", "bank_code": "VCB", "metadata": {"crm": {"id": 42, "tags": ["vip"]}}},
                           {"item_id": "c-2", "name": "Trần Thị Bình", "phone": "+84 912 345 679"}]},
                         "callback_config": null}"""),
                Arguments.of("nulls for every optional field", """
                        {"request_id": null, "action": null, "priority": null,
                         "data": {"items": [{"item_id": null, "name": null, "phone": "0912345678", "bank_account": null, "bank_code": null}]},
                         "callback_config": {"webhook_url": null}}"""),
                Arguments.of("an empty item (its verdict comes later)", "{\"data\": {\"items\": [{}]}}"),
                Arguments.of("as many items as configured", "{\"data\": {\"items\": [" + "{\"phone\": \"0912345678\"},".repeat(MAX_ITEMS - 1)
                                                           + "{\"phone\": \"0912345678\"}]}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodiesTheGatewayAccepts")
    void theRequestSchemaAcceptsWhatTheGatewayAccepts(String name, String body) {
        HttpResponse<String> answer = gateway.postJson(VALIDATE_PATH, withUniqueRequestId(body));

        assertThat(answer.statusCode()).as("the gateway: %s", answer.body()).isEqualTo(202);
        assertThat(validateRequestSchema().validate(Json.read(body, JsonNode.class))).as("the schema").isEmpty();
    }

    static Stream<Arguments> bodiesRefusedForTheirShape() {
        String item = "{\"phone\": \"0912345678\"}";
        return Stream.of(
                Arguments.of("a phone as a JSON number", "{\"data\": {\"items\": [{\"phone\": 912345678}]}}"),
                Arguments.of("no items", "{\"data\": {\"items\": []}}"),
                Arguments.of("items not an array", "{\"data\": {\"items\": {\"phone\": \"0912345678\"}}}"),
                Arguments.of("no data", "{\"items\": [" + item + "]}"),
                Arguments.of("data not an object", "{\"data\": [" + item + "]}"),
                Arguments.of("an array for a body", "[" + item + "]"),
                Arguments.of("an item that is a string", "{\"data\": {\"items\": [\"0912345678\"]}}"),
                Arguments.of("a request_id with a space", "{\"request_id\": \"my request\", \"data\": {\"items\": [" + item + "]}}"),
                Arguments.of("a request_id of 65 characters", "{\"request_id\": \"" + "r".repeat(65) + "\", \"data\": {\"items\": [" + item + "]}}"),
                Arguments.of("an unknown priority", "{\"priority\": \"urgent\", \"data\": {\"items\": [" + item + "]}}"),
                Arguments.of("the importer's action", "{\"action\": \"import\", \"data\": {\"items\": [" + item + "]}}"),
                Arguments.of("more items than configured", "{\"data\": {\"items\": [" + (item + ",").repeat(MAX_ITEMS) + item + "]}}"),
                Arguments.of("a name longer than configured", "{\"data\": {\"items\": [{\"name\": \"" + "n".repeat(MAX_FIELD_LENGTH + 1) + "\"}]}}"),
                Arguments.of("a control character in a name", "{\"data\": {\"items\": [{\"name\": \"Nguy\\u0001n\"}]}}"),
                Arguments.of("callback_config as a string", "{\"data\": {\"items\": [" + item + "]}, \"callback_config\": \"https://example.com\"}"),
                Arguments.of("a webhook_url that is not a string", "{\"data\": {\"items\": [" + item + "]}, \"callback_config\": {\"webhook_url\": 1}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodiesRefusedForTheirShape")
    void theRequestSchemaRefusesWhatTheGatewayRefusesForItsShape(String name, String body) {
        HttpResponse<String> answer = gateway.postJson(VALIDATE_PATH, body);

        assertThat(answer.statusCode()).as("the gateway: %s", answer.body()).isIn(400, 413);
        assertThat(Json.read(answer.body(), JsonNode.class).at("/error/code").asText()).isNotEmpty();
        assertThat(validateRequestSchema().validate(Json.read(body, JsonNode.class))).as("the schema").isNotEmpty();
    }

    /** The body README's first curl sends to /validate, as README has it. */
    private static String readmeExampleBody() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        Matcher curl = Pattern.compile("(?s)curl -s -X POST localhost:8080" + VALIDATE_PATH + ".*?-d '([^']+)'").matcher(readme);
        assertThat(curl.find()).as("README's curl to " + VALIDATE_PATH).isTrue();
        return curl.group(1);
    }

    /** The same body with a request_id no other test sends (a repeated one would be answered as the first). */
    private static String withUniqueRequestId(String body) {
        JsonNode node = Json.read(body, JsonNode.class);
        if (node instanceof ObjectNode object && object.hasNonNull("request_id")) {
            object.put("request_id", object.get("request_id").asText() + "-" + UUID.randomUUID().toString().substring(0, 8));
        }
        return Json.write(node);
    }

    private static synchronized Schema validateRequestSchema() {
        if (validateRequestSchema == null) {
            validateRequestSchema = requestSchemaOf(VALIDATE_PATH);
        }
        return validateRequestSchema;
    }

    /** The JSON request schema of the POST on the path, as a generated client would read it. */
    private static Schema requestSchemaOf(String path) {
        PathItem item = parsed.getOpenAPI().getPaths().get(path);
        assertThat(item).as("the description has " + path).isNotNull();
        assertThat(item.getPost()).as("the description has POST " + path).isNotNull();
        assertThat(item.getPost().getRequestBody()).as("POST " + path + " has a request body").isNotNull();
        MediaType json = item.getPost().getRequestBody().getContent().get("application/json");
        assertThat(json).as("POST " + path + " takes application/json").isNotNull();
        assertThat(json.getSchema().get$ref()).as("its schema is a component").isNotNull();
        return schemaAt(json.getSchema().get$ref());
    }

    private static Schema schemaAt(String ref) {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(),
                builder -> builder.schemas(Map.of(DOCUMENT_IRI, document)));
        return registry.getSchema(SchemaLocation.of(DOCUMENT_IRI + ref.substring(ref.indexOf('#'))));
    }

    private static List<com.networknt.schema.Error> validationErrors(String ref, String json) {
        return schemaAt(ref).validate(Json.read(json, JsonNode.class));
    }
}
