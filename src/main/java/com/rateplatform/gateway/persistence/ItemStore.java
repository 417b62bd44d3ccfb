package com.rateplatform.gateway.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.rateplatform.gateway.message.Ids;
import com.rateplatform.gateway.message.Item;
import com.rateplatform.gateway.message.ItemResult;
import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.message.RequestMessage;
import com.rateplatform.gateway.message.ResponseMessage;

/**
 * Writes every item of a validated request, with its verdict and normalized values, to {@code raw_items}, and each
 * item error to {@code raw_item_errors}: one multi-row statement per table, in one transaction. Rows are dated by the
 * request's accepted time, so a redelivered request conflicts with its first write and adds nothing.
 */
public class ItemStore {

    private static final String INSERT_ITEMS = """
            INSERT INTO raw_items (id, request_id, item_id, source, action, status, payload, normalized_phone,
                                   normalized_bank_account, normalized_bank, normalized_name, result, error, created_at)
            SELECT id, ?, item_id, ?, ?, status, payload::jsonb, phone, account, bank, name, result::jsonb, error::jsonb, ?
              FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                AS t(id, item_id, status, payload, phone, account, bank, name, result, error)
            ON CONFLICT (request_id, item_id, created_at) DO NOTHING
            """;

    private static final String INSERT_ERRORS = """
            INSERT INTO raw_item_errors (id, request_id, item_id, position, code, field, message, occurred_at)
            SELECT id, ?, item_id, position, code, field, message, ?
              FROM unnest(?::uuid[], ?::text[], ?::int2[], ?::text[], ?::text[], ?::text[])
                AS t(id, item_id, position, code, field, message)
            ON CONFLICT (request_id, item_id, position, occurred_at) DO NOTHING
            """;

    private final DataSource dataSource;
    private final Ids ids;

    public ItemStore(DataSource dataSource, Ids ids) {
        this.dataSource = dataSource;
        this.ids = ids;
    }

    /** Stores the items of {@code request} with their results from {@code response}; returns the response unchanged. */
    public ResponseMessage record(RequestMessage request, ResponseMessage response) throws SQLException {
        List<Item> items = request.data() == null || request.data().items() == null ? List.of() : request.data().items();
        if (items.isEmpty()) {
            return response;
        }
        Map<String, ItemResult> results = new HashMap<>();
        for (ItemResult result : response.results()) {
            results.put(result.itemId(), result);
        }
        Timestamp acceptedAt = Timestamp.from(Instant.parse(request.timestamp()));
        ItemColumns columns = new ItemColumns();
        ErrorColumns errors = new ErrorColumns();
        for (Item item : items) {
            ItemResult result = results.get(item.itemId());
            columns.add(ids.next(), item, result);
            if (result != null && result.verdict() == ItemResult.Verdict.ERROR) {
                List<NormalizedValues.ItemError> itemErrors = NormalizedValues.errorsOf(result);
                for (int position = 0; position < itemErrors.size(); position++) {
                    errors.add(ids.next(), item.itemId(), position, itemErrors.get(position));
                }
            }
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement(INSERT_ITEMS)) {
                    ps.setString(1, request.requestId());
                    ps.setString(2, request.source());
                    ps.setString(3, request.action());
                    ps.setTimestamp(4, acceptedAt);
                    columns.bind(c, ps, 5);
                    ps.executeUpdate();
                }
                if (!errors.isEmpty()) {
                    try (PreparedStatement ps = c.prepareStatement(INSERT_ERRORS)) {
                        ps.setString(1, request.requestId());
                        ps.setTimestamp(2, acceptedAt);
                        errors.bind(c, ps, 3);
                        ps.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        return response;
    }

    /** Column arrays of the raw_items insert, filled item by item. */
    private static final class ItemColumns {
        final List<Object> idCol = new ArrayList<>();
        final List<String> itemIds = new ArrayList<>();
        final List<String> statuses = new ArrayList<>();
        final List<String> payloads = new ArrayList<>();
        final List<String> phones = new ArrayList<>();
        final List<String> accounts = new ArrayList<>();
        final List<String> banks = new ArrayList<>();
        final List<String> names = new ArrayList<>();
        final List<String> resultJson = new ArrayList<>();
        final List<String> errorJson = new ArrayList<>();

        void add(Object id, Item item, ItemResult result) {
            NormalizedValues normalized = NormalizedValues.of(result);
            idCol.add(id);
            itemIds.add(item.itemId());
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
            for (List<String> column : List.of(itemIds, statuses, payloads, phones, accounts, banks, names, resultJson, errorJson)) {
                ps.setArray(i++, c.createArrayOf("text", column.toArray()));
            }
        }
    }

    /** Column arrays of the raw_item_errors insert. */
    private static final class ErrorColumns {
        final List<Object> idCol = new ArrayList<>();
        final List<String> itemIds = new ArrayList<>();
        final List<Short> positions = new ArrayList<>();
        final List<String> codes = new ArrayList<>();
        final List<String> fields = new ArrayList<>();
        final List<String> messages = new ArrayList<>();

        void add(Object id, String itemId, int position, NormalizedValues.ItemError error) {
            idCol.add(id);
            itemIds.add(itemId);
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
            ps.setArray(i++, c.createArrayOf("text", itemIds.toArray()));
            ps.setArray(i++, c.createArrayOf("int2", positions.toArray()));
            for (List<String> column : List.of(codes, fields, messages)) {
                ps.setArray(i++, c.createArrayOf("text", column.toArray()));
            }
        }
    }
}
