package com.rateplatform.gateway.importer;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

import com.rateplatform.gateway.api.ItemShape;
import com.rateplatform.gateway.contract.ApiException;
import com.rateplatform.gateway.contract.Source;
import com.rateplatform.gateway.delivery.WebhookUrl;
import com.rateplatform.gateway.message.CallbackConfig;
import com.rateplatform.gateway.message.Ids;
import com.rateplatform.gateway.message.Item;
import com.rateplatform.gateway.message.RequestData;
import com.rateplatform.gateway.message.RequestMessage;

/**
 * One bulk body on its way in. Iterating it reads the body: items are checked like the items of any request, cut into
 * chunks of {@code chunkSize} (each a request message with the batch's id) and handed out in groups of
 * {@code chunksPerGroup}, one pipelined publish each. It holds one group at a time, whatever the size of the body.
 *
 * <p>It also keeps the figures of the answer: chunks and items recorded (those the batch counts), lines refused, and
 * why reading stopped early when it did.
 */
public final class BulkUpload implements Iterator<ChunkGroup>, Closeable {

    /** Every chunk is a request of this priority: a bulk import never goes ahead of real-time requests. */
    public static final String CHUNK_PRIORITY = "normal";

    /** Settings that stay the same for every upload. */
    public record Limits(int chunkSize, int chunksPerGroup, BadLinePolicy policy, int maxReportedLines) {
    }

    /**
     * What every upload cuts its items with: the item checks, the limits, and what each chunk's request message gets
     * (a UUIDv7 request id, the accepted time, the importer's response stream).
     */
    public record Chunking(ItemShape shape, Limits limits, Ids ids, Clock clock, String responseStream) {
    }

    private final String batchId;
    private final String userId;
    private final String queryWebhookUrl;
    private final ItemReader reader;
    private final ItemShape shape;
    private final Limits limits;
    private final Chunking chunking;

    private ChunkGroup ahead;
    private boolean exhausted;
    private boolean failed;
    private int chunksRead;
    private int chunksRecorded;
    private long itemsRecorded;
    private long rejected;
    private final List<Map<String, Object>> rejectedLines = new ArrayList<>();
    private String stopReason;
    private boolean sealed;

    BulkUpload(String batchId, String userId, String queryWebhookUrl, ItemReader reader, Chunking chunking) {
        this.batchId = batchId;
        this.userId = userId;
        this.queryWebhookUrl = queryWebhookUrl;
        this.reader = reader;
        this.shape = chunking.shape();
        this.limits = chunking.limits();
        this.chunking = chunking;
    }

    /**
     * Reads the next group. After a failure it answers false for good: the splitter walks its iterable once more when
     * it cleans up, and reading on from the middle of a broken body would only produce errors that hide the first.
     */
    @Override
    public boolean hasNext() {
        if (ahead == null && !exhausted && !failed) {
            try {
                ahead = readGroup();
            } catch (IOException e) {
                failed = true;
                throw new UncheckedIOException(e);
            } catch (RuntimeException e) {
                failed = true;
                if (e instanceof ApiException) {
                    stopReason = e.getMessage();
                }
                throw e;
            }
        }
        return ahead != null;
    }

