package com.rateplatform.gateway;

import java.util.List;

import com.rateplatform.gateway.app.EmbeddedInfrastructure;
import com.rateplatform.gateway.app.GatewayMain;
import com.rateplatform.gateway.security.TokenCommand;

/**
 * Entry point: starts embedded Redis/PostgreSQL for whatever is not configured, then the Camel runtime until stopped.
 * {@code token ...} instead manages API tokens in the configured database ({@link TokenCommand}) and exits.
 */
public final class RateGatewayApplication {

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
            GatewayMain.create(embedded.properties()).run(args);
        }
    }
}
