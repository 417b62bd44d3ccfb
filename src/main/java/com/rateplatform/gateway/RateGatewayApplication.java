package com.rateplatform.gateway;

import com.rateplatform.gateway.app.EmbeddedInfrastructure;
import com.rateplatform.gateway.app.GatewayMain;

/** Entry point: starts embedded Redis/PostgreSQL for whatever is not configured, then the Camel runtime until stopped. */
public final class RateGatewayApplication {

    private RateGatewayApplication() {
    }

    public static void main(String[] args) throws Exception {
        try (EmbeddedInfrastructure embedded = EmbeddedInfrastructure.startMissing(System.getenv())) {
            GatewayMain.create(embedded.properties()).run(args);
        }
    }
}
