package com.rateplatform.gateway.message;

import java.util.ArrayList;
import java.util.List;

/** Messages to stream entries: each message as its JSON string, the form the redis-stream producer publishes. */
public class MessageCodec {

    public List<String> encodeAll(List<?> messages) {
        List<String> entries = new ArrayList<>(messages.size());
        for (Object message : messages) {
            entries.add(Json.write(message));
        }
        return entries;
    }
}
