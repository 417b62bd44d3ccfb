package com.rateplatform.gateway.importer;

import java.io.Closeable;
import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;

import com.rateplatform.gateway.contract.ApiException;

/** The items of a bulk body, one at a time, in input order, each with the line it starts on. */
interface ItemReader extends Closeable {

    /** The next item, or null at the end of the body. */
    Entry next() throws IOException;

    /** {@code callback_config.webhook_url} of the body, once it is read to the end (null where there is none). */
    String webhookUrl();

    /**
     * One item as read, not yet checked: its JSON, or the reason it could not be read.
     *
     * @param line     1-based line the item starts on
     * @param position 1-based position that names the item when it has no item_id
     * @param path     where the item sits in the body ({@code data.items[3]}), empty for a line of NDJSON
     * @param node     the item's JSON; null when {@code problem} is set
     * @param problem  why the item could not be read (malformed JSON, a line too long)
     */
    record Entry(long line, long position, String path, JsonNode node, ApiException problem) {
    }
}
