package com.rateplatform.gateway.importer;

import com.rateplatform.gateway.message.RequestMessage;

/**
 * A slice of a bulk import that travels as one request message.
 *
 * @param number    1-based, in input order
 * @param firstLine line of its first item
 * @param lastLine  line of its last item
 */
public record Chunk(int number, long firstLine, long lastLine, RequestMessage request) {
}