    @Override
    public ChunkGroup next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ChunkGroup group = ahead;
        ahead = null;
        return group;
    }

    /** Notes that a group's chunks are on record: from now on the batch exists and counts them. */
    void recorded(ChunkGroup group) {
        chunksRecorded += group.chunks().size();
        itemsRecorded += group.itemCount();
    }

    private ChunkGroup readGroup() throws IOException {
        List<Chunk> chunks = new ArrayList<>(limits.chunksPerGroup());
        while (chunks.size() < limits.chunksPerGroup() && !exhausted) {
            Chunk chunk = readChunk();
            if (chunk != null) {
                chunks.add(chunk);
            }
        }
        if (exhausted) {
            requireWebhookUrl(reader.webhookUrl(), "callback_config.webhook_url");
            if (chunksRead == 0) {
                throw nothingToImport();
            }
        }
        return chunks.isEmpty() ? null : new ChunkGroup(List.copyOf(chunks));
    }

    private Chunk readChunk() throws IOException {
        List<Item> items = new ArrayList<>(limits.chunkSize());
        Set<String> itemIds = new HashSet<>();
        long firstLine = 0;
        long lastLine = 0;
        while (items.size() < limits.chunkSize()) {
            ItemReader.Entry entry = reader.next();
            if (entry == null) {
                exhausted = true;
                break;
            }
            Item item = check(entry, itemIds);
            if (item != null) {
                firstLine = items.isEmpty() ? entry.line() : firstLine;
                lastLine = entry.line();
                items.add(item);
            }
        }
        if (items.isEmpty()) {
            return null;
        }
        chunksRead++;
        RequestMessage request = new RequestMessage(chunking.ids().next().toString(), Source.IMPORTER.id(), userId,
                Source.IMPORTER.defaultAction(), new RequestData(items), CHUNK_PRIORITY,
                new CallbackConfig(chunking.responseStream(), null),
                chunking.clock().instant().truncatedTo(ChronoUnit.MICROS).toString(), batchId);
        return new Chunk(chunksRead, firstLine, lastLine, request);
    }

    /** The item, or null when the entry is refused and the policy lets the upload go on. */
    private Item check(ItemReader.Entry entry, Set<String> itemIds) {
        ApiException problem = entry.problem();
        if (problem == null) {
            try {
                Item item = shape.item(entry.node(), entry.path(), entry.position());
                if (itemIds.add(item.itemId())) {
                    return item;
                }
                problem = ApiException.badRequest("DUPLICATE_ITEM_ID", "item_id repeats within its chunk of "
                                                                       + limits.chunkSize() + " items",
                        entry.path().isEmpty() ? "item_id" : entry.path() + ".item_id");
            } catch (ApiException e) {
                problem = e;
            }
        }
        if (limits.policy() == BadLinePolicy.STOP) {
            throw badLine(entry.line(), problem);
        }
        rejected++;
        if (rejectedLines.size() < limits.maxReportedLines()) {
            rejectedLines.add(lineReport(entry.line(), problem));
        }
        return null;
    }

    private ApiException badLine(long line, ApiException problem) {
        ApiException error = new ApiException(problem.status(), problem.code(), "line " + line + ": " + problem.getMessage(),
                problem.field()).withDetail("line", line);
        if (chunksRecorded > 0) {
            // Reading stops here, but the chunks before this line are already on their way: say where they went.
            error.withDetail("batch_id", batchId).withDetail("items_accepted", itemsRecorded);
        }
        return error;
    }

    private ApiException nothingToImport() {
        if (rejected == 0) {
            return ApiException.badRequest("EMPTY_BODY", "the body holds no item", null);
        }
        return ApiException.badRequest("NO_VALID_ITEMS", "none of the " + rejected + " items could be read", null)
                .withDetail("rejected_lines", rejectedLines);
    }

    private static Map<String, Object> lineReport(long line, ApiException problem) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("line", line);
        report.put("code", problem.code());
        report.put("message", problem.getMessage());
        if (problem.field() != null) {
            report.put("field", problem.field());
        }
        return report;
    }

    /** The URL unchanged when it is empty or a usable webhook URL; 400 naming the field otherwise. */
    static String requireWebhookUrl(String url, String field) {
        if (url == null || url.isEmpty()) {
            return null;
        }
        try {
            WebhookUrl.parse(url);
            return url;
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("INVALID_VALUE", e.getMessage(), field);
        }
    }

    public String batchId() {
        return batchId;
    }

    public String userId() {
        return userId;
    }

    public int chunkSize() {
        return limits.chunkSize();
    }

    /** The webhook of the whole batch: {@code callback_config.webhook_url} of a JSON body, else the query's. */
    public String webhookUrl() {
        String fromBody = reader.webhookUrl();
        return fromBody != null && !fromBody.isEmpty() ? fromBody : queryWebhookUrl;
    }

    /** True once a chunk is on record, which makes the batch exist. */
    public boolean hasRecordedChunks() {
        return chunksRecorded > 0;
    }

    public int chunksRecorded() {
        return chunksRecorded;
    }

    public long itemsRecorded() {
        return itemsRecorded;
    }

    public long rejected() {
        return rejected;
    }

    public List<Map<String, Object>> rejectedLines() {
        return List.copyOf(rejectedLines);
    }

    /** Why reading stopped before the end of the body, or null when it did not. */
    public String stopReason() {
        return stopReason;
    }

    void stoppedBecause(String reason) {
        if (stopReason == null) {
            stopReason = reason;
        }
    }

    public boolean sealed() {
        return sealed;
    }

    void seal() {
        sealed = true;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
