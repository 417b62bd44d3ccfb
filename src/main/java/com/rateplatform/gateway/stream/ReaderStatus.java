package com.rateplatform.gateway.stream;

/**
 * How one reader thread of a stream consumer is doing, for health checks.
 *
 * @param running         the reader is in its loop (false once it left it: the consumer stopped, or an error killed it)
 * @param sinceLastTurnMs how long ago the reader last began a read; a reader comes back at least every block
 *                        unless it is stuck processing what it read
 * @param stallAfterMs    longer than this without a turn counts as stalled (block + command timeout + claimIdle:
 *                        by then the group hands its entries to other consumers anyway)
 */
public record ReaderStatus(String stream, String name, boolean running, long sinceLastTurnMs, long stallAfterMs) {

    public boolean stalled() {
        return sinceLastTurnMs > stallAfterMs;
    }

    /** Implemented by the component's consumers: the status of each of their reader threads. */
    public interface Source {

        java.util.List<ReaderStatus> readerStatus();
    }
}
