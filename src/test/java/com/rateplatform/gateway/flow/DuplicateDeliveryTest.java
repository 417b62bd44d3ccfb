package com.rateplatform.gateway.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.support.RunningGateway;
import com.rateplatform.gateway.support.TestServers;

/** The same stream entry delivered twice leaves one row of each kind. */
class DuplicateDeliveryTest {

    @Test
    void aRequestEntryPublishedTwiceIsRecordedOnce() throws Exception {
        String prefix = TestServers.uniquePrefix("duplicate");
        String requestId = "dup-" + System.nanoTime();
        try (RunningGateway gateway = RunningGateway.start(prefix, Map.of("rate.roles", "gateway"))) {
            var accepted = gateway.postJson("/api/importer/import", """
                    {"request_id": "%s", "data": {"items": [{"phone": "0912345678"}, {"name": "Xy"}]}}""".formatted(requestId));
            assertThat(accepted.statusCode()).isEqualTo(202);
            // Deliver the very same entry a second time, as a redelivery after a crash would.
            String entry = TestServers.get().redis().xrange(prefix + "validation_requests", io.lettuce.core.Range.create("-", "+"))
                    .get(0).getBody().get("data");
            TestServers.get().redis().xadd(prefix + "validation_requests", Map.of("data", entry));

            try (RunningGateway worker = RunningGateway.start(prefix, Map.of("rate.roles", "worker"))) {
                await().atMost(Duration.ofSeconds(20)).until(() ->
                        TestServers.get().redis().xpending(prefix + "validation_requests", "validators").getCount() == 0
                        && TestServers.get().redis().xlen(prefix + "importer_responses") == 2);
                await().atMost(Duration.ofSeconds(20)).until(() ->
                        TestServers.get().redis().xpending(prefix + "importer_responses", "status-recorders").getCount() == 0
                        && TestServers.get().count("SELECT count(*) FROM validation_responses WHERE request_id = ?", requestId) == 1);
            }
        }

        assertThat(TestServers.get().count("SELECT count(*) FROM validation_responses WHERE request_id = ?", requestId)).isEqualTo(1);
        assertThat(TestServers.get().count("SELECT count(*) FROM raw_items WHERE request_id = ?", requestId)).isEqualTo(2);
        long reportedErrors = TestServers.get().count("""
                SELECT count(*) FROM validation_responses, jsonb_array_elements(result -> 'results') r,
                       jsonb_array_elements(coalesce(r -> 'details' -> 'errors', '[]'::jsonb))
                 WHERE request_id = ?""", requestId);
        assertThat(reportedErrors).isPositive();
        assertThat(TestServers.get().count("SELECT count(*) FROM raw_item_errors WHERE request_id = ?", requestId))
                .isEqualTo(reportedErrors);
    }
}
