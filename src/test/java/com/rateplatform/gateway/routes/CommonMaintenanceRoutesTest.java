package com.rateplatform.gateway.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Produce;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.Test;

/**
 * common-maintenance.camel.yaml with background-errors: each timer's tick calls its job (partitions ahead, retention
 * archive, stream trimming); a job that fails ends its tick failed (counted; retention's is alerted on) without retry,
 * and the next tick runs it again. The ticks are direct: endpoints here; the jobs stand in (PartitionMaintenance,
 * Retention and StreamTrimmer are tested against PostgreSQL and Redis on their own).
 */
@CamelMainTest(properties = {RouteTests.NO_SERVER, RouteTests.NO_MANAGEMENT, RouteTests.NO_METRICS,
        RouteTests.NO_INLINE_ROUTES, "rate.retention.enabled=true"},
        replaceRouteFromWith = {"create-partitions-ahead=direct:create-partitions-ahead", "retention=direct:retention",
                "trim-streams=direct:trim-streams"})
class CommonMaintenanceRoutesTest {

    private final List<String> ran = new CopyOnWriteArrayList<>();
    private volatile boolean archiveFails;

    @Produce
    ProducerTemplate ticks;

    @Configure
    protected void configure(MainConfigurationProperties configuration) {
        RouteTests.load(configuration, this::bindBeans, RouteTests.ERROR_POLICIES, "common-maintenance.camel.yaml");
    }

    private void bindBeans(CamelContext context) {
        context.getRegistry().bind("partitionMaintenance", new Partitions());
        context.getRegistry().bind("retention", new Archive());
        context.getRegistry().bind("streamTrimmer", new Trimmer());
    }

    @Test
    void eachTickRunsItsJob() {
        for (String tick : List.of("direct:create-partitions-ahead", "direct:retention", "direct:trim-streams")) {
            assertThat(ticks.send(tick, exchange -> { }).isFailed()).as(tick).isFalse();
        }

        assertThat(ran).containsExactly("createAhead", "archiveExpired", "trimAll");
    }

    @Test
    void aJobThatFailsEndsItsTickFailedWithoutRetry() {
        archiveFails = true;

        Exchange done = ticks.send("direct:retention", exchange -> { });

        assertThat(done.isFailed()).as("background-errors: logged and counted as failed").isTrue();
        assertThat(done.getException()).isInstanceOf(IOException.class);
        assertThat(ran).containsExactly("archiveExpired");
    }

    public class Partitions {
        public int createAhead() {
            ran.add("createAhead");
            return 0;
        }
    }

    public class Archive {
        public List<String> archiveExpired() throws IOException {
            ran.add("archiveExpired");
            if (archiveFails) {
                throw new IOException("archive directory full");
            }
            return List.of();
        }
    }

    public class Trimmer {
        public void trimAll() {
            ran.add("trimAll");
        }
    }
}
