package com.rateplatform.gateway.monitoring;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import com.rateplatform.gateway.api.IntakeListener;
import com.rateplatform.gateway.contract.ApiException;
import com.rateplatform.gateway.contract.Source;
import com.rateplatform.gateway.message.ItemResult;
import com.rateplatform.gateway.message.ResponseMessage;
import com.rateplatform.gateway.metrics.Meters;
import com.rateplatform.gateway.persistence.RequestStore;
import com.rateplatform.gateway.security.Scopes;
import com.rateplatform.gateway.validation.ErrorCode;

/**
 * The gateway's request counters: requests accepted (by source, action, priority), calls refused (by reason and the
 * endpoint's scope), results recorded (by source and status, items by verdict and error code) and the end-to-end
 * latency from acceptance to the recorded result (a histogram by source).
 *
 * <p>These run on every request, so every meter is registered up front and held: a count is an array or small-map
 * look-up and an atomic add, never a registry search. Label values come from fixed sets (the API validates source,
 * action and priority before anything is counted); an unexpected one is counted through the registry, which is slower
 * but correct.
 */
public class RequestMetrics implements IntakeListener, RequestStore.ResponseListener {

    static final String ACCEPTED = Meters.PREFIX + "requests.accepted";
    static final String REJECTED = Meters.PREFIX + "requests.rejected";
    static final String RESULTS = Meters.PREFIX + "results";
    static final String RESULT_ITEMS = Meters.PREFIX + "result.items";
    static final String LATENCY = Meters.PREFIX + "request.latency";

    /** Upper bounds of the latency histogram's buckets: real-time answers take milliseconds, bulk chunks minutes. */
    static final List<Duration> LATENCY_BUCKETS = List.of(Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(300), Duration.ofSeconds(600),
            Duration.ofSeconds(1800));

    /** Why a call was refused: the {@code reason} label. */
    enum Reason {
        AUTH, SCOPE, RATE_LIMIT, BACKPRESSURE, BAD_INPUT, UNAVAILABLE, INTERNAL;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Reason of(ApiException error) {
            int status = error.status();
            if (status == 401) {
                return AUTH;
            }
            if (status == 403) {
                return SCOPE;
            }
            if (status == 429) {
                return RATE_LIMIT;
            }
            if (status == 503) {
                return "BACKLOG_FULL".equals(error.code()) ? BACKPRESSURE : UNAVAILABLE;
            }
            return status >= 500 ? INTERNAL : BAD_INPUT;
        }
    }

    static final List<String> PRIORITIES = List.of("high", "normal", "low");
    static final List<String> STATUSES = List.of(ResponseMessage.SUCCESS, ResponseMessage.PARTIAL, ResponseMessage.ERROR);
    /** The {@code scope} label of a call refused before any route named one. */
    static final String NO_SCOPE = "none";
    /** The {@code error_code} label of a DONE item, and of an error code not in {@link ErrorCode}. */
    static final String NO_CODE = "none";
    static final String OTHER_CODE = "other";

    private final MeterRegistry registry;
    private final Clock clock;
    /** source id -> action -> counter per priority (index in PRIORITIES). */
    private final Map<String, Map<String, Counter[]>> accepted = new HashMap<>();
    /** scope (or NO_SCOPE) -> counter per reason (ordinal). */
    private final Map<String, Counter[]> rejected = new HashMap<>();
    /** [source ordinal][status index]. */
    private final Counter[][] results = new Counter[Source.values().length][STATUSES.size()];
    /** [source ordinal][0: DONE, 1..n: ERROR with ErrorCode ordinal + 1, n + 1: ERROR with another code]. */
    private final Counter[][] items = new Counter[Source.values().length][ErrorCode.values().length + 2];
    private final Map<String, Integer> codeIndex = new HashMap<>();
    private final Timer[] latency = new Timer[Source.values().length];

