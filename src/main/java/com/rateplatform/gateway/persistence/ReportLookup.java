package com.rateplatform.gateway.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.rateplatform.gateway.message.ItemResult;
import com.rateplatform.gateway.message.ResponseMessage;

/**
 * The Extension's main question for a {@code check}: has this phone number or bank account been reported? Each
 * result gets {@code details.reports = {count, first_seen, last_seen}}: the imported records with the same normalized
 * phone or bank account (zero and nulls when none); a phone from before Vietnam's renumbering is looked up by the
 * current number it became. One query for all the items of a request.
 */
public class ReportLookup {

    private static final String REPORTS = """
            SELECT q.item_id, count(r.id), min(r.created_at), max(r.created_at)
              FROM unnest(?::text[], ?::text[], ?::text[]) AS q(item_id, phone, account)
              LEFT JOIN raw_items r
                ON r.action = 'import'
               AND (r.normalized_phone = q.phone OR r.normalized_bank_account = q.account)
             GROUP BY q.item_id
            """;

    private final DataSource dataSource;

    public ReportLookup(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public ResponseMessage addReports(ResponseMessage response) throws SQLException {
        List<String> itemIds = new ArrayList<>();
        List<String> phones = new ArrayList<>();
        List<String> accounts = new ArrayList<>();
        for (ItemResult result : response.results()) {
            itemIds.add(result.itemId());
            phones.add(NormalizedValues.phoneForReports(result));
            accounts.add(NormalizedValues.of(result).bankAccount());
        }
        Map<String, Map<String, Object>> reports = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(REPORTS)) {
            ps.setArray(1, c.createArrayOf("text", itemIds.toArray()));
            ps.setArray(2, c.createArrayOf("text", phones.toArray()));
            ps.setArray(3, c.createArrayOf("text", accounts.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> report = new LinkedHashMap<>();
                    report.put("count", rs.getLong(2));
                    report.put("first_seen", rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toInstant().toString());
                    report.put("last_seen", rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant().toString());
                    reports.put(rs.getString(1), report);
                }
            }
        }
        List<ItemResult> results = new ArrayList<>(response.results().size());
        for (ItemResult result : response.results()) {
            Map<String, Object> details = new LinkedHashMap<>(result.details() == null ? Map.of() : result.details());
            details.put("reports", reports.get(result.itemId()));
            results.add(new ItemResult(result.itemId(), result.verdict(), result.errorCode(), result.confidence(), details));
        }
        return new ResponseMessage(response.requestId(), response.status(), results, response.processingTimeMs(),
                response.timestamp(), response.userId());
    }
}
