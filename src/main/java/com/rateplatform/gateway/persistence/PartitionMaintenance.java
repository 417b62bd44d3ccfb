package com.rateplatform.gateway.persistence;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps monthly partitions of the item tables created ahead of time: the current month and the next
 * {@code monthsAhead - 1}. Runs under a transaction-scoped advisory lock, so several instances never race; an instance
 * that finds the lock taken skips the run (the holder does the work).
 */
public class PartitionMaintenance {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionMaintenance.class);

    /** Advisory lock key shared by every maintenance task on the partitioned tables. */
    static final long LOCK_KEY = 0x5261746550617274L; // "RatePart"

    static final List<String> PARTITIONED_TABLES = List.of("raw_items", "raw_item_errors");

    private final DataSource dataSource;
    private final int monthsAhead;

    public PartitionMaintenance(DataSource dataSource, int monthsAhead) {
        this.dataSource = dataSource;
        this.monthsAhead = monthsAhead;
    }

    /** @return the number of partitions created, or -1 when another instance holds the lock */
    public int createAhead() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!tryLock(c)) {
                    c.rollback();
                    LOG.debug("Partition maintenance skipped: another instance holds the lock");
                    return -1;
                }
                int created = 0;
                for (String table : PARTITIONED_TABLES) {
                    try (CallableStatement call = c.prepareCall("SELECT create_monthly_partitions(?, now(), ?)")) {
                        call.setString(1, table);
                        call.setInt(2, monthsAhead);
                        try (ResultSet rs = call.executeQuery()) {
                            rs.next();
                            created += rs.getInt(1);
                        }
                    }
                }
                c.commit();
                if (created > 0) {
                    LOG.info("Created {} monthly partition(s) ahead for {}", created, PARTITIONED_TABLES);
                }
                return created;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    static boolean tryLock(Connection c) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            lock.setLong(1, LOCK_KEY);
            try (ResultSet rs = lock.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
