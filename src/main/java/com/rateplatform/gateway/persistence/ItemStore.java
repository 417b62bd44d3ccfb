package com.rateplatform.gateway.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import com.rateplatform.gateway.message.Ids;
import com.rateplatform.gateway.message.Item;
import com.rateplatform.gateway.message.ItemResult;
import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.message.RequestMessage;
import com.rateplatform.gateway.message.ResponseMessage;

/**
 * Writes every item of a validated request, with its verdict and normalized values, to {@code raw_items}, and each
 * item error to {@code raw_item_errors}. Requests validated at about the same time (a worker's whole XREADGROUP batch,
 * other readers' too) share one transaction: one multi-row statement per table for all of them ({@link GroupCommit}).
 * Rows are dated by the request's accepted time, so a redelivered request conflicts with its first write and adds
 * nothing.
 */
public class ItemStore implements AutoCloseable {

    private static final String INSERT_ITEMS = """
            INSERT INTO raw_items (id, request_id, item_id, source, action, status, payload, normalized_phone,
                                   normalized_bank_account, normalized_bank, normalized_name, result, error, created_at)
            SELECT id, request_id, item_id, source, action, status, payload::jsonb, phone, account, bank, name, result::jsonb,
                   error::jsonb, created_at::timestamptz
              FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                          ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                AS t(id, request_id, item_id, source, action, status, payload, phone, account, bank, name, result, error, created_at)
            ON CONFLICT (request_id, item_id, created_at) DO NOTHING
            """;

    private static final String INSERT_ERRORS = """
            INSERT INTO raw_item_errors (id, request_id, item_id, position, code, field, message, occurred_at)
            SELECT id, request_id, item_id, position, code, field, message, occurred_at::timestamptz
              FROM unnest(?::uuid[], ?::text[], ?::text[], ?::int2[], ?::text[], ?::text[], ?::text[], ?::text[])
                AS t(id, request_id, item_id, position, code, field, message, occurred_at)
            ON CONFLICT (request_id, item_id, position, occurred_at) DO NOTHING
            """;

    private static final String HIGH_PRIORITY = "high";

    /** One request's items with their results. */
    private record Validated(RequestMessage request, ResponseMessage response) {
    }

    private final Ids ids;
    // High-priority requests have a transaction of their own: they never wait behind a backlog's writes (or its
    // failures, each written again alone), as they never wait behind it on the streams.
    private final GroupCommit<Validated, ResponseMessage> commits;
    private final GroupCommit<Validated, ResponseMessage> highPriorityCommits;

    /**
     * @param maxBatch most requests in one transaction
     * @param linger   how long a transaction waits for more requests (a few ms: validation is off any caller's path)
     * @param maxWait  how long {@link #record} may wait for its commit before it fails (the entry is then retried)
     */
    public ItemStore(DataSource dataSource, Ids ids, int maxBatch, Duration linger, Duration maxWait) {
        this.ids = ids;
        this.commits = new GroupCommit<>("raw-items", dataSource, this::write, maxBatch, linger, maxWait);
        this.highPriorityCommits = new GroupCommit<>("raw-items-high", dataSource, this::write, maxBatch, linger, maxWait);
    }

    /**
     * Stores the items of {@code request} with their results from {@code response}, in a transaction shared with the
     * requests validated meanwhile.
     *
     * @return completes with the response, unchanged, once the items are committed
     */
    public CompletableFuture<ResponseMessage> record(RequestMessage request, ResponseMessage response) {
        List<Item> items = request.data() == null || request.data().items() == null ? List.of() : request.data().items();
        if (items.isEmpty()) {
            return CompletableFuture.completedFuture(response);
        }
        // A timestamp PostgreSQL would refuse fails this entry here, not the shared transaction of others.
        Instant.parse(request.timestamp());
        return (HIGH_PRIORITY.equals(request.priority()) ? highPriorityCommits : commits).submit(new Validated(request, response));
    }

