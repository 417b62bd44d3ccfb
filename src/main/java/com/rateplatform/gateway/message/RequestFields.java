package com.rateplatform.gateway.message;

/**
 * Fields of a {@link RequestMessage} for routes that branch on them. A route reads them through this bean, not as
 * {@code ${body.source}}: Simple's property access builds Camel's bean introspection of the object's class anew for
 * every new object (its cache is keyed by the instance), which cost the validator about a fifth of its CPU.
 */
public final class RequestFields {

    /** extension | importer: which response stream the result goes to. */
    public String source(RequestMessage request) {
        return request.source();
    }

    /** validate | check | import. */
    public String action(RequestMessage request) {
        return request.action();
    }
}
