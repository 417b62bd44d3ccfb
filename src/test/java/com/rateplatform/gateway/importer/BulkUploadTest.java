package com.rateplatform.gateway.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.api.ItemShape;
import com.rateplatform.gateway.contract.ApiException;
import com.rateplatform.gateway.message.Ids;
import com.rateplatform.gateway.message.Item;
import com.rateplatform.gateway.message.RequestMessage;

/** How a bulk body becomes chunks of request messages, and how bad lines are told apart. No servers needed. */
class BulkUploadTest {

    private static final ItemShape SHAPE = new ItemShape(40);

    @Test
    void itemsAreCutIntoChunksOfTheChunkSizeHandedOutInGroups() {
        List<ChunkGroup> groups = readAll(upload(ndjson(23), BadLinePolicy.STOP, 5, 2));

        assertThat(groups).extracting(g -> g.chunks().size()).containsExactly(2, 2, 1);
        assertThat(groups.stream().flatMap(g -> g.requests().stream())).extracting(RequestMessage::itemCount)
                .containsExactly(5, 5, 5, 5, 3);
        Chunk last = groups.get(2).chunks().get(0);
        assertThat(last.number()).isEqualTo(5);
        assertThat(last.firstLine()).isEqualTo(21);
        assertThat(last.lastLine()).isEqualTo(23);
    }

    @Test
    void everyChunkIsAnImportRequestOfTheBatchAndCaller() {
        RequestMessage chunk = readAll(upload(ndjson(3), BadLinePolicy.STOP, 5, 2)).get(0).requests().get(0);

        assertThat(chunk.batchId()).isEqualTo("batch-1");
        assertThat(chunk.userId()).isEqualTo("user-7");
        assertThat(chunk.source()).isEqualTo("importer");
        assertThat(chunk.action()).isEqualTo("import");
        assertThat(chunk.callbackConfig().stream()).isEqualTo("importer_responses");
        assertThat(chunk.callbackConfig().webhookUrl()).isNull();
        assertThat(chunk.timestamp()).isEqualTo("2026-11-22T10:00:00Z");
    }

    @Test
    void blankLinesAndWindowsLineEndsAreFineAndItemsWithoutIdAreNamedByLine() {
        String body = "{\"phone\": \"0912345678\"}\r\n\r\n  \n{\"phone\": \"0912345679\"}";

        List<Item> items = items(readAll(upload(body, BadLinePolicy.STOP, 5, 2)));

        assertThat(items).extracting(Item::itemId).containsExactly("item_001", "item_004");
    }

