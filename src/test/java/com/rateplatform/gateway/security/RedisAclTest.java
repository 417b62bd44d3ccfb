package com.rateplatform.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;
import static com.rateplatform.gateway.support.JsonBodies.json;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.support.PushClient;
import com.rateplatform.gateway.support.RunningGateway;
import com.rateplatform.gateway.support.SseClient;
import com.rateplatform.gateway.support.TestServers;
import com.rateplatform.gateway.support.TestTokens;

/**
 * {@code config/redis-acl.conf} on a Redis 7 of this test's own (a free loopback port, stopped at the end): the gateway
 * and the worker, running as their users, use every feature that sends Redis commands without one being refused, and
 * each user is refused outside its job. The development passwords are those docs/Security.md lists.
 */
@Tag("slow")
class RedisAclTest {

    private static final Path REDIS_SERVER = Path.of("/usr/bin/redis-server");
    private static final Path ACL_CONF = Path.of("config/redis-acl.conf");
    private static final String VALIDATE = "/api/validation/validate";
    private static final String ITEMS = "{\"data\": {\"items\": [{\"phone\": \"0912345678\"}]}}";
    /**
     * Small enough that the streams outgrow it (the trimmers then also read entries to find their cut), large enough
     * that the push client's resume point is still in the stream when it comes back.
     */
    private static final long TRIM_MAX_LEN = 5;

    private static Process redis;
    private static Path workDir;
    private static int port;

