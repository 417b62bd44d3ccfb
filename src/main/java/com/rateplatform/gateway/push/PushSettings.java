package com.rateplatform.gateway.push;

import com.rateplatform.gateway.config.Settings;

/** The {@code rate.push.*} settings (application.properties; README lists their variables). */
public record PushSettings(long heartbeatIntervalMs, int heartbeatMissedMax, int maxConnectionsPerCaller, int maxInFlight,
                    int maxBufferedBytes, int resumeMaxEntries, boolean demoEnabled) {

    public static PushSettings from(Settings settings) {
        return new PushSettings(settings.number("rate.push.heartbeat-interval-ms"),
                settings.integer("rate.push.heartbeat-missed-max"),
                settings.integer("rate.push.max-connections-per-caller"),
                settings.integer("rate.push.max-in-flight"),
                settings.integer("rate.push.max-buffered-bytes"),
                settings.integer("rate.push.resume-max-entries"),
                settings.flag("rate.push.demo-enabled"));
    }
}
