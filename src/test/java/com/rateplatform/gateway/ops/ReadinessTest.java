package com.rateplatform.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.rateplatform.gateway.support.RunningGateway;
import com.rateplatform.gateway.support.TestServers;

/** Readiness names the free disk space and the stream readers; liveness is not affected by either. */
@Tag("slow")
class ReadinessTest {

    @TempDir
    Path archive;

    @Test
    void readinessIsDownNamingTheDiskWhileItsVolumeHasLessFreeSpaceThanRequiredAndLivenessStaysUp() throws Exception {
        Path notYetCreated = archive.resolve("archives/monthly");
        try (RunningGateway gateway = RunningGateway.start(TestServers.uniquePrefix("disk"), Map.of("rate.roles", "gateway",
                "rate.retention.archive-dir", notYetCreated.toString(), "rate.health.min-free-disk-percent", "100"))) {
            HttpResponse<String> ready = gateway.get("/api/health/ready");

            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).contains("\"name\":\"disk\"").doesNotContain("\"name\":\"redis\"");
            assertThat(gateway.get("/api/health/live").statusCode()).isEqualTo(200);
            assertThat(Files.exists(notYetCreated)).isFalse();
        }
    }

    @Test
    void readinessIsDownWhileAStreamReaderIsStuckOnAnEntryAndUpOnceItMovesOn() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (RunningGateway gateway = RunningGateway.start(TestServers.uniquePrefix("stuck"), Map.of("rate.roles", "gateway",
                // a reader is stalled after block + command timeout + claimIdle without a turn: 2.6 s here
                "camel.component.redis-stream.command-timeout", "2000"))) {
            gateway.context().addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("redis-stream:stuck-test?group=g&block=100&claimIdle=500&claimInterval=600000")
                            .routeId("stuck-reader").process(exchange -> release.await());
                }
            });
            assertThat(gateway.get("/api/health/ready").statusCode()).isEqualTo(200);

            TestServers.get().redis().xadd(gateway.key("stuck-test"), Map.of("data", "{}"));

            HttpResponse<String> stuck = await().atMost(Duration.ofSeconds(20)).until(() -> gateway.get("/api/health/ready?exposureLevel=full"),
                    r -> r.statusCode() == 503);
            assertThat(stuck.body()).contains("\"name\":\"stream-consumers\"").contains("stuck-reader").contains("stuck-test");
            assertThat(gateway.get("/api/health/live").statusCode()).isEqualTo(200);

            release.countDown();

            await().atMost(Duration.ofSeconds(20)).until(() -> gateway.get("/api/health/ready").statusCode() == 200);
        } finally {
            release.countDown();
        }
    }

    @Test
    void aStreamRouteStoppedOnPurposeDoesNotMakeTheInstanceUnready() throws Exception {
        try (RunningGateway gateway = RunningGateway.start(TestServers.uniquePrefix("stopped-route"), Map.of())) {
            gateway.context().getRouteController().stopRoute("validator");

            assertThat(gateway.get("/api/health/ready").statusCode()).isEqualTo(200);
        }
    }
}