    @BeforeAll
    static void startRedisWithTheAcl() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(REDIS_SERVER), "needs Redis 7 at " + REDIS_SERVER);
        port = freePort();
        workDir = Files.createTempDirectory("redis-acl-test");
        redis = new ProcessBuilder(REDIS_SERVER.toString(), ACL_CONF.toAbsolutePath().toString(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", workDir.toString(),
                // one entry per stream node, so that trimming (XTRIM MINID ~, which removes whole nodes) shows at once
                "--stream-node-max-entries", "1")
                .redirectErrorStream(true).redirectOutput(workDir.resolve("redis.log").toFile()).start();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> run("admin", RedisCommands::ping).equals("PONG"));
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (redis != null) {
            redis.destroy();
            redis.waitFor(10, TimeUnit.SECONDS);
        }
        if (workDir != null) {
            try (var files = Files.walk(workDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /**
     * A refused command mostly shows as a step that never completes, and sometimes not at all (back-pressure reads a
     * refused XINFO as "no backlog"), so the ACL LOG is what this test asserts: it lists every command Redis refused,
     * with its user and key. It is checked before a failed step is reported, as it names the cause.
     */
    @Test
    void gatewayAndWorkerRunningAsTheirUsersUseEveryFeatureWithoutARefusedCommand() throws Throwable {
        run("admin", RedisCommands::aclLogReset); // the other tests provoke refusals on purpose

        Throwable failedStep = catchThrowable(RedisAclTest::useEveryFeature);

        assertThat(refusedCommands()).as("commands Redis refused (ACL LOG); %s", failedStep == null ? "every step completed"
                : "a step failed too: " + failedStep).isEmpty();
        if (failedStep != null) {
            throw failedStep;
        }
    }

    /** Each feature that sends its own Redis commands, once, with the background tasks on short intervals. */
    private static void useEveryFeature() throws Exception {
        String schema = TestServers.isolatedSchema(); // the reconciler republishes every pending request it sees
        try (RunningGateway gateway = RunningGateway.start("", settings("gateway", "gateway", schema, Map.of(
                "rate.reconciler.enabled", "true", "rate.reconciler.interval-ms", "300", "rate.reconciler.min-age-ms", "500")))) {
            List<String> withAVanishedEntry = requestsOneOfWhichLosesItsEntryBeforeAnyWorkerRuns(gateway);
            try (RunningGateway worker = RunningGateway.start("", settings("worker", "validator", schema, Map.of()))) {
                withAVanishedEntry.forEach(requestId -> assertSucceeds(gateway, "/api/validation/status/" + requestId));
                aPushClientReceivesItsResultAndAgainWhenItResumes(gateway);
                assertSucceeds(gateway, "/api/validation/status/" + accepted(gateway.postJson(VALIDATE, ITEMS)));
                assertSucceeds(gateway, "/api/validation/status/" + accepted(gateway.postJson(VALIDATE,
                        "{\"priority\": \"high\", \"data\": {\"items\": [{\"phone\": \"0912345678\"}]}}")));
                aRepeatedIdempotencyKeyGetsTheFirstAnswer(gateway);
                assertSucceeds(gateway, "/api/importer/status/" + accepted(gateway.postJson("/api/importer/import",
                        "{\"data\": {\"items\": [{\"name\": \"Trần Thị Bình\", \"phone\": \"0912345678\"}]}}")));
                try (SseClient console = SseClient.connect(gateway.url("/api/monitoring/live"),
                        Map.of("Authorization", "Bearer " + RunningGateway.token("acl-operator", List.of(Scopes.MONITORING_READ))))) {
                    console.awaitNamed("tick");
                    deadLettersAreListedReplayedAndDeleted(gateway);
                    console.await(event -> "monitoring".equals(event.name()) && "dead_lettered".equals(event.data().path("type").asText()));
                }
                theStreamsAreReadForTheMetricsAndTheConsole(gateway);
                theStreamsAreTrimmedToTheirBound();
                assertThat(gateway.get("/api/health").statusCode()).isEqualTo(200);
                assertThat(worker.get("/api/health").statusCode()).isEqualTo(200);
            }
        }
    }

    /** Three requests; the middle one's entry then vanishes (as in a failover), so only the reconciler publishes it. */
    private static List<String> requestsOneOfWhichLosesItsEntryBeforeAnyWorkerRuns(RunningGateway gateway) {
        List<String> requestIds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            requestIds.add(accepted(gateway.postJson(VALIDATE, ITEMS)));
        }
        inAppDatabase(redis -> redis.xdel("validation_requests",
                redis.xrange("validation_requests", Range.create("-", "+")).get(1).getId()));
        return requestIds;
    }

    private static void aPushClientReceivesItsResultAndAgainWhenItResumes(RunningGateway gateway) {
        String since;
        String requestId;
        try (PushClient client = PushClient.connect(gateway.url(""), TestTokens.of("acl-pusher"), "")) {
            since = client.awaitType("ready").get("event_id").asText();
            client.send("{\"type\": \"validate\", \"ref\": \"r1\", \"data\": {\"items\": [{\"phone\": \"0912345678\"}]}}");
            requestId = client.awaitType("ack").get("request_id").asText();
            client.await(message -> "result".equals(message.path("type").asText())
                                    && requestId.equals(message.path("request_id").asText()));
        }

        try (PushClient resumed = PushClient.connect(gateway.url(""), TestTokens.of("acl-pusher"), "?since=" + since)) {
            JsonNode result = resumed.awaitType("result");

            assertThat(result.get("request_id").asText()).isEqualTo(requestId);
        }
    }

    private static void aRepeatedIdempotencyKeyGetsTheFirstAnswer(RunningGateway gateway) {
        Supplier<HttpResponse<String>> post = () -> RunningGateway.send(gateway.request(VALIDATE)
                .header("Idempotency-Key", "acl-key").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ITEMS)));

        HttpResponse<String> first = post.get();
        HttpResponse<String> second = post.get();

        assertThat(second.body()).isEqualTo(first.body());
        assertSucceeds(gateway, "/api/validation/status/" + accepted(first));
    }

    /**
     * Entries that are not JSON: the worker dead-letters the request, the gateway's recorder the response. Both are
     * listed, replayed to the stream each came from (where each fails again), and deleted.
     */
    private static void deadLettersAreListedReplayedAndDeleted(RunningGateway gateway) {
        List<String> originIds = List.of(inAppDatabase(redis -> redis.xadd("validation_requests", Map.of("data", "not json {"))),
                inAppDatabase(redis -> redis.xadd("extension_responses", Map.of("data", "not json {"))));

        List<String> replayedIds = new ArrayList<>();
        for (JsonNode entry : awaitDeadLetters(gateway, originIds)) {
            JsonNode replayed = json(RunningGateway.send(gateway.request("/api/monitoring/dlq/" + entry.get("id").asText() + "/replay")
                    .POST(HttpRequest.BodyPublishers.noBody())));
            assertThat(replayed.get("replayed_to").asText()).isEqualTo(entry.get("origin_stream").asText());
            replayedIds.add(replayed.get("entry_id").asText());
        }
        for (JsonNode entry : awaitDeadLetters(gateway, replayedIds)) {
            assertThat(RunningGateway.send(gateway.request("/api/monitoring/dlq/" + entry.get("id").asText()).DELETE()).statusCode())
                    .isEqualTo(200);
        }

        assertThat(json(gateway.get("/api/monitoring/dlq")).get("entries")).isEmpty();
    }

    /** The dead-letter entries of these stream entries, as GET /api/monitoring/dlq lists them, once all are there. */
    private static List<JsonNode> awaitDeadLetters(RunningGateway gateway, List<String> originIds) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(
                () -> StreamSupport.stream(json(gateway.get("/api/monitoring/dlq")).get("entries").spliterator(), false)
                        .filter(entry -> originIds.contains(entry.get("origin_id").asText())).toList(),
                entries -> entries.size() == originIds.size());
    }

    /** The collector (lease, XINFO, back-pressure state) shows the streams on /metrics; the console reads them too. */
    private static void theStreamsAreReadForTheMetricsAndTheConsole(RunningGateway gateway) {
        await().atMost(Duration.ofSeconds(20)).until(() -> gateway.get("/metrics").body().contains("rategw_stream_group_pending{"));
        JsonNode streams = json(gateway.get("/api/monitoring/streams"));
        assertThat(streams.get("streams")).hasSize(4);
        assertThat(streams.at("/dlq/stream").asText()).isEqualTo("validation_dlq");
    }

    /** With every entry acknowledged, the trimmers of both roles cut the streams down to their bound. */
    private static void theStreamsAreTrimmedToTheirBound() {
        for (String stream : List.of("validation_requests", "extension_responses")) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                long length = inAppDatabase(redis -> redis.xlen(stream));
                assertThat(length).as(stream).isLessThanOrEqualTo(TRIM_MAX_LEN);
            });
        }
    }

    @Test
    void validatorMaySendEveryCommandOfAGroupReaderOnRequestsAndPublishResponses() {
        String responseId = run("validator", redis -> redis.xadd("extension_responses", Map.of("data", "{}")));

        assertThat(groupReaderCommands("validator", "validation_requests", "validators-check")).isEqualTo(1);
        assertThat(responseId).isNotBlank();
    }

    @Test
    void gatewayMaySendEveryCommandOfAGroupReaderOnResponses() {
        assertThat(groupReaderCommands("gateway", "importer_responses", "recorders-check")).isEqualTo(1);
    }

    @Test
    void gatewayCannotTakeRequestsFromTheValidatorsNorDeleteThemNorTouchOtherKeys() {
        assertRefused("gateway", redis -> redis.xreadgroup(Consumer.from("validators", "intruder"),
                XReadArgs.StreamOffset.lastConsumed("validation_requests")));
        assertRefused("gateway", redis -> redis.xack("validation_requests_high", "validators", "1-0"));
        assertRefused("gateway", redis -> redis.xdel("validation_requests", "1-0"));
        assertRefused("gateway", redis -> redis.get("some_other_key"));
        assertRefused("gateway", redis -> redis.eval("return redis.call('get', KEYS[1])", ScriptOutputType.VALUE, "some_other_key"));
        assertRefused("gateway", RedisCommands::flushall);
        assertRefused("gateway", redis -> redis.configSet("appendonly", "yes"));
        assertRefused("gateway", redis -> redis.keys("*"));
    }

    @Test
    void validatorCannotTouchRateLimitsIdempotencyKeysResponseGroupsTheDlqOrPublishRequests() {
        assertRefused("validator", redis -> redis.get("rate_limit:validation:write:someone"));
        assertRefused("validator", redis -> redis.get("idempotency:someone"));
        assertRefused("validator", redis -> redis.xreadgroup(Consumer.from("status-recorders", "intruder"),
                XReadArgs.StreamOffset.lastConsumed("extension_responses")));
        assertRefused("validator", redis -> redis.xrange("validation_dlq", Range.create("-", "+")));
        assertRefused("validator", redis -> redis.xadd("validation_requests", Map.of("data", "{}")));
        assertRefused("validator", redis -> redis.xadd("validation_requests_high", Map.of("data", "{}")));
        assertRefused("validator", RedisCommands::flushall);
    }

    @Test
    void prometheusReadsServerAndStreamMetricsButNoEntries() {
        run("gateway", redis -> redis.xadd("validation_dlq", Map.of("data", "{\"phone\": \"0912345678\"}")));

        String info = run("prometheus", redis -> redis.info("server"));
        Long length = run("prometheus", redis -> redis.xlen("validation_dlq"));
        Long highPriorityLength = run("prometheus", redis -> redis.xlen("validation_requests_high"));
        String type = run("prometheus", redis -> redis.type("validation_dlq"));

        assertThat(info).contains("redis_version");
        assertThat(length).isEqualTo(1);
        assertThat(highPriorityLength).isZero();
        assertThat(type).isEqualTo("stream");
        assertRefused("prometheus", redis -> redis.xrange("validation_dlq", Range.create("-", "+")));
        assertRefused("prometheus", redis -> redis.xinfoStream("validation_dlq"));
        assertRefused("prometheus", redis -> redis.xadd("validation_dlq", Map.of("data", "x")));
        assertRefused("prometheus", redis -> redis.get("rate_limit:validation:write:someone"));
    }

    @Test
    void anonymousConnectionsAreRefused() {
        try (RedisClient client = RedisClient.create("redis://127.0.0.1:" + port)) {
            assertThatThrownBy(() -> {
                try (StatefulRedisConnection<String, String> connection = client.connect()) {
                    connection.sync().ping();
                }
            }).rootCause().hasMessageContaining("NOAUTH");
        }
    }

    /** The role as its user, in the test's schema, trimming often, with {@code more} settings. */
    private static Map<String, String> settings(String role, String user, String schema, Map<String, String> more) {
        Map<String, String> settings = new HashMap<>(Map.of("rate.roles", role, "rate.redis.url", url(user), "rate.db.schema", schema,
                "rate.trim.interval-ms", "200", "rate.trim.max-len", Long.toString(TRIM_MAX_LEN),
                "rate.monitoring.collect-interval-ms", "200"));
        settings.putAll(more);
        return settings;
    }

    private static String accepted(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return json(response).get("request_id").asText();
    }

    private static void assertSucceeds(RunningGateway gateway, String statusPath) {
        JsonNode done = await().atMost(Duration.ofSeconds(20)).until(() -> json(gateway.get(statusPath)),
                status -> !"processing".equals(status.path("status").asText()));

        assertThat(done.get("status").asText()).as(statusPath + " answered " + done).isEqualTo("success");
    }

    /** What Redis refused since the last ACL LOG RESET: user, why (command or key), what, and where (toplevel, lua). */
    private static List<String> refusedCommands() {
        return run("admin", RedisCommands::aclLog).stream()
                .map(entry -> entry.get("username") + " " + entry.get("reason") + " " + entry.get("object")
                              + " (" + entry.get("context") + ")")
                .toList();
    }

    /** What the redis-stream consumer sends: XGROUP CREATE MKSTREAM, XREADGROUP, XPENDING, XAUTOCLAIM, XACK. */
    private static long groupReaderCommands(String user, String stream, String group) {
        run("admin", redis -> redis.xadd(stream, Map.of("data", "{}")));
        return run(user, redis -> {
            redis.xgroupCreate(XReadArgs.StreamOffset.from(stream, "0"), group, XGroupCreateArgs.Builder.mkstream());
            Consumer<String> reader = Consumer.from(group, "reader-0");
            String id = redis.xreadgroup(reader, XReadArgs.StreamOffset.lastConsumed(stream)).get(0).getId();
            redis.xpending(stream, reader, Range.create("-", "+"), Limit.from(10));
            redis.xautoclaim(stream, XAutoClaimArgs.Builder.xautoclaim(reader, 0, "0-0").count(10));
            return redis.xack(stream, group, id);
        });
    }

    /** One command as the user, in database 1: the applications of the end-to-end test work in database 0. */
    private static <T> T run(String user, Function<RedisCommands<String, String>, T> command) {
        return run(user, 1, command);
    }

    /** One command as admin in the applications' database. */
    private static <T> T inAppDatabase(Function<RedisCommands<String, String>, T> command) {
        return run("admin", 0, command);
    }

    private static <T> T run(String user, int database, Function<RedisCommands<String, String>, T> command) {
        RedisClient client = RedisClient.create(url(user) + "/" + database);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return command.apply(connection.sync());
        } finally {
            client.shutdown();
        }
    }

    private static void assertRefused(String user, Function<RedisCommands<String, String>, ?> command) {
        assertThatThrownBy(() -> run(user, command)).isInstanceOf(RedisCommandExecutionException.class).hasMessageStartingWith("NOPERM");
    }

    private static String url(String user) {
        return "redis://" + user + ":" + user + "-dev-password@127.0.0.1:" + port;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
