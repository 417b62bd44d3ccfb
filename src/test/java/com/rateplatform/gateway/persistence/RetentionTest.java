package com.rateplatform.gateway.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.rateplatform.gateway.message.Json;

/** Retention exports an expired month to gzipped NDJSON, then drops its partition. */
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
        Retention retention = new Retention(expired.schema().dataSource(), archive, 12, Clock.systemUTC());

        List<String> archived = retention.archiveExpired();

        assertThat(archived).containsExactly(expired.partition());
        List<JsonNode> rows = readNdjson(retention.archiveFile(expired.partition()));
        assertThat(rows).hasSize(ExpiredMonth.ROWS);
        assertThat(rows).extracting(r -> r.get("request_id").asText()).containsExactlyInAnyOrder("old-0", "old-1", "old-2");
        assertThat(rows.get(0).get("payload").get("phone").asText()).isEqualTo("0912\\345");
        assertThat(expired.partitionExists()).isFalse();
    }

    @Test
    void aSecondRunFindsNothingToDo() throws Exception {
        Retention retention = new Retention(expired.schema().dataSource(), archive, 12, Clock.systemUTC());
        retention.archiveExpired();

        assertThat(retention.archiveExpired()).isEmpty();
    }

    @Test
    void partitionsInsideTheWindowAreKept() throws Exception {
        Retention retention = new Retention(expired.schema().dataSource(), archive, 24, Clock.systemUTC());

        assertThat(retention.archiveExpired()).isEmpty();
        assertThat(expired.partitionExists()).isTrue();
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
