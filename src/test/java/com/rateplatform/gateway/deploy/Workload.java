package com.rateplatform.gateway.deploy;

import java.util.List;
import java.util.Map;

/**
 * A process a deployment file runs — a compose service, a Kubernetes container, a systemd unit instance — as far as
 * the checks care: its environment, its health probes and how long it is given to stop.
 *
 * @param where       file and object, for messages
 * @param application whether it runs Rate Gateway (the other ones: Redis, PostgreSQL, HAProxy, Prometheus, ...)
 * @param environment its variables by name (later sources win, as they do at run time)
 * @param probes      HTTP health checks aimed at it
 * @param stopSeconds how long it may take to stop before it is killed
 */
record Workload(String where, boolean application, Map<String, EnvSetting> environment, List<HealthProbe> probes,
                long stopSeconds) {

    /** A variable's value as written, or null when unset or referenced (a secret). */
    String literal(String name) {
        EnvSetting setting = environment.get(name);
        return setting == null ? null : setting.literal();
    }
}
