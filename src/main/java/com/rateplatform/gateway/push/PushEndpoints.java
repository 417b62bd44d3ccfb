package com.rateplatform.gateway.push;

import java.util.List;

import io.vertx.core.Vertx;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rateplatform.gateway.api.StaticPage;

/**
 * Puts the push endpoints on the router of the platform-http server (same port as the API) once Camel has fully
 * started, runs the heartbeat, and on stop tells every client to go (it reconnects to another gateway and resumes).
 */
final class PushEndpoints extends ServiceSupport implements ExtendedStartupListener {

    private static final Logger LOG = LoggerFactory.getLogger(PushEndpoints.class);
    static final String WEBSOCKET_PATH = "/api/validation/ws";
    static final String EVENTS_PATH = "/api/validation/events";
    static final String DEMO_PATH = "/demo/";

    private final CamelContext context;
    private final PushHub hub;
    private final PushAuthenticator authenticator;
    private final MissedResults missed;
    private final PushSettings settings;
    private Vertx vertx;
    private ProducerTemplate template;
    private long heartbeatTimer = -1;

    PushEndpoints(CamelContext context, PushHub hub, PushAuthenticator authenticator, MissedResults missed,
                  PushSettings settings) {
        this.context = context;
        this.hub = hub;
        this.authenticator = authenticator;
        this.missed = missed;
        this.settings = settings;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // The HTTP server's router exists only once the context has started: see onCamelContextFullyStarted.
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        VertxPlatformHttpRouter router = StaticPage.mainRouter(context);
        vertx = router.vertx();
        template = context.createProducerTemplate();
        Admission admission = new Admission(vertx, authenticator);
        Resumption resumption = new Resumption(vertx, missed, settings.heartbeatIntervalMs());
        ClientMessages messages = new ClientMessages(new SocketIntake(vertx, template), resumption, settings.maxInFlight());
        router.get(WEBSOCKET_PATH).handler(new WebSocketEndpoint(admission, messages, resumption, hub, settings));
        router.get(EVENTS_PATH).handler(new SseEndpoint(admission, resumption, hub, settings));
        if (settings.demoEnabled()) {
            StaticPage demo = new StaticPage(DEMO_PATH, "demo", List.of("index.html", "demo.js", "demo.css"));
            demo.mountOn(router);
            LOG.warn("Demo page on at {} (DEMO_ENABLED=true): do not enable it in production", DEMO_PATH);
        }
        heartbeatTimer = vertx.setPeriodic(settings.heartbeatIntervalMs(), timer -> heartbeat());
        LOG.info("Push endpoints: WebSocket {}, Server-Sent Events {}; heartbeat every {} ms", WEBSOCKET_PATH, EVENTS_PATH,
                settings.heartbeatIntervalMs());
    }

    private void heartbeat() {
        for (PushConnection connection : hub.all()) {
            if (!connection.heartbeat()) {
                hub.unregister(connection);
            }
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (vertx != null && heartbeatTimer >= 0) {
            vertx.cancelTimer(heartbeatTimer);
            heartbeatTimer = -1;
        }
        hub.all().forEach(connection -> connection.close("gateway stopping: reconnect and resume"));
        if (template != null) {
            template.stop();
            template = null;
        }
    }
}
