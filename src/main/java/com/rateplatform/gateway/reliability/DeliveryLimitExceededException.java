package com.rateplatform.gateway.reliability;

/** An entry delivered more often than the configured limit: a poison message, sent to the dead-letter stream. */
public class DeliveryLimitExceededException extends RuntimeException {

    public DeliveryLimitExceededException(String message) {
        super(message);
    }
}
