package com.rateplatform.gateway.stream;

import io.lettuce.core.RedisException;
import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream consumer's default exception handler: a Redis error (an outage, a refused command) is one warning line per
 * attempt, its stack trace at debug, since the reader retries it after a back-off; anything else is logged with its
 * stack trace. {@code bridgeErrorHandler=true} or an {@code exceptionHandler} on the endpoint replaces it.
 */
final class ReaderErrorLog implements ExceptionHandler {

    // Under the consumer's name, as before the handler existed: the runbooks quote these lines with it.
    private static final Logger LOG = LoggerFactory.getLogger(StreamReaderConsumer.class);

    @Override
    public void handleException(Throwable exception) {
        handleException(null, null, exception);
    }

    @Override
    public void handleException(String message, Throwable exception) {
        handleException(message, null, exception);
    }

    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        String what = message == null ? "Stream reader error" : message;
        if (exception instanceof RedisException) {
            LOG.warn("{}: {}", what, exception.getMessage());
            LOG.debug("{}", what, exception);
        } else {
            LOG.error("{}", what, exception);
        }
    }
}
