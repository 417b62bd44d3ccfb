package com.rateplatform.gateway.monitoring;

import java.util.Optional;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rateplatform.gateway.push.Admission;
import com.rateplatform.gateway.api.StaticPage;
import com.rateplatform.gateway.push.BearerToken;
import com.rateplatform.gateway.push.PushAuthenticator;
import com.rateplatform.gateway.push.SseWriter;

/**
 * {@code GET /api/monitoring/live}: the operations console's live feed as Server-Sent Events, for callers with
 * {@code monitoring:read}. Authenticated like the results stream (a bearer token in the Authorization header or the
 * {@code access_token} parameter, which is what a browser's EventSource can send), on the API's listener, once Camel
 * has fully started (the router exists only then). On stop, every client is told to go.
 */
final class LiveEndpoint extends ServiceSupport implements ExtendedStartupListener, Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(LiveEndpoint.class);
    static final String PATH = "/api/monitoring/live";
    private static final String API_TOKEN_HEADER = "X-API-Token";

    private final PushAuthenticator authenticator;
    private final LiveClients clients;
    private final int maxBufferedBytes;
    private Admission admission;

    LiveEndpoint(PushAuthenticator authenticator, LiveClients clients, int maxBufferedBytes) {
        this.authenticator = authenticator;
        this.clients = clients;
        this.maxBufferedBytes = maxBufferedBytes;
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // The router exists once the context has fully started.
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        VertxPlatformHttpRouter router = StaticPage.mainRouter(context);
        admission = new Admission(router.vertx(), authenticator);
        router.get(PATH).handler(this);
        LOG.info("Live feed of the operations console: Server-Sent Events {}", PATH);
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        // An API token may also come as X-API-Token, as on the REST endpoints.
        String accessToken = Optional.ofNullable(request.getParam("access_token")).orElse(request.getHeader(API_TOKEN_HEADER));
        Optional<BearerToken> token = BearerToken.find(request.getHeader(HttpHeaders.AUTHORIZATION), null, accessToken);
        admission.authenticate(request, token, () -> null, (caller, since) -> {
            request.resume();
            SseWriter writer = new SseWriter(request.response());
            LiveClients.Client client = new LiveClients.Client(caller, writer);
            if (!admission.admit(request, () -> clients.register(client))) {
                return;
            }
            writer.onClose(() -> clients.unregister(client));
            writer.open(maxBufferedBytes);
        });
    }

    @Override
    protected void doStop() {
        clients.closeAll();
    }
}
