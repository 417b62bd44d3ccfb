package com.rateplatform.gateway.validation;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.rateplatform.gateway.message.ItemResult;

/** What the rules found on one item: failures in the order found, normalized values and doubts. Not shared between threads. */
final class Findings {

    private record Failure(String field, ErrorCode code, String message) {

        Map<String, Object> toDetails() {
            Map<String, Object> entry = new LinkedHashMap<>(4);
            entry.put(DetailKeys.ERROR_FIELD, field);
            entry.put(DetailKeys.ERROR_CODE, code.name());
            entry.put(DetailKeys.ERROR_MESSAGE, message);
            return entry;
        }
    }

    private final Map<String, Object> details = new LinkedHashMap<>(8);
    private final List<Failure> failures = new ArrayList<>(2);
    private final Set<Doubt> doubts = EnumSet.noneOf(Doubt.class);

    void fail(String field, ErrorCode code, String message) {
        failures.add(new Failure(field, code, message));
    }

    void normalized(String key, Object value) {
        details.put(key, value);
    }

    void doubt(Doubt doubt) {
        doubts.add(doubt);
    }

    ItemResult toResult(String itemId) {
        if (!doubts.isEmpty()) {
            details.put(DetailKeys.DOUBTS, doubts.stream().map(Doubt::name).toList());
        }
        if (failures.isEmpty()) {
            return new ItemResult(itemId, ItemResult.Verdict.DONE, null, Confidence.ofValid(doubts), details);
        }
        details.put(DetailKeys.ERRORS, failures.stream().map(Failure::toDetails).toList());
        return new ItemResult(itemId, ItemResult.Verdict.ERROR, failures.get(0).code().name(), Confidence.OF_ERROR, details);
    }
}
