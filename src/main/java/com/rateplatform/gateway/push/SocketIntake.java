package com.rateplatform.gateway.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rateplatform.gateway.message.Json;

/**
 * A {@code validate} message from a socket goes through the very intake of {@code POST /api/validation/validate}
 * (route {@code validate}: guard, parse, record, publish) with the socket's credential, off the event loop, so the
 * same scope ({@code validation:write}) and rate limit apply. Its 202 answer becomes an {@code ack}, its JSON error an
 * {@code error}.
 */
final class SocketIntake {

    private static final Logger LOG = LoggerFactory.getLogger(SocketIntake.class);
    static final String INTAKE = "direct:validate";

    private final Vertx vertx;
    private final ProducerTemplate template;

    SocketIntake(Vertx vertx, ProducerTemplate template) {
        this.vertx = vertx;
        this.template = template;
    }

    /** @param message the client's message; fields other than the request's ({@code type}, {@code ref}) are ignored */
    Future<String> submit(String credential, String message, JsonNode ref) {
        return vertx.executeBlocking(() -> {
            Exchange exchange = template.send(INTAKE, e -> {
                e.getIn().setBody(message);
                e.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
                BearerToken.requestHeaders(credential).forEach(e.getIn()::setHeader);
            });
            return reply(exchange, ref);
        }, false);
    }

    private static String reply(Exchange exchange, JsonNode ref) throws JsonProcessingException {
        if (exchange.getException() != null) {
            LOG.error("Intake of a socket request failed", exchange.getException());
            return PushMessages.error("INTERNAL_ERROR", "Internal error; it has been logged", null, ref);
        }
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        JsonNode body = Json.MAPPER.readTree(exchange.getMessage().getBody(String.class));
        if (status != null && status == 202) {
            return PushMessages.ack(body.path("request_id").asText(), ref);
        }
        JsonNode error = body.path("error");
        return PushMessages.error(error.path("code").asText("INTERNAL_ERROR"), error.path("message").asText(""),
                error.path("field").asText(null), ref);
    }
}
