package com.rateplatform.gateway.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import com.rateplatform.gateway.message.RequestMessage;

/**
 * The intake's writes, group-committed ({@link GroupCommit}): the pending rows of all requests that arrive while one
 * transaction is under way go to PostgreSQL in the next one, and each HTTP request waits for the commit that holds its
 * rows before it is published. Its entry id (where it sits in its stream, for the reconciler and for telling a repeat
 * of a published request from one whose publishing failed) goes the same way, in a transaction shared with the
 * entry ids of the other requests published meanwhile, before the request is answered 202.
 */
public class PendingRequests implements AutoCloseable {

    private record EntryIds(List<String> requestIds, List<String> entryIds) {
    }

    private final GroupCommit<List<RequestMessage>, List<RequestMessage>> pending;
    private final GroupCommit<EntryIds, Void> entryIds;

    /**
     * @param maxBatch most requests (pending rows) or publications (entry ids) in one transaction
     * @param maxWait  how long a request waits for a commit before it is answered 503
     */
    public PendingRequests(DataSource dataSource, RequestStore store, int maxBatch, Duration maxWait) {
        this.pending = new GroupCommit<>("pending-requests", dataSource, (c, batch) -> insert(store, c, batch),
                maxBatch, Duration.ZERO, maxWait);
        this.entryIds = new GroupCommit<>("entry-ids", dataSource, (c, batch) -> {
            List<String> requestIds = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            batch.forEach(e -> {
                requestIds.addAll(e.requestIds());
                ids.addAll(e.entryIds());
            });
            store.updateEntryIds(c, requestIds, ids);
            return batch.stream().map(e -> (Void) null).toList();
        }, maxBatch, Duration.ZERO, maxWait);
    }

    /**
     * Makes requests durable with status {@code pending} (see {@link RequestStore#recordPending}), together with those
     * of other requests arriving meanwhile; returns once they are committed.
     *
     * @return the requests to publish
     */
    public List<RequestMessage> record(List<RequestMessage> requests) throws SQLException {
        return pending.call(requests);
    }

    /**
     * Notes each published request's entry id, in a transaction shared with other requests' (see
     * {@link RequestStore#recordEntryIds}); returns once it is committed.
     *
     * @param entryIds the ids XADD gave, in the order of {@code published}
     */
    public void recordEntryIds(List<RequestMessage> published, List<String> entryIds) throws SQLException {
        this.entryIds.call(new EntryIds(published.stream().map(RequestMessage::requestId).toList(), entryIds));
    }

    /**
     * One INSERT for every submission. Two submissions naming the same request id (a client racing its own retry) are
     * written one per transaction instead, so the database tells the repeat from a conflict as it does for any other.
     */
    private static List<List<RequestMessage>> insert(RequestStore store, Connection c, List<List<RequestMessage>> batch)
            throws SQLException {
        List<RequestMessage> all = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (List<RequestMessage> submission : batch) {
            for (RequestMessage request : submission) {
                if (!seen.add(request.requestId()) && batch.size() > 1) {
                    throw new GroupCommit.WriteSeparately("request id " + request.requestId() + " in two submissions");
                }
                all.add(request);
            }
        }
        Set<String> inserted = store.insertPending(c, all);
        List<List<RequestMessage>> toPublish = new ArrayList<>(batch.size());
        for (List<RequestMessage> submission : batch) {
            toPublish.add(submission.stream().filter(r -> inserted.contains(r.requestId())).toList());
        }
        return toPublish;
    }

    @Override
    public void close() {
        pending.close();
        entryIds.close();
    }
}
