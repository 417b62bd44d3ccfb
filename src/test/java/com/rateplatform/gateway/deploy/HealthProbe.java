package com.rateplatform.gateway.deploy;

/**
 * An HTTP health check a deployment file aims at the application.
 *
 * @param where      file and object, for messages
 * @param path       the path it GETs
 * @param management true when its port is the listener of /api/health and /metrics (MANAGEMENT_PORT, which is
 *                   HTTP_PORT unless set), false when it is the API's own listener, which then serves no health path
 */
record HealthProbe(String where, String path, boolean management) {

    /**
     * The probe of a port, or an {@link IllegalArgumentException} when the port is neither of the process's listeners.
     */
    static HealthProbe of(String where, String path, int port, int httpPort, int managementPort) {
        if (port != managementPort && port != httpPort) {
            throw new IllegalArgumentException(where + ": probe of " + path + " on port " + port
                    + ", which is neither HTTP_PORT (" + httpPort + ") nor MANAGEMENT_PORT (" + managementPort + ")");
        }
        return new HealthProbe(where, path, port == managementPort);
    }

    @Override
    public String toString() {
        return where + ": GET " + path + " on the " + (management ? "management" : "API") + " listener";
    }
}
