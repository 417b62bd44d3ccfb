package com.rateplatform.gateway.contract;

import java.util.Set;

/** Who sent a request, fixed by the endpoint it came in on, and which actions that client may ask for. */
public enum Source {
    EXTENSION("extension", "validate", Set.of("validate", "check")),
    IMPORTER("importer", "import", Set.of("import"));

    private final String id;
    private final String defaultAction;
    private final Set<String> actions;

    Source(String id, String defaultAction, Set<String> actions) {
        this.id = id;
        this.defaultAction = defaultAction;
        this.actions = actions;
    }

    public String id() {
        return id;
    }

    public String defaultAction() {
        return defaultAction;
    }

    public Set<String> actions() {
        return actions;
    }

    public static Source of(String id) {
        for (Source source : values()) {
            if (source.id.equals(id)) {
                return source;
            }
        }
        throw new IllegalArgumentException("Unknown source " + id);
    }
}
