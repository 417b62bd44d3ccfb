package com.rateplatform.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.lettuce.core.RedisConnectionException;
import org.apache.camel.CamelContext;
import org.apache.camel.EndpointInject;
import org.apache.camel.Exchange;
import org.apache.camel.Produce;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWithRouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.AdviceRouteMapping;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.api.ApiErrors;
import com.rateplatform.gateway.contract.ApiException;
import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.message.RequestData;
import com.rateplatform.gateway.message.RequestMessage;

/**
 * gateway-importer-bulk.camel.yaml (stage 3) with json-reply and http-api-errors: each group of chunks of an upload is
 * recorded pending, tied to its batch and published to validation_requests through the intake's publish-lane (a mock
 * endpoint here), with back-pressure after each; then the batch is sealed and answered 202; the upload is closed in
 * every case, with the failure when there is one. A full backlog is 503 before any chunk; Redis down stops at the group
 * that failed (503), the groups before it stay. The body reader, stores and back-pressure stand in here (BulkUploadTest
 * and BulkImportTest stream real bodies into PostgreSQL and Redis).
 * <p>
 * The upload is sent to importer-bulk-http (its platform-http consumer replaced by a direct: one): a failure inside
 * importer-bulk's doTry is not handled by importer-bulk's own error policy (Camel turns error handling off within
 * doTry), it goes back to importer-bulk-http, whose http-api-errors renders it.
 */
@CamelMainTest(properties = {RouteTests.NO_SERVER, RouteTests.NO_MANAGEMENT, RouteTests.NO_METRICS,
        RouteTests.NO_INLINE_ROUTES, GatewayImporterBulkRoutesTest.NO_REST_VERBS},
        replaceRouteFromWith = "importer-bulk-http=direct:importer-bulk-http",
        advices = @AdviceRouteMapping(route = "importer-bulk", advice = GatewayImporterBulkRoutesTest.PublishLaneAsMock.class))
class GatewayImporterBulkRoutesTest {

    /** REST verbs need a listener; importer-bulk-http stays, fed through direct: (replaceRouteFromWith). */
    static final String NO_REST_VERBS = "camel.main.route-filter-exclude-pattern=rest:*,openapi-description";

    private final TestGuard guard = new TestGuard();
    private final List<String> steps = new CopyOnWriteArrayList<>();
    private final AtomicInteger publishes = new AtomicInteger();
    private volatile boolean backlogFull;

    @EndpointInject("mock:publish-lane")
    MockEndpoint publishLane;

    @Produce
    ProducerTemplate http;

    /** publish-lane is stage 2's (gateway-intake): here, what reaches it is what is tested. */
    public static class PublishLaneAsMock extends AdviceWithRouteBuilder {
        @Override
        public void configure() {
            weaveByToUri("direct:publish-lane").replace().to("mock:publish-lane");
        }
    }

    @Configure
    protected void configure(MainConfigurationProperties configuration) {
        RouteTests.load(configuration, this::bindBeans, RouteTests.ERROR_POLICIES, RouteTests.REST_API,
                "gateway-importer-bulk.camel.yaml");
    }

    private void bindBeans(CamelContext context) {
        context.getRegistry().bind("guard", guard);
        context.getRegistry().bind("bulkIntake", new Intake());
        context.getRegistry().bind("backPressure", new Backlog());
        context.getRegistry().bind("requestStore", new Store());
        context.getRegistry().bind("importBatches", new Batches());
        context.getRegistry().bind("batchTracker", new Tracker());
        context.getRegistry().bind("batchStatusQuery", new BatchStatus());
        context.getRegistry().bind("batchResults", new Results());
        context.getRegistry().bind("apiErrors", new ApiErrors(5));
    }

