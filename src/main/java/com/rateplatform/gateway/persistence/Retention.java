package com.rateplatform.gateway.persistence;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rateplatform.gateway.archive.ArchiveCopy;
import com.rateplatform.gateway.archive.ArchiveCopyFailedException;
import com.rateplatform.gateway.archive.ArchiveFile;

/**
 * Retention of the monthly partitions: a partition whose month ended more than {@code keepMonths} months ago is
 * exported to {@code <archiveDir>/<partition>.ndjson.gz} (one JSON object per row, as {@code archivedRow} makes it:
 * with its personal fields masked), copied by the {@link ArchiveCopy} (to S3-compatible storage when a bucket is
 * configured), then detached and dropped.
 *
 * <p>Idempotent: the file is written under a temporary name and renamed when complete, and the partition is dropped
 * only after that and after its copy is verified; a run cut short, or a copy that failed or does not match, leaves the
 * partition in place and the next run exports it again. Runs under the same advisory lock as partition creation.
 */
public class Retention {

    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
    private static final Pattern MONTHLY = Pattern.compile("(.+)_(\\d{4})_(\\d{2})");

    private final DataSource dataSource;
    private final Path archiveDir;
    private final ArchiveCopy archiveCopy;
    private final int keepMonths;
    private final Clock clock;
    private final UnaryOperator<String> archivedRow;

    /** @param archivedRow what a row (its JSON object) becomes in the archive: the application masks personal fields */
    public Retention(DataSource dataSource, Path archiveDir, int keepMonths, Clock clock, UnaryOperator<String> archivedRow) {
        this(dataSource, archiveDir, ArchiveCopy.NONE, keepMonths, clock, archivedRow);
    }

    public Retention(DataSource dataSource, Path archiveDir, ArchiveCopy archiveCopy, int keepMonths, Clock clock,
                     UnaryOperator<String> archivedRow) {
        this.dataSource = dataSource;
        this.archiveDir = archiveDir;
        this.archiveCopy = archiveCopy;
        this.keepMonths = keepMonths;
        this.clock = clock;
        this.archivedRow = archivedRow;
    }

    /** @return the partitions archived and dropped in this run */
    public List<String> archiveExpired() throws SQLException, IOException {
        List<String> done = new ArrayList<>();
        YearMonth oldestKept = YearMonth.now(clock.withZone(ZoneOffset.UTC)).minusMonths(keepMonths);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            for (String table : PartitionMaintenance.PARTITIONED_TABLES) {
                for (String partition : partitionsOf(c, table)) {
                    Matcher m = MONTHLY.matcher(partition);
                    if (!m.matches() || !YearMonth.of(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))).isBefore(oldestKept)) {
                        continue;
                    }
                    // One partition per transaction, each under the partition lock.
                    try {
                        if (!PartitionMaintenance.tryLock(c)) {
                            c.rollback();
                            LOG.info("Retention stopped: another instance holds the partition lock");
                            return done;
                        }
                        ArchiveFile archive = export(c, partition);
                        store(partition, archive);
                        try (Statement s = c.createStatement()) {
                            s.execute("ALTER TABLE " + quote(table) + " DETACH PARTITION " + quote(partition));
                            s.execute("DROP TABLE " + quote(partition));
                        }
                        c.commit();
                        LOG.info("Retention: archived {} ({} bytes, SHA-256 {}) to {} and dropped the partition", partition,
                                archive.size(), archive.sha256(), archiveCopy.describe(archive));
                        done.add(partition);
                    } catch (SQLException | IOException | RuntimeException e) {
                        c.rollback();
                        throw e;
                    }
                }
            }
            c.rollback(); // ends the read-only transaction of the catalogue queries
        }
        if (done.isEmpty()) {
            LOG.debug("Retention: no partition older than {} months", keepMonths);
        }
        return done;
    }

    public Path archiveFile(String partition) {
        return archiveDir.resolve(partition + ".ndjson.gz");
    }

    private ArchiveFile export(Connection c, String partition) throws SQLException, IOException {
        return ArchiveFile.write(archiveFile(partition), out -> {
            GZIPOutputStream gzip = new GZIPOutputStream(out);
            OutputStream rows = new BufferedOutputStream(gzip);
            // COPY ... TO STDOUT streams rows without holding them in memory; row_to_json gives one object per row.
            // Text-format COPY escapes backslashes, so the CSV form with no quoting/escaping is used to keep JSON intact.
            CopyOut copy = c.unwrap(PGConnection.class).getCopyAPI().copyOut(
                    "COPY (SELECT row_to_json(t) FROM " + quote(partition) + " t) TO STDOUT WITH (FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02')");
            long count = 0;
            try {
                byte[] row;
                while ((row = copy.readFromCopy()) != null) {
                    rows.write(archivedRow.apply(new String(row, StandardCharsets.UTF_8).stripTrailing()).getBytes(StandardCharsets.UTF_8));
                    rows.write('\n');
                    count++;
                }
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
            rows.flush();
            gzip.finish();
            LOG.info("Retention: exported {} rows of {} to {}", count, partition, archiveFile(partition));
        });
    }

    /** The partition is dropped only once its archive is copied and the copy verified; otherwise it stays, loudly. */
    private void store(String partition, ArchiveFile archive) throws ArchiveCopyFailedException {
        try {
            archiveCopy.store(archive);
        } catch (ArchiveCopyFailedException e) {
            LOG.error("Retention: partition {} KEPT, not dropped: its archive could not be copied to {} and verified ({}). "
                      + "The next run tries again; check the archive storage settings (ARCHIVE_S3_*) and that the bucket is reachable.",
                    partition, archiveCopy.describe(archive), e.getMessage());
            throw e;
        }
    }

    private static List<String> partitionsOf(Connection c, String table) throws SQLException {
        List<String> partitions = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT child.relname FROM pg_inherits
                  JOIN pg_class parent ON parent.oid = pg_inherits.inhparent
                  JOIN pg_class child ON child.oid = pg_inherits.inhrelid
                 WHERE parent.oid = to_regclass(?) ORDER BY child.relname""")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    partitions.add(rs.getString(1));
                }
            }
        }
        return partitions;
    }

    /** Partition names come from pg_catalog and match MONTHLY; quoted all the same. */
    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