    @Test
    void linesSplitAcrossReadsOfAnyLengthAreReassembled() {
        BulkUpload upload = upload(new NdjsonItemReader(new TrickleStream(ndjson(40).getBytes(StandardCharsets.UTF_8)), 1000),
                BadLinePolicy.STOP, 7, 3);

        assertThat(items(readAll(upload))).extracting(Item::itemId)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 40).mapToObj(i -> "row-" + i).toList());
    }

    @Test
    void underStopTheFirstBadLineEndsTheUploadNamingItsLineAndField() {
        String body = ndjson(3) + "{\"phone\": 912345678}\n" + ndjson(2);
        BulkUpload upload = upload(body, BadLinePolicy.STOP, 50, 2);

        assertThatThrownBy(upload::hasNext).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.code()).isEqualTo("INVALID_TYPE");
            assertThat(e.field()).isEqualTo("phone");
            assertThat(e.details()).containsEntry("line", 4L).doesNotContainKey("batch_id");
        });
        assertThat(upload.stopReason()).isEqualTo("line 4: phone must be a string");
        assertThat(upload.hasNext()).as("nothing is read after the failure").isFalse();
    }

    @Test
    void underSkipBadLinesAreCountedAndTheFirstOnesReported() {
        String body = "not json\n" + ndjson(2) + "[]\n" + "{\"name\": \"" + "x".repeat(41) + "\"}\n";
        BulkUpload upload = upload(body, BadLinePolicy.SKIP, 50, 2);

        List<Item> items = items(readAll(upload));

        assertThat(items).hasSize(2);
        assertThat(upload.rejected()).isEqualTo(3);
        assertThat(upload.rejectedLines()).extracting(l -> l.get("line")).containsExactly(1L, 4L, 5L);
        assertThat(upload.rejectedLines()).extracting(l -> l.get("code")).containsExactly("MALFORMED_JSON", "INVALID_TYPE", "FIELD_TOO_LONG");
    }

    @Test
    void anItemIdRepeatedWithinAChunkIsABadLine() {
        String body = "{\"item_id\": \"a\", \"phone\": \"1\"}\n{\"item_id\": \"a\", \"phone\": \"2\"}\n";

        assertThatThrownBy(() -> readAll(upload(body, BadLinePolicy.STOP, 50, 2)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo("DUPLICATE_ITEM_ID");
                    assertThat(e.details()).containsEntry("line", 2L);
                });
    }

    @Test
    void aLineLongerThanTheLimitIsABadLine() {
        BulkUpload upload = upload(new NdjsonItemReader(stream("{\"name\": \"" + "y".repeat(200) + "\"}\n" + ndjson(1)), 100),
                BadLinePolicy.SKIP, 10, 2);

        assertThat(items(readAll(upload))).hasSize(1);
        assertThat(upload.rejectedLines()).extracting(l -> l.get("code")).containsExactly("LINE_TOO_LONG");
    }

    @Test
    void aBodyWithNoItemIsRefused() {
        assertThatThrownBy(() -> readAll(upload("\n \n", BadLinePolicy.STOP, 10, 2)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("EMPTY_BODY"));
        assertThatThrownBy(() -> readAll(upload("[]\n", BadLinePolicy.SKIP, 10, 2)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("NO_VALID_ITEMS"));
    }

    @Test
    void theJsonFormIsReadItemByItemWithItsLineAndPathAndItsWebhookUrl() throws IOException {
        String body = """
                {"data": {"note": {"skipped": [1, 2]},
                          "items": [
                  {"item_id": "a", "phone": "0912345678"},
                  {"item_id": "b", "phone": 912345678}
                ]},
                 "callback_config": {"webhook_url": "https://example.com/hook"}}""";
        BulkUpload upload = upload(new JsonItemReader(stream(body), SHAPE), BadLinePolicy.SKIP, 10, 2);

        assertThat(items(readAll(upload))).extracting(Item::itemId).containsExactly("a");
        assertThat(upload.rejectedLines()).singleElement().satisfies(line -> {
            assertThat(line).containsEntry("line", 4L);
            assertThat(line).containsEntry("field", "data.items[1].phone");
        });
        assertThat(upload.webhookUrl()).isEqualTo("https://example.com/hook");
    }

    @Test
    void malformedJsonInTheJsonFormEndsTheUploadWithItsLine() throws IOException {
        BulkUpload upload = upload(new JsonItemReader(stream("{\"data\": {\"items\": [\n{\"phone\": \"1\"},\n{\"phone\" \"2\"}]}}"), SHAPE),
                BadLinePolicy.SKIP, 10, 2);

        assertThatThrownBy(() -> readAll(upload)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo("MALFORMED_JSON");
            assertThat(e.details()).containsEntry("line", 3);
        });
    }

    @Test
    void aWebhookUrlThatIsNotHttpIsRefused() throws IOException {
        BulkUpload upload = upload(new JsonItemReader(stream(
                "{\"data\": {\"items\": [{\"phone\": \"1\"}]}, \"callback_config\": {\"webhook_url\": \"file:///etc/passwd\"}}"), SHAPE),
                BadLinePolicy.SKIP, 10, 2);

        assertThatThrownBy(() -> readAll(upload)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo("INVALID_VALUE");
            assertThat(e.field()).isEqualTo("callback_config.webhook_url");
        });
    }

    private static BulkUpload upload(String ndjson, BadLinePolicy policy, int chunkSize, int chunksPerGroup) {
        return upload(new NdjsonItemReader(stream(ndjson), 1000), policy, chunkSize, chunksPerGroup);
    }

    private static BulkUpload upload(ItemReader reader, BadLinePolicy policy, int chunkSize, int chunksPerGroup) {
        return new BulkUpload("batch-1", "user-7", null, reader, new BulkUpload.Chunking(SHAPE,
                new BulkUpload.Limits(chunkSize, chunksPerGroup, policy, 10), new Ids(),
                Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC), "importer_responses"));
    }

    private static List<ChunkGroup> readAll(BulkUpload upload) {
        List<ChunkGroup> groups = new ArrayList<>();
        upload.forEachRemaining(groups::add);
        return groups;
    }

    private static List<Item> items(List<ChunkGroup> groups) {
        return groups.stream().flatMap(g -> g.requests().stream()).flatMap(r -> r.data().items().stream()).toList();
    }

    private static String ndjson(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> "{\"item_id\": \"row-" + i + "\", \"phone\": \"0912" + String.format("%06d", i) + "\"}\n")
                .collect(Collectors.joining());
    }

    private static InputStream stream(String body) {
        return new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
    }

    /** Hands out 1, 2, 3, ... 13 bytes per read, in turn, as a network might. */
    private static final class TrickleStream extends InputStream {
        private final byte[] data;
        private int position;
        private int step;

        TrickleStream(byte[] data) {
            this.data = data;
        }

        @Override
        public int read() {
            return position < data.length ? data[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            if (position == data.length) {
                return -1;
            }
            int n = Math.min(Math.min(length, step++ % 13 + 1), data.length - position);
            System.arraycopy(data, position, target, offset, n);
            position += n;
            return n;
        }
    }
}
