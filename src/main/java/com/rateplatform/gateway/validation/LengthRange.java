package com.rateplatform.gateway.validation;

/** An inclusive range of lengths, both ends at least 1. */
record LengthRange(int min, int max) {

    LengthRange {
        if (min < 1 || max < min) {
            throw new IllegalArgumentException("length range " + min + "-" + max + " is empty or below 1");
        }
    }

    boolean contains(int length) {
        return length >= min && length <= max;
    }

    @Override
    public String toString() {
        return min == max ? String.valueOf(min) : min + " to " + max;
    }
}