    private List<ResponseMessage> write(Connection c, List<Validated> batch) throws SQLException {
        ItemColumns columns = new ItemColumns();
        ErrorColumns errors = new ErrorColumns();
        for (Validated validated : batch) {
            add(validated.request(), validated.response(), columns, errors);
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT_ITEMS)) {
            columns.bind(c, ps, 1);
            ps.executeUpdate();
        }
        if (!errors.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(INSERT_ERRORS)) {
                errors.bind(c, ps, 1);
                ps.executeUpdate();
            }
        }
        return batch.stream().map(Validated::response).toList();
    }

    private void add(RequestMessage request, ResponseMessage response, ItemColumns columns, ErrorColumns errors) {
        Map<String, ItemResult> results = new HashMap<>();
        for (ItemResult result : response.results()) {
            results.put(result.itemId(), result);
        }
        String acceptedAt = request.timestamp();
        for (Item item : request.data().items()) {
            ItemResult result = results.get(item.itemId());
            columns.add(ids.next(), request, item, result);
            if (result != null && result.verdict() == ItemResult.Verdict.ERROR) {
                List<NormalizedValues.ItemError> itemErrors = NormalizedValues.errorsOf(result);
                for (int position = 0; position < itemErrors.size(); position++) {
                    errors.add(ids.next(), request.requestId(), item.itemId(), position, itemErrors.get(position), acceptedAt);
                }
            }
        }
    }

    @Override
    public void close() {
        commits.close();
        highPriorityCommits.close();
    }

    /** Column arrays of the raw_items insert, filled item by item. */
    private static final class ItemColumns {
        final List<Object> idCol = new ArrayList<>();
        final List<String> requestIds = new ArrayList<>();
        final List<String> itemIds = new ArrayList<>();
        final List<String> sources = new ArrayList<>();
        final List<String> actions = new ArrayList<>();
        final List<String> statuses = new ArrayList<>();
        final List<String> payloads = new ArrayList<>();
        final List<String> phones = new ArrayList<>();
        final List<String> accounts = new ArrayList<>();
        final List<String> banks = new ArrayList<>();
        final List<String> names = new ArrayList<>();
        final List<String> resultJson = new ArrayList<>();
        final List<String> errorJson = new ArrayList<>();
        final List<String> createdAt = new ArrayList<>();

        void add(Object id, RequestMessage request, Item item, ItemResult result) {
            NormalizedValues normalized = NormalizedValues.of(result);
            idCol.add(id);
            requestIds.add(request.requestId());
            itemIds.add(item.itemId());
            sources.add(request.source());
            actions.add(request.action());
            createdAt.add(request.timestamp());
            statuses.add(result == null ? "missing" : result.verdict().name().toLowerCase(java.util.Locale.ROOT));
            payloads.add(Json.write(item));
            phones.add(normalized.phone());
            accounts.add(normalized.bankAccount());
            banks.add(normalized.bank());
            names.add(normalized.name());
            resultJson.add(result == null ? "null" : Json.write(result));
            errorJson.add(result == null || result.verdict() == ItemResult.Verdict.DONE ? null
                    : Json.write(result.details() == null ? Map.of("code", result.errorCode())
                            : Map.of("code", result.errorCode(), "errors", result.details().getOrDefault("errors", List.of()))));
        }

        void bind(Connection c, PreparedStatement ps, int first) throws SQLException {
            int i = first;
            ps.setArray(i++, c.createArrayOf("uuid", idCol.toArray()));
            for (List<String> column : List.of(requestIds, itemIds, sources, actions, statuses, payloads, phones, accounts, banks,
                    names, resultJson, errorJson, createdAt)) {
                ps.setArray(i++, c.createArrayOf("text", column.toArray()));
            }
        }
    }

    /** Column arrays of the raw_item_errors insert. */
    private static final class ErrorColumns {
        final List<Object> idCol = new ArrayList<>();
        final List<String> requestIds = new ArrayList<>();
        final List<String> itemIds = new ArrayList<>();
        final List<Short> positions = new ArrayList<>();
        final List<String> codes = new ArrayList<>();
        final List<String> fields = new ArrayList<>();
        final List<String> messages = new ArrayList<>();
        final List<String> occurredAt = new ArrayList<>();

        void add(Object id, String requestId, String itemId, int position, NormalizedValues.ItemError error, String acceptedAt) {
            idCol.add(id);
            requestIds.add(requestId);
            itemIds.add(itemId);
            occurredAt.add(acceptedAt);
            positions.add((short) position);
            codes.add(error.code());
            fields.add(error.field());
            messages.add(error.message());
        }

        boolean isEmpty() {
            return idCol.isEmpty();
        }

        void bind(Connection c, PreparedStatement ps, int first) throws SQLException {
            int i = first;
            ps.setArray(i++, c.createArrayOf("uuid", idCol.toArray()));
            ps.setArray(i++, c.createArrayOf("text", requestIds.toArray()));
            ps.setArray(i++, c.createArrayOf("text", itemIds.toArray()));
            ps.setArray(i++, c.createArrayOf("int2", positions.toArray()));
            for (List<String> column : List.of(codes, fields, messages, occurredAt)) {
                ps.setArray(i++, c.createArrayOf("text", column.toArray()));
            }
        }
    }
}
