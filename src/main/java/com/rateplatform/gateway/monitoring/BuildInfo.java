package com.rateplatform.gateway.monitoring;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of this build, from {@code rate-gateway-build.properties} (Maven writes the pom's version into it). */
public final class BuildInfo {

    private static final String RESOURCE = "/rate-gateway-build.properties";

    private BuildInfo() {
    }

    /** The pom's version; "unknown" when the build left the resource unfiltered. */
    public static String version() {
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "unknown");
            return version.startsWith("${") ? "unknown" : version;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