    @Test
    void eachGroupIsRecordedTiedToItsBatchAndPublishedThenTheBatchIsSealedAnd202() throws Exception {
        publishLane.whenAnyExchangeReceived(exchange -> {
            publishes.incrementAndGet();
            steps.add("publish " + exchange.getVariable("lane") + " " + exchange.getIn().getBody(List.class).size());
        });

        Exchange reply = upload();

        assertThat(reply.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class)).isEqualTo(202);
        assertThat(Json.MAPPER.readTree(reply.getMessage().getBody(String.class)).get("batch_id").asText()).isEqualTo("batch-1");
        assertThat(steps).containsExactly("open", "rejectWhenOverloaded",
                "recordPending 2", "recordChunks group-1", "publish validation_requests 2", "awaitCapacity",
                "recordPending 1", "recordChunks group-2", "publish validation_requests 1", "awaitCapacity",
                "sealed batch-1", "acceptedReply", "close null");
        assertThat(guard.scopesRequired).containsExactly("importer:write");
    }

    @Test
    void aFullBacklogIs503BeforeAnyChunkAndTheUploadIsClosedWithTheReason() throws Exception {
        backlogFull = true;

        Exchange reply = upload();

        GatewayIntakeRoutesTest.assertError(reply, 503, "BACKLOG_FULL");
        assertThat(steps).containsExactly("open", "rejectWhenOverloaded", "close ApiException");
        assertThat(publishLane.getReceivedCounter()).isZero();
    }

    @Test
    void redisDownStopsAtTheGroupThatFailedAndTheGroupsBeforeItStay() throws Exception {
        publishLane.whenAnyExchangeReceived(exchange -> {
            if (publishes.incrementAndGet() == 2) {
                throw new RedisConnectionException("Redis down");
            }
            steps.add("publish");
        });

        Exchange reply = upload();

        GatewayIntakeRoutesTest.assertError(reply, 503, "SERVICE_UNAVAILABLE");
        assertThat(steps).containsExactly("open", "rejectWhenOverloaded",
                "recordPending 2", "recordChunks group-1", "publish", "awaitCapacity",
                "recordPending 1", "recordChunks group-2", "close RedisConnectionException");
    }

    @Test
    void withoutCredentialsNothingIsOpened() throws Exception {
        GatewayIntakeRoutesTest.assertError(http.send("direct:importer-bulk-http", exchange -> { }), 401, "UNAUTHORIZED");

        assertThat(steps).isEmpty();
    }

    @Test
    void theBatchStatusAndResultsAreAnsweredAsJson() throws Exception {
        Exchange status = http.send("direct:batch-status", exchange -> exchange.getIn().setHeader("requestId", "batch-1"));
        Exchange results = http.send("direct:batch-results", exchange -> {
            exchange.getIn().setHeader(TestGuard.AUTHORIZATION, "Bearer token:acme");
            exchange.getIn().setHeader("batchId", "batch-1");
        });

        assertThat(Json.MAPPER.readTree(status.getMessage().getBody(String.class)).get("view").asText()).isEqualTo("status");
        assertThat(results.getMessage().getHeader(Exchange.CONTENT_TYPE)).isEqualTo("application/json");
        assertThat(Json.MAPPER.readTree(results.getMessage().getBody(String.class)).get("view").asText()).isEqualTo("results");
        assertThat(guard.scopesRequired).containsExactly("importer:read");
    }

    private Exchange upload() {
        return http.send("direct:importer-bulk-http", exchange -> exchange.getIn().setHeader(TestGuard.AUTHORIZATION, "Bearer token:acme"));
    }

    /** One group of chunks: its requests (the chunks). */
    public record Group(String name, List<RequestMessage> requests) {
    }

    /** The upload: two groups, of two chunks and one. */
    public static class Upload implements Iterator<Group> {
        private final Iterator<Group> groups = List.of(new Group("group-1", List.of(chunk("c1"), chunk("c2"))),
                new Group("group-2", List.of(chunk("c3")))).iterator();

        public String batchId() {
            return "batch-1";
        }

        @Override
        public boolean hasNext() {
            return groups.hasNext();
        }

        @Override
        public Group next() {
            return groups.next();
        }

        private static RequestMessage chunk(String id) {
            return new RequestMessage(id, "importer", "token:acme", "import", new RequestData(List.of()), "normal", null,
                    "2026-12-01T10:00:00Z", "batch-1");
        }
    }

    public class Intake {
        public Upload open() {
            steps.add("open");
            return new Upload();
        }

        public String acceptedReply(Upload upload) {
            steps.add("acceptedReply");
            return Json.write(Map.of("batch_id", upload.batchId(), "chunks", 3));
        }

        /** Notes the failure the upload stopped on: the innermost cause (the split wraps it), as BulkIntake reads it. */
        public void close(Upload upload, Throwable cause) {
            Throwable root = cause;
            while (root != null && root.getCause() != null) {
                root = root.getCause();
            }
            steps.add("close " + (root == null ? "null" : root.getClass().getSimpleName()));
        }
    }

    public class Backlog {
        public void rejectWhenOverloaded() {
            steps.add("rejectWhenOverloaded");
            if (backlogFull) {
                throw new ApiException(503, "BACKLOG_FULL", "the validation backlog is full; retry later", null);
            }
        }

        public void awaitCapacity() {
            steps.add("awaitCapacity");
        }
    }

    public class Store {
        public List<RequestMessage> recordPending(List<RequestMessage> requests) {
            steps.add("recordPending " + requests.size());
            return requests;
        }
    }

    public class Batches {
        public void recordChunks(Group group, Upload upload) {
            steps.add("recordChunks " + group.name());
        }
    }

    public class Tracker {
        public void sealed(Upload upload) {
            steps.add("sealed " + upload.batchId());
        }
    }

    public static class BatchStatus {
        public String status() {
            return Json.write(Map.of("view", "status"));
        }
    }

    public static class Results {
        public String page() {
            return Json.write(Map.of("view", "results"));
        }
    }
}
