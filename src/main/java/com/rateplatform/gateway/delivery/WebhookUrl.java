package com.rateplatform.gateway.delivery;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** What makes a string usable as a webhook URL here: absolute, http or https, with a host. */
public final class WebhookUrl {

    private WebhookUrl() {
    }

    /** The URL as a URI; IllegalArgumentException saying what is wrong with it otherwise. */
    public static URI parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("webhook_url is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("webhook_url must be an http or https URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("webhook_url names no host");
        }
        return uri;
    }
}
