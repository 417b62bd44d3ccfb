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
 * of a published request from one whose publishing failed) goes the same way before the request is answered 202:
 * one transaction holds the new requests' rows and the entry ids of the requests published meanwhile.
 */
public class PendingRequests implements AutoCloseable {

    /** One submission: new requests to record, or entry ids to note. */
    private sealed interface Work permits Rows, EntryIds {
    }

    private record Rows(List<RequestMessage> requests) implements Work {
    }

    private record EntryIds(List<String> requestIds, List<String> entryIds) implements Work {
    }

    private final GroupCommit<Work, List<RequestMessage>> commits;

    /**
     * @param maxBatch most submissions in one transaction
     * @param maxWait  how long a request waits for a commit before it is answered 503
     */
    public PendingRequests(DataSource dataSource, RequestStore store, int maxBatch, Duration maxWait) {
        this.commits = new GroupCommit<>("intake", dataSource, (c, batch) -> write(store, c, batch), maxBatch, Duration.ZERO, maxWait);
    }

    /**
     * Makes requests durable with status {@code pending} (see {@link RequestStore#recordPending}), together with those
     * of other requests arriving meanwhile; returns once they are committed.
     *
     * @return the requests to publish
     */
    public List<RequestMessage> record(List<RequestMessage> requests) throws SQLException {
        return commits.call(new Rows(requests));
    }

    /**
     * Notes each published request's entry id, in a transaction shared with other requests' (see
     * {@link RequestStore#recordEntryIds}); returns once it is committed.
     *
     * @param entryIds the ids XADD gave, in the order of {@code published}
     */
    public void recordEntryIds(List<RequestMessage> published, List<String> entryIds) throws SQLException {
        commits.call(new EntryIds(published.stream().map(RequestMessage::requestId).toList(), entryIds));
    }

    /**
     * One UPDATE for every entry id, one INSERT for every new request. Two submissions naming the same request id (a
     * client racing its own retry) are written one per transaction instead, so the database tells the repeat from a
     * conflict as it does for any other.
     */
    private static List<List<RequestMessage>> write(RequestStore store, Connection c, List<Work> batch) throws SQLException {
        List<RequestMessage> requests = new ArrayList<>();
        List<String> publishedIds = new ArrayList<>();
        List<String> entryIds = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Work work : batch) {
            if (work instanceof Rows rows) {
                for (RequestMessage request : rows.requests()) {
                    if (!seen.add(request.requestId()) && batch.size() > 1) {
                        throw new GroupCommit.WriteSeparately("request id " + request.requestId() + " in two submissions");
                    }
                    requests.add(request);
                }
            } else if (work instanceof EntryIds ids) {
                publishedIds.addAll(ids.requestIds());
                entryIds.addAll(ids.entryIds());
            }
        }
        // Entry ids first: a repeat of a request whose entry id is in this very transaction must see it published.
        if (!publishedIds.isEmpty()) {
            store.updateEntryIds(c, publishedIds, entryIds);
        }
        Set<String> inserted = requests.isEmpty() ? Set.of() : store.insertPending(c, requests);
        List<List<RequestMessage>> results = new ArrayList<>(batch.size());
        for (Work work : batch) {
            results.add(work instanceof Rows rows
                    ? rows.requests().stream().filter(r -> inserted.contains(r.requestId())).toList() : List.of());
        }
        return results;
    }

    @Override
    public void close() {
        commits.close();
    }
}
