package com.rateplatform.gateway.importer;

import java.util.List;

import com.rateplatform.gateway.message.RequestMessage;

/** Consecutive chunks of a bulk import, recorded in one round trip and published in one pipelined XADD. */
public record ChunkGroup(List<Chunk> chunks) {

    /** The chunks' request messages, in order. */
    public List<RequestMessage> requests() {
        return chunks.stream().map(Chunk::request).toList();
    }

    public long itemCount() {
        return chunks.stream().mapToLong(c -> c.request().itemCount()).sum();
    }
}
