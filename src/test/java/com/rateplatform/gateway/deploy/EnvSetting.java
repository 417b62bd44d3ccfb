package com.rateplatform.gateway.deploy;

/**
 * One environment variable a deployment file gives a process.
 *
 * @param where          file and object, for messages
 * @param name           the variable
 * @param literal        the value as written in the file (with any ${...} in it), or null when the value is referenced
 *                       (Kubernetes secretKeyRef / fieldRef, a secretGenerator key)
 * @param forApplication whether the process is Rate Gateway (its names must be ones application.properties reads)
 */
record EnvSetting(String where, String name, String literal, boolean forApplication) {

    static EnvSetting literal(String where, String name, String value, boolean forApplication) {
        return new EnvSetting(where, name, value == null ? "" : value, forApplication);
    }

    static EnvSetting referenced(String where, String name, boolean forApplication) {
        return new EnvSetting(where, name, null, forApplication);
    }

    @Override
    public String toString() {
        return where + ": " + name;
    }
}
