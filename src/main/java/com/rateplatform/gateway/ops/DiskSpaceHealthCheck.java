package com.rateplatform.gateway.ops;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: the volume of the data directory (where retention writes its archives, {@code ARCHIVE_DIR}) has more than
 * {@code minFreePercent} of its space free. The directory need not exist yet: its nearest existing parent is on the
 * volume it will be created on. Not a liveness check: a full disk is not cured by a restart.
 */
public class DiskSpaceHealthCheck extends AbstractHealthCheck {

    private final Path directory;
    private final int minFreePercent;

    public DiskSpaceHealthCheck(Path directory, int minFreePercent) {
        super("rate", "disk");
        this.directory = directory.toAbsolutePath().normalize();
        this.minFreePercent = minFreePercent;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Path existing = directory;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        builder.detail("disk.path", directory.toString());
        if (existing == null) {
            builder.message("No part of " + directory + " exists").down();
            return;
        }
        try {
            FileStore store = Files.getFileStore(existing);
            long total = store.getTotalSpace();
            double freePercent = total == 0 ? 0 : 100.0 * store.getUsableSpace() / total;
            builder.detail("disk.free.percent", Math.round(freePercent * 10) / 10.0);
            if (freePercent < minFreePercent) {
                builder.message(String.format("Only %.1f%% of the volume of %s is free (at least %d%% required)", freePercent,
                        directory, minFreePercent)).down();
            } else {
                builder.up();
            }
        } catch (IOException e) {
            builder.message("Free space of " + directory + " cannot be read: " + e.getMessage()).down();
        }
    }
}
