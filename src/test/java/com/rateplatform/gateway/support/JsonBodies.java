package com.rateplatform.gateway.support;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;

import com.rateplatform.gateway.message.Json;

/** The JSON body of an HTTP answer, or a test failure that shows what came instead. */
public final class JsonBodies {

    private JsonBodies() {
    }

    public static JsonNode json(HttpResponse<String> response) {
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError("Not JSON: " + response.body(), e);
        }
    }
}
