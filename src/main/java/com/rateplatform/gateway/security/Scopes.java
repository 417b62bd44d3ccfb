package com.rateplatform.gateway.security;

import java.util.List;
import java.util.Set;

/** The permissions a caller can hold; each HTTP entry route names the one it needs. */
public final class Scopes {

    /** POST /api/validation/validate and /batch. */
    public static final String VALIDATION_WRITE = "validation:write";
    /** GET /api/validation/status/{id}, and the validation WebSocket. */
    public static final String VALIDATION_READ = "validation:read";
    /** POST /api/importer/import and bulk import. */
    public static final String IMPORTER_WRITE = "importer:write";
    /** GET /api/importer/status/{id}. */
    public static final String IMPORTER_READ = "importer:read";
    /** The dead-letter stream, request search and detail of every caller, the ops console (personal data masked). */
    public static final String MONITORING_READ = "monitoring:read";
    /** Replaying and deleting dead letters; sees dead letters and requests unmasked. */
    public static final String MONITORING_WRITE = "monitoring:write";

    /** Every scope, in the order documentation lists them. */
    public static final List<String> ALL = List.of(VALIDATION_WRITE, VALIDATION_READ, IMPORTER_WRITE, IMPORTER_READ,
            MONITORING_READ, MONITORING_WRITE);

    private static final Set<String> KNOWN = Set.copyOf(ALL);

    private Scopes() {
    }

    public static boolean isKnown(String scope) {
        return KNOWN.contains(scope);
    }

    /** The scope as it appears in setting names: {@code validation:write} → {@code validation-write}. */
    public static String settingName(String scope) {
        return scope.replace(':', '-');
    }
}
