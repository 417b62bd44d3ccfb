package com.rateplatform.gateway.push;

import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rateplatform.gateway.api.ApiErrors;
import com.rateplatform.gateway.contract.ApiException;

/**
 * Lets a client of a long-lived connection (WebSocket, Server-Sent Events) in, or answers why not as the API's JSON
 * error: the bearer token becomes a caller off the event loop (an authenticator may block, and checks the scope the
 * endpoint needs), and the caller gets a connection if it holds fewer than the limit.
 */
public final class Admission {

    private static final Logger LOG = LoggerFactory.getLogger(Admission.class);

    private final Vertx vertx;
    private final PushAuthenticator authenticator;

    public Admission(Vertx vertx, PushAuthenticator authenticator) {
        this.vertx = vertx;
        this.authenticator = authenticator;
    }

    static ApiException missingToken() {
        return new ApiException(401, "UNAUTHENTICATED", "send a bearer token: the Authorization header, the"
                                                        + " Sec-WebSocket-Protocol 'bearer, <token>' or the access_token parameter", null);
    }

    /** What a push endpoint does with an authenticated client: its caller, and where to resume from (null: now). */
    @FunctionalInterface
    public interface Authenticated {
        void accept(String caller, String since);
    }

    /**
     * The steps every push endpoint starts with: the bearer token (401 without one), the resume position the client
     * asked for ({@code since} may throw the API's 400), and the caller the token names, found off the event loop
     * (401, 403, 429 from the guard). The request is paused meanwhile so it cannot end unread; {@code then} runs on
     * the request's event loop.
     */
    public void authenticate(HttpServerRequest request, Optional<BearerToken> token, Supplier<String> since, Authenticated then) {
        if (token.isEmpty()) {
            refuse(request, missingToken());
            return;
        }
        String position;
        try {
            position = since.get();
        } catch (ApiException e) {
            refuse(request, e);
            return;
        }
        request.pause();
        caller(token.get()).onComplete(authenticated -> {
            if (authenticated.failed()) {
                refuse(request, authenticated.cause());
                return;
            }
            then.accept(authenticated.result(), position);
        });
    }

    /** The caller of the token, completed on the event loop of the request. */
    private Future<String> caller(BearerToken token) {
        return vertx.executeBlocking(() -> authenticator.callerFor(token.value()), false);
    }

    /**
     * Registers the connection; false (and the request answered 429) when its caller already holds the most allowed.
     *
     * @param register adds the connection where it belongs; false when the caller holds too many
     */
    public boolean admit(HttpServerRequest request, BooleanSupplier register) {
        if (register.getAsBoolean()) {
            return true;
        }
        refuse(request, new ApiException(429, "TOO_MANY_CONNECTIONS",
                "this caller already holds the most push connections allowed on this gateway", null));
        return false;
    }

    public static void refuse(HttpServerRequest request, Throwable failure) {
        ApiException error = failure instanceof ApiException api ? api : internal(failure);
        HttpServerResponse response = request.response();
        if (response.ended()) {
            return;
        }
        request.resume();
        response.setStatusCode(error.status()).putHeader("Content-Type", "application/json");
        if (error.status() == 401) {
            response.putHeader("WWW-Authenticate", "Bearer");
        }
        response.end(ApiErrors.body(error));
    }

    private static ApiException internal(Throwable failure) {
        LOG.error("Push connection refused by an unexpected failure", failure);
        return new ApiException(500, "INTERNAL_ERROR", "Internal error; it has been logged", null);
    }
}
