package com.rateplatform.gateway.message;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The answer to one request, as published on {@code extension_responses} / {@code importer_responses}.
 *
 * @param status success (every item DONE) | partial (some) | error (none, or the request could not be processed)
 * @param userId the caller that sent the request, copied from it, so a gateway can push the response to that caller's
 *               connections without a look-up; absent on responses published before it existed
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ResponseMessage(String requestId, String status, List<ItemResult> results, long processingTimeMs,
                              String timestamp, @JsonInclude(JsonInclude.Include.NON_NULL) String userId) {

    public static final String SUCCESS = "success";
    public static final String PARTIAL = "partial";
    public static final String ERROR = "error";

    /** The request status that a set of item results gives. */
    public static String statusOf(List<ItemResult> results) {
        long done = results.stream().filter(r -> r.verdict() == ItemResult.Verdict.DONE).count();
        if (done == results.size() && done > 0) {
            return SUCCESS;
        }
        return done == 0 ? ERROR : PARTIAL;
    }
}
