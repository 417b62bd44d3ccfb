package com.rateplatform.gateway.validation;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import com.rateplatform.gateway.message.Item;
import com.rateplatform.gateway.message.ItemResult;
import com.rateplatform.gateway.message.RequestMessage;
import com.rateplatform.gateway.message.ResponseMessage;

/** Turns a request message into its response message: every item through the {@link ItemValidator}. */
public class ValidationProcessor {

    private final ItemValidator itemValidator;
    private final Clock clock;

    public ValidationProcessor(ItemValidator itemValidator, Clock clock) {
        this.itemValidator = itemValidator;
        this.clock = clock;
    }

    public ResponseMessage validate(RequestMessage request) {
        long started = System.nanoTime();
        List<Item> items = request.data() == null || request.data().items() == null ? List.of() : request.data().items();
        List<ItemResult> results = new ArrayList<>(items.size());
        for (Item item : items) {
            results.add(itemValidator.validate(request.action(), item));
        }
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        return new ResponseMessage(request.requestId(), ResponseMessage.statusOf(results), results, elapsedMs,
                clock.instant().toString(), request.userId());
    }
}
