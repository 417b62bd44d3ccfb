package com.rateplatform.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.support.RunningGateway;
import com.rateplatform.gateway.support.TestServers;

/**
 * Two gateways sharing one Redis key prefix share each caller's limit: the buckets live in Redis, under that prefix
 * (so gateways or test runs with another prefix keep buckets of their own).
 */
@Tag("slow")
class RateLimitAcrossGatewaysTest {

    private static final String PREFIX = TestServers.uniquePrefix("ratelimit");
    private static final Map<String, String> THREE_STATUS_READS_A_MINUTE = Map.of(
            "rate.roles", "gateway",
            "rate.security.rate-limit.validation-read", "3/1m");

    private static RunningGateway first;
    private static RunningGateway second;

    @BeforeAll
    static void start() throws Exception {
        first = RunningGateway.start(PREFIX, with("camel.component.redis-stream.consumer-name", "first"));
        second = RunningGateway.start(PREFIX, with("camel.component.redis-stream.consumer-name", "second"));
    }

    @AfterAll
    static void stop() {
        first.close();
        second.close();
    }

    @Test
    void theFourthRequestOfACallerIs429WhicheverGatewayServedTheFirstThree() {
        String token = RunningGateway.token("poller-1", List.of(Scopes.VALIDATION_READ));

        List<Integer> allowed = List.of(status(first, token), status(second, token), status(first, token));
        HttpResponse<String> refused = statusRequest(second, token);

        assertThat(allowed).containsOnly(404);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.body()).contains("\"code\":\"RATE_LIMITED\"", "validation:read");
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(s -> assertThat(Long.parseLong(s)).isBetween(1L, 20L));
        assertThat(refused.headers().firstValue("RateLimit-Limit")).hasValue("3");
        assertThat(refused.headers().firstValue("RateLimit-Remaining")).hasValue("0");
        assertThat(refused.headers().firstValue("RateLimit-Reset")).isPresent();
        assertThat(refused.headers().firstValue("RateLimit-Policy")).hasValue("3;w=60");
    }

    @Test
    void eachCallerHasABucketOfItsOwn() {
        String busy = RunningGateway.token("poller-2", List.of(Scopes.VALIDATION_READ));
        String quiet = RunningGateway.token("poller-3", List.of(Scopes.VALIDATION_READ));
        for (int i = 0; i < 4; i++) {
            status(first, busy);
        }

        assertThat(status(second, quiet)).isEqualTo(404);
    }

    @Test
    void bucketsAreKeptUnderTheGatewaysKeyPrefix() {
        status(first, RunningGateway.token("poller-4", List.of(Scopes.VALIDATION_READ)));

        assertThat(TestServers.get().redis().exists(PREFIX + "rate_limit:validation:read:poller-4")).isEqualTo(1);
    }

    private static Map<String, String> with(String key, String value) {
        Map<String, String> overrides = new java.util.HashMap<>(THREE_STATUS_READS_A_MINUTE);
        overrides.put(key, value);
        return overrides;
    }

    private static int status(RunningGateway gateway, String token) {
        return statusRequest(gateway, token).statusCode();
    }

    private static HttpResponse<String> statusRequest(RunningGateway gateway, String token) {
        return RunningGateway.send(gateway.unauthenticated("/api/validation/status/unknown-request")
                .header("Authorization", "Bearer " + token).GET());
    }
}
