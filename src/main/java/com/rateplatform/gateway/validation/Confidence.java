package com.rateplatform.gateway.validation;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Set;

/**
 * The confidence of an item's result, in [0, 1].
 *
 * <pre>
 *   confidence = 0                                   when the verdict is ERROR
 *   confidence = round3( product of d.factor() for each distinct doubt d )   when the verdict is DONE
 * </pre>
 *
 * An item with no doubt scores 1.0; round3 rounds half up to three decimals. The factors are those of
 * {@link Doubt}; docs/Validation-Rules.md lists them.
 */
public final class Confidence {

    public static final double OF_ERROR = 0.0;

    private Confidence() {
    }

    public static double ofValid(Set<Doubt> doubts) {
        double product = 1.0;
        for (Doubt doubt : doubts) {
            product *= doubt.factor();
        }
        return BigDecimal.valueOf(product).setScale(3, RoundingMode.HALF_UP).doubleValue();
    }
}
