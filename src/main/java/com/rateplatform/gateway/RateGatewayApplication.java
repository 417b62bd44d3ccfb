package com.rateplatform.gateway;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

import com.rateplatform.gateway.app.EmbeddedInfrastructure;
import com.rateplatform.gateway.app.GatewayMain;
import com.rateplatform.gateway.security.TokenCommand;

/**
 * Entry point: starts embedded Redis/PostgreSQL for whatever is not configured, then the Camel runtime until stopped.
 * {@code token ...} instead manages API tokens in the configured database ({@link TokenCommand}) and exits.
 */
public final class RateGatewayApplication {

    /** Longer than a drain and a graceful stop take (SHUTDOWN_DRAIN_MS + SHUTDOWN_TIMEOUT_SECONDS by default). */
    private static final Duration EMBEDDED_STOP_MAX_WAIT = Duration.ofSeconds(60);

    private RateGatewayApplication() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("token")) {
            int exitCode = TokenCommand.run(List.of(args).subList(1, args.length), System.getenv(), System.out, System.err);
            if (exitCode != 0) {
                System.exit(exitCode);
            }
            return;
        }
        try (EmbeddedInfrastructure embedded = EmbeddedInfrastructure.startMissing(System.getenv())) {
            Main main = GatewayMain.create(embedded.properties());
            // On SIGTERM, Camel drains and stops inside a JVM shutdown hook: the embedded servers stop after it.
            CountDownLatch stopped = new CountDownLatch(1);
            main.addMainListener(new MainListenerSupport() {
                @Override
                public void afterStop(BaseMainSupport support) {
                    stopped.countDown();
                }
            });
            embedded.stopAtExitAfter(stopped, EMBEDDED_STOP_MAX_WAIT);
            try {
                main.run(args);
            } finally {
                stopped.countDown();
            }
        }
    }
}
