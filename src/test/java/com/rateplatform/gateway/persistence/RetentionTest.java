package com.rateplatform.gateway.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.security.PiiMasker;

/** Retention exports an expired month to gzipped NDJSON (personal fields masked), then drops its partition. */
class RetentionTest {

    @TempDir
    Path archive;

    private ExpiredMonth expired;

    @BeforeEach
    void schemaWithAnExpiredMonth() throws SQLException {
        expired = new ExpiredMonth();
    }

    @AfterEach
    void drop() throws SQLException {
        expired.close();
    }

    @Test
    void expiredPartitionIsArchivedWithAllItsRowsThenDropped() throws Exception {
        Retention retention = retention(12);

        List<String> archived = retention.archiveExpired();

        assertThat(archived).containsExactly(expired.partition());
        List<JsonNode> rows = readNdjson(retention.archiveFile(expired.partition()));
        assertThat(rows).hasSize(ExpiredMonth.ROWS);
        assertThat(rows).extracting(r -> r.get("request_id").asText()).containsExactlyInAnyOrder("old-0", "old-1", "old-2");
        // Intact through COPY (the backslash survives), masked on the way into the archive.
        assertThat(rows.get(0).get("payload").get("phone").asText()).isEqualTo("091*\\345");
        assertThat(expired.partitionExists()).isFalse();
    }

    @Test
    void aSecondRunFindsNothingToDo() throws Exception {
        Retention retention = retention(12);
        retention.archiveExpired();

        assertThat(retention.archiveExpired()).isEmpty();
    }

    @Test
    void partitionsInsideTheWindowAreKept() throws Exception {
        Retention retention = retention(24);

        assertThat(retention.archiveExpired()).isEmpty();
        assertThat(expired.partitionExists()).isTrue();
    }

    @Test
    void archivedRowsCarryNoNameNumberOrMetadataInClear() throws Exception {
        try (Connection c = expired.schema().dataSource().getConnection(); PreparedStatement insert = c.prepareStatement("""
                INSERT INTO raw_items (request_id, item_id, source, action, status, payload, normalized_phone,
                                       normalized_bank_account, normalized_bank, normalized_name, result, error, created_at)
                VALUES ('personal', 'item_001', 'extension', 'validate', 'done', ?::jsonb, '+84912345678', '0011001234567',
                        '970436', 'Nguyễn Văn An', ?::jsonb, ?::jsonb, ?)""")) {
            insert.setString(1, """
                    {"item_id": "item_001", "name": "Nguyễn Văn An", "phone": "0912345678", "bank_account": "0011001234567",
                     "bank_code": "VCB", "metadata": {"note": "customer since 2019", "ref": "A-77"}}""");
            insert.setString(2, """
                    {"item_id": "item_001", "verdict": "DONE", "details": {"name": "Nguyễn Văn An",
                     "phone": {"e164": "+84912345678", "type": "MOBILE", "region": "VN"}, "bank_account": "0011001234567",
                     "bank": {"code": "VCB", "name": "Vietcombank"}}}""");
            insert.setString(3, """
                    {"code": "PHONE_INVALID", "errors": [{"field": "phone", "message": "phone +84912345678 is not valid"}]}""");
            insert.setTimestamp(4, Timestamp.from(expired.month().atDay(20).atStartOfDay().toInstant(ZoneOffset.UTC)));
            insert.executeUpdate();
        }
        Retention retention = retention(12);

        retention.archiveExpired();

        String archived = readNdjson(retention.archiveFile(expired.partition())).stream()
                .filter(row -> row.get("request_id").asText().equals("personal")).findFirst().orElseThrow().toString();
        assertThat(archived).doesNotContain("Nguyễn", "Văn", "912345678", "1001234", "customer since", "A-77");
        assertThat(archived).contains("\"status\":\"done\"", "\"bank_code\":\"VCB\"", "Vietcombank", "PHONE_INVALID");
    }

    private Retention retention(int keepMonths) {
        return new Retention(expired.schema().dataSource(), archive, keepMonths, Clock.systemUTC(), PiiMasker::maskArchivedRow);
    }

    static List<JsonNode> readNdjson(Path file) throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
                StandardCharsets.UTF_8))) {
            return reader.lines().map(line -> {
                try {
                    return Json.MAPPER.readTree(line);
                } catch (IOException e) {
                    throw new AssertionError("Not JSON: " + line, e);
                }
            }).toList();
        }
    }
}
