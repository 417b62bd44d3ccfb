package com.rateplatform.gateway.stream;

import java.util.List;

/**
 * Told when a reader takes over entries another consumer left unacknowledged too long (XAUTOCLAIM), so an application
 * can report it without the component knowing the application. Called on the reader's thread: keep it quick; whatever
 * it throws is logged and ignored.
 */
@FunctionalInterface
public interface ClaimListener {

    /**
     * @param stream   logical stream name (without key prefix)
     * @param consumer the group consumer that took the entries over
     * @param entryIds the ids taken over, oldest first
     */
    void claimed(String stream, String group, String consumer, List<String> entryIds);
}
