package com.rateplatform.gateway.validation;

/** The rules file or the bank catalogue cannot be used; the message names the file and, where one is at fault, the key. */
public class InvalidRulesException extends IllegalArgumentException {

    private final String key;

    InvalidRulesException(String source, String key, String problem) {
        super("Invalid validation rules in " + source + (key == null ? "" : ": key '" + key + "'") + ": " + problem);
        this.key = key;
    }

    InvalidRulesException(String source, String key, String problem, Throwable cause) {
        this(source, key, problem);
        initCause(cause);
    }

    /** The dotted path of the offending key, such as {@code phone.allowed_types[1]}; null when the file as a whole is at fault. */
    public String key() {
        return key;
    }
}
