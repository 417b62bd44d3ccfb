package com.rateplatform.gateway.stream;

/** A stream entry id, {@code <ms>-<seq>}, ordered as Redis orders them. */
public record StreamId(long ms, long seq) implements Comparable<StreamId> {

    public static StreamId of(long ms, long seq) {
        return new StreamId(Math.max(ms, 0), seq);
    }

    public static StreamId parse(String id) {
        int dash = id.indexOf('-');
        return dash < 0 ? new StreamId(Long.parseLong(id), 0)
                : new StreamId(Long.parseLong(id.substring(0, dash)), Long.parseLong(id.substring(dash + 1)));
    }

    public StreamId next() {
        return seq == Long.MAX_VALUE ? new StreamId(ms + 1, 0) : new StreamId(ms, seq + 1);
    }

    public static StreamId min(StreamId a, StreamId b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    public static StreamId max(StreamId a, StreamId b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    @Override
    public int compareTo(StreamId other) {
        int byMs = Long.compare(ms, other.ms);
        return byMs != 0 ? byMs : Long.compare(seq, other.seq);
    }

    @Override
    public String toString() {
        return ms + "-" + seq;
    }
}
