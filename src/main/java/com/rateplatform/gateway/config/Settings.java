package com.rateplatform.gateway.config;

import org.apache.camel.CamelContext;

/** Typed reads of application.properties (after env-var placeholders and overrides are resolved). */
public final class Settings {

    private final CamelContext context;

    public Settings(CamelContext context) {
        this.context = context;
    }

    public String text(String key) {
        return context.getPropertiesComponent().resolveProperty(key)
                .orElseThrow(() -> new IllegalStateException("Missing configuration key " + key + " in application.properties"));
    }

    public int integer(String key) {
        String value = text(key).trim();
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("Configuration key " + key + " must be a whole number, not '" + value + "'", e);
        }
    }

    public long number(String key) {
        String value = text(key).trim();
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("Configuration key " + key + " must be a whole number, not '" + value + "'", e);
        }
    }

    public boolean flag(String key) {
        return Boolean.parseBoolean(text(key).trim());
    }
}
