package com.rateplatform.gateway.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.vertx.core.net.SocketAddress;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConstants;

import com.rateplatform.gateway.message.Json;

/**
 * {@code GET /api/openapi.json}: the OpenAPI description kept by hand in {@value #RESOURCE} (every HTTP entry point,
 * held to the real routers by tests). Its property placeholders are resolved once, at start, so the limits it states
 * are the configured ones; each answer sets {@code servers} to where clients reach this gateway: the public base URL
 * when one is configured (a gateway behind a proxy or load balancer), else the scheme, address and port of the
 * listener that took the request, never the wildcard address it is bound to.
 */
public class OpenApiDescription {

    /** Classpath location of the description. */
    public static final String RESOURCE = "openapi/rate-gateway.yaml";

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{[A-Za-z0-9._-]+}}");

    private final ObjectNode document;
    private final String publicBaseUrl;

    OpenApiDescription(ObjectNode document, String publicBaseUrl) {
        this.document = document;
        this.publicBaseUrl = publicBaseUrl == null ? "" : publicBaseUrl.trim().replaceAll("/+$", "");
    }

    /** Reads the description and resolves its placeholders against the context's properties. */
    public static OpenApiDescription load(CamelContext context, String publicBaseUrl) {
        String template;
        try (InputStream in = OpenApiDescription.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            JsonNode parsed = YAML.readTree(resolvePlaceholders(context, template));
            return new OpenApiDescription((ObjectNode) parsed, publicBaseUrl);
        } catch (IOException e) {
            throw new IllegalStateException(RESOURCE + " is not valid YAML once its placeholders are resolved: " + e.getMessage(), e);
        }
    }

    /**
     * Each {@code {{key}}} replaced by the key's value. Not the whole text through Camel's resolver: JSON examples in
     * the description end in "}}" of their own, which it would take for placeholders.
     */
    private static String resolvePlaceholders(CamelContext context, String template) {
        return PLACEHOLDER.matcher(template).replaceAll(placeholder -> Matcher.quoteReplacement(
                context.resolvePropertyPlaceholders(placeholder.group())));
    }

    /** The route step: the description as JSON, with the server URL of this request's listener. */
    public String render(@Header(Exchange.HTTP_URL) String requestUrl,
                         @Header(VertxPlatformHttpConstants.LOCAL_ADDRESS) SocketAddress listener) {
        ObjectNode answer = document.deepCopy();
        ObjectNode server = answer.putArray("servers").addObject();
        server.put("url", baseUrl(requestUrl, listener));
        server.put("description", publicBaseUrl.isEmpty() ? "this gateway, as the listener that answered sees itself (set PUBLIC_BASE_URL"
                                                            + " where clients reach it through a proxy)" : "PUBLIC_BASE_URL");
        return Json.write(answer);
    }

    String baseUrl(String requestUrl, SocketAddress listener) {
        if (!publicBaseUrl.isEmpty()) {
            return publicBaseUrl;
        }
        URI request = URI.create(requestUrl);
        if (listener == null || listener.hostAddress() == null) {
            // No socket address (a proxied or in-memory request): the authority the client used.
            return request.getScheme() + "://" + request.getRawAuthority();
        }
        String host = listener.hostAddress();
        return request.getScheme() + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + listener.port();
    }
}
