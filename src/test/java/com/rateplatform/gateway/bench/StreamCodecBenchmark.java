package com.rateplatform.gateway.bench;

import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import com.rateplatform.gateway.crypto.KeyRing;
import com.rateplatform.gateway.crypto.PayloadCipher;
import com.rateplatform.gateway.crypto.StreamKeys;
import com.rateplatform.gateway.message.CallbackConfig;
import com.rateplatform.gateway.message.Item;
import com.rateplatform.gateway.message.Json;
import com.rateplatform.gateway.message.MessageCodec;
import com.rateplatform.gateway.message.RequestData;
import com.rateplatform.gateway.message.RequestMessage;
import com.rateplatform.gateway.message.ResponseMessage;
import com.rateplatform.gateway.validation.ItemValidator;
import com.rateplatform.gateway.validation.ValidationProcessor;

/**
 * What sealing the streams costs: µs per message to encode and decode a typical 3-item request and its response (as
 * the validator computes it) through {@link MessageCodec} — JSON plus AES-256-GCM — beside the same-run baseline of
 * {@code Json.write} / {@code Json.read} of the same message in clear. The difference is the encryption's cost (divide
 * by 3 for an item). Run with {@code benchmarks/run-codec-bench.sh}; every score is µs per round trip of one message.
 * Each round trip is timed (sample mode): its median (p0.50) stays meaningful on a machine that other work keeps busy,
 * where a mean is swayed by the moments this thread is not running.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class StreamCodecBenchmark {

    private MessageCodec codec;
    private RequestMessage request;
    private ResponseMessage response;

    @Setup
    public void setUp() {
        codec = new MessageCodec(new PayloadCipher(StreamKeys.fixed(KeyRing.parse(
                "bench-1:" + Base64.getEncoder().encodeToString(new byte[32])))));
        request = new RequestMessage("0193a1f2-7c4e-7d3a-9f21-6b5e4d3c2b1a", "extension", "token:importer", "validate",
                new RequestData(List.of(
                        new Item("item_001", "Nguyễn Văn An", "0912345678", null, null, null),
                        new Item("item_002", "Trần Thị Bích Ngọc", "+84 983 456 789", "0011001234567", "VCB",
                                Json.MAPPER.createObjectNode().put("crm_id", "C-1029")),
                        new Item("item_003", "Lê Hoàng Nam", null, "19034567890123", "TCB", null))),
                "normal", new CallbackConfig("extension_responses", null), "2026-12-01T10:00:00Z");
        response = new ValidationProcessor(ItemValidator.load(""), Clock.systemUTC()).validate(request);
    }

    /** The figure: request sealed into its entry and opened again. */
    @Benchmark
    public RequestMessage requestSealedRoundTrip() {
        return codec.decodeRequest(codec.encodeRequest(request));
    }

    /** Baseline: the same request written and read as plain JSON (the entry before stream encryption). */
    @Benchmark
    public RequestMessage requestJsonRoundTrip() {
        return Json.read(Json.write(request), RequestMessage.class);
    }

    /** The figure: the response (3 item results with details) sealed and opened again. */
    @Benchmark
    public ResponseMessage responseSealedRoundTrip() {
        return codec.decodeResponse(codec.encodeResponse(response));
    }

    /** Baseline: the same response as plain JSON. */
    @Benchmark
    public ResponseMessage responseJsonRoundTrip() {
        return Json.read(Json.write(response), ResponseMessage.class);
    }
}
