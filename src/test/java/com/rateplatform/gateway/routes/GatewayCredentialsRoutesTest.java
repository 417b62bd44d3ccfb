package com.rateplatform.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Produce;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.Test;

/**
 * gateway-credentials.camel.yaml with background-errors: each tick asks for revoked tokens and forgets them; with
 * PostgreSQL down the tick fails, without retry (the next one asks again). The revocation check stands in here.
 */
@CamelMainTest(properties = {RouteTests.NO_SERVER, RouteTests.NO_MANAGEMENT, RouteTests.NO_METRICS,
        RouteTests.NO_INLINE_ROUTES},
        replaceRouteFromWith = "forget-revoked-tokens=direct:forget-revoked-tokens")
class GatewayCredentialsRoutesTest {

    private final AtomicInteger checks = new AtomicInteger();
    private volatile boolean databaseDown;

    @Produce
    ProducerTemplate ticks;

    @Configure
    protected void configure(MainConfigurationProperties configuration) {
        RouteTests.load(configuration, this::bindBeans, RouteTests.ERROR_POLICIES, "gateway-credentials.camel.yaml");
    }

    private void bindBeans(CamelContext context) {
        context.getRegistry().bind("revokedTokens", new Revocations());
    }

    @Test
    void eachTickForgetsTheRevokedTokens() {
        assertThat(ticks.send("direct:forget-revoked-tokens", exchange -> { }).isFailed()).isFalse();

        assertThat(checks).hasValue(1);
    }

    @Test
    void postgresqlDownFailsTheTickWithoutRetry() {
        databaseDown = true;

        Exchange done = ticks.send("direct:forget-revoked-tokens", exchange -> { });

        assertThat(done.isFailed()).isTrue();
        assertThat(checks).hasValue(1);
    }

    public class Revocations {
        public void forgetRevoked() throws SQLException {
            checks.incrementAndGet();
            if (databaseDown) {
                throw new SQLException("connection refused");
            }
        }
    }
}
