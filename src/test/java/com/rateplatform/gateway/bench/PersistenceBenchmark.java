package com.rateplatform.gateway.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import com.rateplatform.gateway.message.CallbackConfig;
import com.rateplatform.gateway.message.Ids;
import com.rateplatform.gateway.message.Item;
import com.rateplatform.gateway.message.ItemResult;
import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.message.RequestData;
import com.rateplatform.gateway.message.RequestMessage;
import com.rateplatform.gateway.message.ResponseMessage;
import com.rateplatform.gateway.persistence.ItemStore;
import com.rateplatform.gateway.support.FreshSchema;
import com.rateplatform.gateway.validation.ItemValidator;
import com.rateplatform.gateway.validation.ValidationProcessor;

/**
 * Items persisted per second by one worker thread: {@link ItemStore} (one multi-row statement per request, as the
 * validator route does) against the baseline of one autocommitted INSERT per item, measured in the same run on the
 * same database. Run: {@code benchmarks/run.sh PersistenceBenchmark [requests] [itemsPerRequest]}.
 */
public final class PersistenceBenchmark {

    private PersistenceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int itemsPerRequest = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        ValidationProcessor validator = new ValidationProcessor(ItemValidator.load(""), Clock.systemUTC());
        try (FreshSchema schema = new FreshSchema()) {
            ItemStore store = new ItemStore(schema.dataSource(), new Ids(), 500, java.time.Duration.ZERO, java.time.Duration.ofSeconds(30));
            List<RequestMessage> batchedSet = requests("batched", requests, itemsPerRequest);
            List<RequestMessage> baselineSet = requests("single", Math.max(1, requests / 4), itemsPerRequest);
            List<ResponseMessage> batchedResponses = batchedSet.stream().map(validator::validate).toList();
            List<ResponseMessage> baselineResponses = baselineSet.stream().map(validator::validate).toList();

            // Warm-up: JIT, pool and plan caches.
            List<RequestMessage> warm = requests("warm", 20, itemsPerRequest);
            for (RequestMessage r : warm) {
                store.record(r, validator.validate(r)).join();
            }
            singleRowInserts(schema, warm.subList(0, 5), warm.subList(0, 5).stream().map(validator::validate).toList(), "w2");

            long t0 = System.nanoTime();
            singleRowInserts(schema, baselineSet, baselineResponses, "");
            double baselineSeconds = (System.nanoTime() - t0) / 1e9;
            long baselineItems = (long) baselineSet.size() * itemsPerRequest;

            long t1 = System.nanoTime();
            for (int i = 0; i < batchedSet.size(); i++) {
                store.record(batchedSet.get(i), batchedResponses.get(i)).join();
            }
            double batchedSeconds = (System.nanoTime() - t1) / 1e9;
            long batchedItems = (long) requests * itemsPerRequest;

            double baselineRate = baselineItems / baselineSeconds;
            double batchedRate = batchedItems / batchedSeconds;
            System.out.printf("PersistenceBenchmark (one thread, %d items per request)%n", itemsPerRequest);
            System.out.printf("  baseline, one INSERT per item (autocommit): %,10.0f items/s  (%,d items in %.2f s)%n",
                    baselineRate, baselineItems, baselineSeconds);
            System.out.printf("  ItemStore, one statement per request:       %,10.0f items/s  (%,d items in %.2f s)%n",
                    batchedRate, batchedItems, batchedSeconds);
            System.out.printf("  ratio: %.1fx%n", batchedRate / baselineRate);
        }
    }

    private static void singleRowInserts(FreshSchema schema, List<RequestMessage> requests, List<ResponseMessage> responses,
                                         String suffix) throws Exception {
        try (Connection c = schema.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO raw_items (request_id, item_id, source, action, status, payload, result, created_at)
                VALUES (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?) ON CONFLICT DO NOTHING""")) {
            for (int r = 0; r < requests.size(); r++) {
                RequestMessage request = requests.get(r);
                Timestamp at = Timestamp.from(Instant.parse(request.timestamp()));
                for (int i = 0; i < request.data().items().size(); i++) {
                    Item item = request.data().items().get(i);
                    ItemResult result = responses.get(r).results().get(i);
                    ps.setString(1, request.requestId() + suffix);
                    ps.setString(2, item.itemId());
                    ps.setString(3, request.source());
                    ps.setString(4, request.action());
                    ps.setString(5, result.verdict().name().toLowerCase());
                    ps.setString(6, Json.write(item));
                    ps.setString(7, Json.write(result));
                    ps.setTimestamp(8, at);
                    ps.executeUpdate();
                }
            }
        }
    }

    private static List<RequestMessage> requests(String tag, int count, int itemsPerRequest) {
        List<RequestMessage> requests = new ArrayList<>(count);
        String now = Instant.now().truncatedTo(ChronoUnit.MICROS).toString();
        for (int r = 0; r < count; r++) {
            List<Item> items = new ArrayList<>(itemsPerRequest);
            for (int i = 0; i < itemsPerRequest; i++) {
                int n = r * itemsPerRequest + i;
                items.add(new Item("item_%03d".formatted(i + 1), "Nguyễn Văn " + n,
                        i % 3 == 0 ? null : "09%08d".formatted(n % 100_000_000), i % 2 == 0 ? "%010d".formatted(n) : null,
                        i % 4 == 0 ? "VCB" : null, null));
            }
            requests.add(new RequestMessage(tag + "-" + r + "-" + System.nanoTime(), "importer", "bench", "import",
                    new RequestData(items), "normal", new CallbackConfig("importer_responses", null), now));
        }
        return requests;
    }
}
