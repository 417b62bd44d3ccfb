package com.rateplatform.gateway.persistence;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import javax.sql.DataSource;

import com.rateplatform.gateway.message.ResponseMessage;

/**
 * The response recorder's write, group-committed ({@link GroupCommit}): the responses read at about the same time (a
 * recorder's whole XREADGROUP batch, other gateways' readers too) are stored, and their requests completed, in one
 * transaction ({@link RequestStore#recordResponses}). The exchange goes on once that transaction has committed.
 */
public class RecordedResponses implements AutoCloseable {

    private final GroupCommit<ResponseMessage, ResponseMessage> commits;

    /**
     * @param linger        how long the writer waits for more responses before it commits (a few ms: they are not
     *                      on a caller's path, and fewer commits leave PostgreSQL to the intake)
     * @param continuations where the exchanges go on after the commit: the steps after this one may block
     */
    public RecordedResponses(DataSource dataSource, RequestStore store, int maxBatch, Duration linger, Duration maxWait,
                             Executor continuations) {
        this.commits = new GroupCommit<>("responses", dataSource, (c, batch) -> {
            store.recordResponses(c, batch);
            return batch;
        }, maxBatch, linger, maxWait, continuations);
    }

    /** Records the response and completes its request; completes with the response once committed. */
    public CompletableFuture<ResponseMessage> record(ResponseMessage response) {
        return commits.submit(response);
    }

    @Override
    public void close() {
        commits.close();
    }
}
