package com.rateplatform.gateway.persistence;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import java.util.function.Function;

import javax.sql.DataSource;


import com.rateplatform.gateway.message.ResponseMessage;

/**
 * The response recorder's write, group-committed ({@link GroupCommit}): the responses read at about the same time (a
 * recorder's whole XREADGROUP batch, other gateways' readers too) are stored, and their requests completed, in one
 * transaction ({@link RequestStore#recordResponses}). The exchange goes on once that transaction has committed. Each
 * response stream has a writer of its own, so the Extension's responses never wait behind an import's.
 */
public class RecordedResponses implements AutoCloseable {

    private final RequestStore store;
    private final Function<String, GroupCommit<ResponseMessage, Optional<RequestStore.Completion>>> newWriter;
    private final Map<String, GroupCommit<ResponseMessage, Optional<RequestStore.Completion>>> byStream = new ConcurrentHashMap<>();

    /**
     * @param linger        how long the writer waits for more responses before it commits (a few ms: they are not
     *                      on a caller's path, and fewer commits leave PostgreSQL to the intake)
     * @param continuations where the exchanges go on after the commit: the steps after this one may block
     */
    public RecordedResponses(DataSource dataSource, RequestStore store, int maxBatch, Duration linger, Duration maxWait,
                             Executor continuations) {
        this.store = store;
        this.newWriter = stream -> new GroupCommit<>("responses-" + stream, dataSource, (c, batch) -> {
            Map<String, RequestStore.Completion> completed = store.recordResponses(c, batch);
            // A request answered twice in one batch completes once: the first of its responses carries the news.
            return batch.stream().map(r -> Optional.ofNullable(completed.remove(r.requestId()))).toList();
        }, maxBatch, linger, maxWait, continuations);
    }

    /**
     * Records the response and completes its request; completes with the response once committed.
     *
     * @param stream the response stream it was read from
     */
    public CompletableFuture<ResponseMessage> record(ResponseMessage response, String stream) {
        return byStream.computeIfAbsent(String.valueOf(stream), newWriter).submit(response).thenApply(completed -> {
            completed.ifPresent(completion -> store.completed(completion, response));
            return response;
        });
    }

    @Override
    public void close() {
        byStream.values().forEach(GroupCommit::close);
    }
}
