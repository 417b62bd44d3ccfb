package com.rateplatform.gateway.importer;

import java.io.IOException;
import java.io.InputStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;

import com.rateplatform.gateway.contract.ApiException;
import com.rateplatform.gateway.message.Json;

/** NDJSON: one JSON item per line; blank lines are passed over. A line that is not JSON is a problem of that line. */
final class NdjsonItemReader implements ItemReader {

    /** One JSON value per line: anything after it on the line is an error, not ignored. */
    private static final ObjectReader LINE = Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final InputStream body;
    private final LineReader lines;
    private final int maxLineBytes;

    NdjsonItemReader(InputStream body, int maxLineBytes) {
        this.body = body;
        this.lines = new LineReader(body, maxLineBytes);
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    public Entry next() throws IOException {
        while (lines.next()) {
            long line = lines.number();
            if (lines.tooLong()) {
                return new Entry(line, line, "", null, ApiException.badRequest("LINE_TOO_LONG",
                        "a line holds at most " + maxLineBytes + " bytes", null));
            }
            if (lines.isBlank()) {
                continue;
            }
            try {
                JsonNode node = LINE.readTree(lines.bytes(), 0, lines.length());
                return new Entry(line, line, "", node, null);
            } catch (JsonProcessingException e) {
                String column = e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr();
                return new Entry(line, line, "", null, ApiException.badRequest("MALFORMED_JSON",
                        "malformed JSON" + column + ": " + e.getOriginalMessage(), null));
            }
        }
        return null;
    }

    @Override
    public String webhookUrl() {
        return null;
    }

    @Override
    public void close() throws IOException {
        body.close();
    }
}
