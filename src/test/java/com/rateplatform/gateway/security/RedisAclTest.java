package com.rateplatform.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

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
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.support.RunningGateway;

/**
 * {@code config/redis-acl.conf} on a Redis 7 of this test's own (a free loopback port, stopped at the end): the gateway
 * and the worker, running as their users, take a request all the way to success, and each user is refused outside
 * its job. The development passwords are those docs/Security.md lists.
 */
class RedisAclTest {

    private static final Path REDIS_SERVER = Path.of("/usr/bin/redis-server");
    private static final Path ACL_CONF = Path.of("config/redis-acl.conf");

    private static Process redis;
    private static Path workDir;
    private static int port;

    @BeforeAll
    static void startRedisWithTheAcl() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(REDIS_SERVER), "needs Redis 7 at " + REDIS_SERVER);
        port = freePort();
        workDir = Files.createTempDirectory("redis-acl-test");
        redis = new ProcessBuilder(REDIS_SERVER.toString(), ACL_CONF.toAbsolutePath().toString(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", workDir.toString())
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

    @Test
    void gatewayAndWorkerRunningAsTheirUsersTakeARequestToSuccess() throws Exception {
        try (RunningGateway gateway = RunningGateway.start("", Map.of("rate.roles", "gateway", "rate.redis.url", url("gateway")));
             RunningGateway worker = RunningGateway.start("", Map.of("rate.roles", "worker", "rate.redis.url", url("validator")))) {
            String requestId = Json.MAPPER.readTree(gateway.postJson("/api/validation/validate",
                    "{\"data\": {\"items\": [{\"phone\": \"0912345678\"}]}}").body()).get("request_id").asText();

            JsonNode done = await().atMost(Duration.ofSeconds(20)).until(
                    () -> Json.MAPPER.readTree(gateway.get("/api/validation/status/" + requestId).body()),
                    status -> !"processing".equals(status.path("status").asText()));

            assertThat(done.get("status").asText()).isEqualTo("success");
            assertThat(worker.get("/api/health").statusCode()).isEqualTo(200);
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
        String type = run("prometheus", redis -> redis.type("validation_dlq"));

        assertThat(info).contains("redis_version");
        assertThat(length).isEqualTo(1);
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

    /** One command as the user, in database 1: the applications of the first test work in database 0. */
    private static <T> T run(String user, Function<RedisCommands<String, String>, T> command) {
        RedisClient client = RedisClient.create(url(user) + "/1");
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