    public RequestMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        for (Source source : Source.values()) {
            Map<String, Counter[]> byAction = new HashMap<>();
            for (String action : source.actions()) {
                Counter[] byPriority = new Counter[PRIORITIES.size()];
                for (int p = 0; p < byPriority.length; p++) {
                    byPriority[p] = acceptedCounter(source.id(), action, PRIORITIES.get(p));
                }
                byAction.put(action, byPriority);
            }
            accepted.put(source.id(), byAction);
            int s = source.ordinal();
            for (int i = 0; i < STATUSES.size(); i++) {
                results[s][i] = Counter.builder(RESULTS).description("Results recorded, by the request's status")
                        .tags("source", source.id(), "status", STATUSES.get(i)).register(registry);
            }
            items[s][0] = itemCounter(source, ItemResult.Verdict.DONE, NO_CODE);
            for (ErrorCode code : ErrorCode.values()) {
                items[s][code.ordinal() + 1] = itemCounter(source, ItemResult.Verdict.ERROR, code.name());
            }
            items[s][items[s].length - 1] = itemCounter(source, ItemResult.Verdict.ERROR, OTHER_CODE);
            latency[s] = Timer.builder(LATENCY)
                    .description("From the request's acceptance to its result recorded in PostgreSQL")
                    .tags("source", source.id())
                    .serviceLevelObjectives(LATENCY_BUCKETS.toArray(new Duration[0]))
                    .register(registry);
        }
        for (ErrorCode code : ErrorCode.values()) {
            codeIndex.put(code.name(), code.ordinal() + 1);
        }
        List<String> scopes = new ArrayList<>(Scopes.ALL);
        scopes.add(NO_SCOPE);
        for (String scope : scopes) {
            Counter[] byReason = new Counter[Reason.values().length];
            for (Reason reason : Reason.values()) {
                byReason[reason.ordinal()] = rejectedCounter(scope, reason);
            }
            rejected.put(scope, byReason);
        }
    }

    @Override
    public void accepted(String source, String action, String priority, int count) {
        Map<String, Counter[]> byAction = accepted.get(source);
        Counter[] byPriority = byAction == null ? null : byAction.get(action);
        int p = PRIORITIES.indexOf(priority);
        Counter counter = byPriority == null || p < 0 ? acceptedCounter(source, action, priority) : byPriority[p];
        counter.increment(count);
    }

    @Override
    public void rejected(ApiException error, String scope) {
        Reason reason = Reason.of(error);
        Counter[] byReason = rejected.get(scope == null ? NO_SCOPE : scope);
        (byReason == null ? rejectedCounter(scope, reason) : byReason[reason.ordinal()]).increment();
    }

    @Override
    public void recorded(String source, Instant acceptedAt, ResponseMessage response) {
        int s = sourceIndex(source);
        if (s < 0) {
            return; // not a source this gateway serves: nothing to label it with
        }
        int status = STATUSES.indexOf(response.status());
        if (status >= 0) {
            results[s][status].increment();
        }
        if (response.results() != null) {
            int[] byCode = new int[items[s].length];
            for (ItemResult item : response.results()) {
                byCode[itemIndex(item)]++;
            }
            for (int i = 0; i < byCode.length; i++) {
                if (byCode[i] > 0) {
                    items[s][i].increment(byCode[i]);
                }
            }
        }
        latency[s].record(Math.max(0, clock.millis() - acceptedAt.toEpochMilli()), TimeUnit.MILLISECONDS);
    }

    /** Requests of the source accepted so far on this gateway. */
    long acceptedCount(Source source) {
        double total = 0;
        for (Counter[] byPriority : accepted.get(source.id()).values()) {
            for (Counter counter : byPriority) {
                total += counter.count();
            }
        }
        return (long) total;
    }

    /** Results of the source's requests recorded so far on this gateway. */
    long completedCount(Source source) {
        double total = 0;
        for (Counter counter : results[source.ordinal()]) {
            total += counter.count();
        }
        return (long) total;
    }

    /** The end-to-end latency timers, one per source. */
    List<Timer> latencyTimers() {
        return List.of(latency);
    }

    private int itemIndex(ItemResult item) {
        if (item.verdict() == ItemResult.Verdict.DONE) {
            return 0;
        }
        Integer index = item.errorCode() == null ? null : codeIndex.get(item.errorCode());
        return index == null ? items[0].length - 1 : index;
    }

    private static int sourceIndex(String source) {
        for (Source candidate : Source.values()) {
            if (candidate.id().equals(source)) {
                return candidate.ordinal();
            }
        }
        return -1;
    }

    private Counter acceptedCounter(String source, String action, String priority) {
        return Counter.builder(ACCEPTED).description("Requests accepted (answered 202), a bulk import counting its chunks")
                .tags("source", source, "action", action, "priority", priority).register(registry);
    }

    private Counter rejectedCounter(String scope, Reason reason) {
        return Counter.builder(REJECTED).description("Calls answered with an error, by reason and the endpoint's scope")
                .tags("scope", scope == null ? NO_SCOPE : scope, "reason", reason.label()).register(registry);
    }

    private Counter itemCounter(Source source, ItemResult.Verdict verdict, String code) {
        return Counter.builder(RESULT_ITEMS).description("Item results recorded, by verdict and error code")
                .tags("source", source.id(), "verdict", verdict.name(), "error_code", code).register(registry);
    }
}
