package com.rateplatform.gateway.security;

import java.util.List;

import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.core.pattern.ConverterKeys;
import org.apache.logging.log4j.core.pattern.LogEventPatternConverter;
import org.apache.logging.log4j.core.pattern.PatternConverter;
import org.apache.logging.log4j.core.pattern.PatternFormatter;
import org.apache.logging.log4j.status.StatusLogger;

/**
 * Log4j pattern {@code %pii{pattern}}: formats the inner pattern, then masks phone and account numbers in the result
 * ({@link PiiMasker}). With {@code %pii{%m%n%ex}} in the layout, every message and stack trace is masked, whichever
 * library logged it.
 */
@Plugin(name = "PiiMaskingConverter", category = PatternConverter.CATEGORY)
@ConverterKeys({ "pii" })
public final class PiiMaskingConverter extends LogEventPatternConverter {

    private final List<PatternFormatter> formatters;

    private PiiMaskingConverter(List<PatternFormatter> formatters) {
        super("pii", null);
        this.formatters = formatters;
    }

    /** Called by Log4j with the layout's configuration and the text between the braces. */
    public static PiiMaskingConverter newInstance(Configuration config, String[] options) {
        if (options.length != 1 || options[0] == null || options[0].isBlank()) {
            StatusLogger.getLogger().error("%pii needs one pattern to mask, as in %pii{%m%n%ex}");
            return null;
        }
        return new PiiMaskingConverter(PatternLayout.createPatternParser(config).parse(options[0]));
    }

    @Override
    public void format(LogEvent event, StringBuilder toAppendTo) {
        StringBuilder inner = new StringBuilder(128);
        for (PatternFormatter formatter : formatters) {
            formatter.format(event, inner);
        }
        toAppendTo.append(PiiMasker.mask(inner.toString()));
    }

    /** True when the inner pattern prints the exception, so the layout does not print it a second time, unmasked. */
    @Override
    public boolean handlesThrowable() {
        return formatters.stream().anyMatch(PatternFormatter::handlesThrowable);
    }
}
