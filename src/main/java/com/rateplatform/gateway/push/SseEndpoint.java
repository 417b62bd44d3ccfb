package com.rateplatform.gateway.push;

import java.util.Optional;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;


/**
 * {@code GET /api/validation/events}: a Server-Sent Events stream of the caller's results, for clients that cannot
 * use WebSocket. {@code Last-Event-ID} (or {@code last_event_id}) asks for the results published after that event,
 * such as those published while the client was reconnecting.
 */
final class SseEndpoint implements Handler<RoutingContext> {

    private final Admission admission;
    private final Resumption resumption;
    private final PushHub hub;
    private final PushSettings settings;

    SseEndpoint(Admission admission, Resumption resumption, PushHub hub, PushSettings settings) {
        this.admission = admission;
        this.resumption = resumption;
        this.hub = hub;
        this.settings = settings;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        Optional<BearerToken> token = BearerToken.find(request.getHeader(HttpHeaders.AUTHORIZATION), null,
                request.getParam("access_token"));
        // As for any request answered later: the request stays paused while the authenticator works.
        admission.authenticate(request, token, () -> lastEventId(request), (caller, since) -> {
            request.resume();
            SseWriter writer = new SseWriter(request.response());
            SseStream stream = new SseStream(caller, writer, settings.heartbeatMissedMax());
            if (!admission.admit(request, () -> hub.register(stream))) {
                return;
            }
            writer.onClose(() -> hub.unregister(stream));
            stream.open(settings.maxBufferedBytes());
            resumption.connected(stream, since);
        });
    }

    private static String lastEventId(HttpServerRequest request) {
        String header = request.getHeader("Last-Event-ID");
        if (header != null && !header.isBlank()) {
            return MissedResults.checkedEventId(header.trim(), "Last-Event-ID");
        }
        String parameter = request.getParam("last_event_id");
        return parameter == null ? null : MissedResults.checkedEventId(parameter, "last_event_id");
    }
}
