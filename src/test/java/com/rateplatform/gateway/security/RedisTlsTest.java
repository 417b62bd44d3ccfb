package com.rateplatform.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.apache.camel.impl.engine.AbstractCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.rateplatform.gateway.support.LogCapture;
import com.rateplatform.gateway.support.RunningGateway;
import com.rateplatform.gateway.support.TestCertificates;
import com.rateplatform.gateway.support.TestServers;
import com.rateplatform.gateway.support.TlsRedis;

/**
 * {@code rediss://}: against a Redis of its own that speaks TLS only, a gateway and worker trusting the authority named
 * by REDIS_TLS_CA_FILE carry a request end to end; one trusting another authority is refused: it does not start, and its
 * log says why.
 */
@Tag("slow")
class RedisTlsTest {

    private static final String REQUEST = "{\"data\": {\"items\": [{\"phone\": \"0912345678\", \"name\": \"Lê Văn Tám\"}]}}";

    @TempDir
    static Path work;
    private static TestCertificates certificates;
    private static TlsRedis redis;

    @BeforeAll
    static void startRedisWithTls() throws Exception {
        assumeTrue(Files.isExecutable(TlsRedis.REDIS_SERVER), "needs redis-server at " + TlsRedis.REDIS_SERVER);
        certificates = TestCertificates.create(work.resolve("tls"), "Redis TLS test CA");
        redis = TlsRedis.start(work.resolve("redis"), certificates);
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void aRequestGoesEndToEndOverTlsWhenRedisTlsCaFileNamesTheServersAuthority() throws Exception {
        try (RunningGateway gateway = RunningGateway.start(TestServers.uniquePrefix("redis-tls"), Map.of("rate.roles", "gateway,worker",
                "rate.redis.url", "rediss://localhost:" + redis.port(),
                "camel.component.redis-stream.tls-ca-file", certificates.authority().toString()))) {
            HttpResponse<String> accepted = gateway.postJson("/api/validation/validate", REQUEST);
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            String requestId = accepted.body().replaceAll(".*\"request_id\":\"([^\"]+)\".*", "$1");

            HttpResponse<String> done = await().atMost(Duration.ofSeconds(20))
                    .until(() -> gateway.get("/api/validation/status/" + requestId), r -> r.body().contains("\"status\":\"success\""));

            assertThat(done.body()).contains("\"e164\":\"+84912345678\"");
            assertThat(gateway.get("/api/health").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aServerCertificateFromAnotherAuthorityIsRefusedAndTheGatewayDoesNotStartSayingWhy() throws Exception {
        TestCertificates otherAuthority = TestCertificates.create(work.resolve("other-tls"), "Some other CA");
        try (LogCapture camel = LogCapture.of(AbstractCamelContext.class)) {
            assertThatThrownBy(() -> RunningGateway.start(TestServers.uniquePrefix("redis-tls"), Map.of("rate.roles", "gateway",
                    "rate.redis.url", "rediss://localhost:" + redis.port(),
                    "camel.component.redis-stream.tls-ca-file", otherAuthority.authority().toString())))
                    .hasStackTraceContaining("TLS handshake with Redis at localhost:" + redis.port() + " failed");

            assertThat(camel.lines()).anySatisfy(line -> assertThat(line).startsWith("ERROR")
                    .contains("TLS handshake with Redis at localhost:" + redis.port() + " failed")
                    .contains("unable to find valid certification path").contains("REDIS_TLS_CA_FILE"));
        }
    }
}
