package com.rateplatform.gateway.push;

import java.util.Optional;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rateplatform.gateway.contract.ApiException;

/**
 * {@code GET /api/validation/ws}: authenticates the handshake, enforces the per-caller limit, upgrades, and from then
 * on pushes the caller's results and answers its messages. Refusals happen before the upgrade, as HTTP JSON errors
 * (401, 429, 400 for a bad {@code since}).
 */
final class WebSocketEndpoint implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketEndpoint.class);
    private static final String SUBPROTOCOL_HEADER = "Sec-WebSocket-Protocol";

    private final Admission admission;
    private final ClientMessages messages;
    private final Resumption resumption;
    private final PushHub hub;
    private final PushSettings settings;

    WebSocketEndpoint(Admission admission, ClientMessages messages, Resumption resumption, PushHub hub, PushSettings settings) {
        this.admission = admission;
        this.messages = messages;
        this.resumption = resumption;
        this.hub = hub;
        this.settings = settings;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (!"websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE))) {
            Admission.refuse(request, new ApiException(426, "UPGRADE_REQUIRED", "this endpoint speaks WebSocket only", null));
            return;
        }
        Optional<BearerToken> token = BearerToken.find(request.getHeader(HttpHeaders.AUTHORIZATION),
                request.getHeader(SUBPROTOCOL_HEADER), request.getParam("access_token"));
        // The request stays paused while the authenticator works; toWebSocket resumes it.
        admission.authenticate(request, token, () -> since(request), (caller, since) -> upgrade(request, token.get(), caller, since));
    }

    private static String since(HttpServerRequest request) {
        String since = request.getParam("since");
        return since == null ? null : MissedResults.checkedEventId(since, "since");
    }

    private void upgrade(HttpServerRequest request, BearerToken token, String caller, String since) {
        WebSocketSession session = new WebSocketSession(caller, token.value(), settings.heartbeatMissedMax());
        if (!admission.admit(request, () -> hub.register(session))) {
            return;
        }
        if (token.fromSubprotocol()) {
            // Select "bearer", never the token: the handshake answers with the extra headers of the response.
            request.response().putHeader(SUBPROTOCOL_HEADER, BearerToken.SUBPROTOCOL);
        }
        request.toWebSocket().onComplete(upgraded -> {
            if (upgraded.failed()) {
                hub.unregister(session);
                LOG.debug("WebSocket handshake of {} failed: {}", session.caller(), upgraded.cause().getMessage());
                return;
            }
            open(session, upgraded.result(), since);
        });
    }

    private void open(WebSocketSession session, ServerWebSocket socket, String since) {
        session.attach(socket, settings.maxBufferedBytes());
        socket.textMessageHandler(text -> messages.handle(session, text));
        socket.binaryMessageHandler(binary -> session.sendText(PushMessages.error("INVALID_TYPE",
                "messages are JSON text", null, null)));
        socket.closeHandler(closed -> hub.unregister(session));
        socket.exceptionHandler(e -> LOG.debug("WebSocket of {}: {}", session.caller(), e.getMessage()));
        resumption.connected(session, since);
    }
}
