package com.rateplatform.gateway.message;

import java.util.List;

/** Splits requests into the high-priority lane and the normal lane (normal and low share it). */
public class PriorityLanes {

    public static final String HIGH = "high";

    public List<RequestMessage> high(List<RequestMessage> requests) {
        return requests.stream().filter(r -> HIGH.equals(r.priority())).toList();
    }

    public List<RequestMessage> normal(List<RequestMessage> requests) {
        return requests.stream().filter(r -> !HIGH.equals(r.priority())).toList();
    }
}
