package com.rateplatform.gateway.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.rateplatform.gateway.support.FreshSchema;

/** Group commit on a real PostgreSQL: shared transactions, durability before completion, a bad submission failing alone. */
class GroupCommitTest {

    private static FreshSchema schema;

    @BeforeAll
    static void createTable() throws SQLException {
        schema = new FreshSchema();
        try (var c = schema.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE numbers (n int PRIMARY KEY CHECK (n >= 0))");
        }
    }

    @AfterAll
    static void drop() throws SQLException {
        schema.close();
    }

    /**
     * Inserts each submission's number; the batch sizes it was called with are recorded. The first batch counts down
     * {@code firstBatchStarted} and then waits for {@code holdFirstBatch}.
     */
    private static GroupCommit<Integer, Integer> numbers(List<Integer> batchSizes, CountDownLatch firstBatchStarted,
                                                         CountDownLatch holdFirstBatch) {
        return new GroupCommit<>("test", schema.dataSource(), (c, batch) -> {
            batchSizes.add(batch.size());
            if (batchSizes.size() == 1) {
                firstBatchStarted.countDown();
                await(holdFirstBatch);
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO numbers SELECT unnest(?::int[])")) {
                insert.setArray(1, c.createArrayOf("int4", batch.toArray()));
                insert.executeUpdate();
            }
            return batch;
        }, 100, Duration.ZERO, Duration.ofSeconds(10));
    }

    @Test
    void submissionsMadeWhileATransactionIsUnderWayShareTheNextOne() throws Exception {
        List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch hold = new CountDownLatch(1);
        try (GroupCommit<Integer, Integer> commits = numbers(batchSizes, started, hold)) {
            CompletableFuture<Integer> first = commits.submit(1000);
            started.await(10, TimeUnit.SECONDS);
            List<CompletableFuture<Integer>> waiting = new ArrayList<>();
            for (int n = 1001; n <= 1010; n++) {
                waiting.add(commits.submit(n));
            }
            hold.countDown();

            first.get(10, TimeUnit.SECONDS);
            for (CompletableFuture<Integer> f : waiting) {
                f.get(10, TimeUnit.SECONDS);
            }
        }

        assertThat(batchSizes).containsExactly(1, 10);
        assertThat(count("SELECT count(*) FROM numbers WHERE n BETWEEN 1000 AND 1010")).isEqualTo(11);
    }

    @Test
    void aSubmissionCompletesOnlyOnceItsRowsAreCommitted() throws Exception {
        try (GroupCommit<Integer, Integer> commits = numbers(new CopyOnWriteArrayList<>(), new CountDownLatch(1), new CountDownLatch(0))) {
            commits.call(2000);

            // Seen from another connection: committed, not merely written.
            assertThat(count("SELECT count(*) FROM numbers WHERE n = 2000")).isEqualTo(1);
        }
    }

    @Test
    void aSubmissionThatFailsInASharedTransactionFailsAloneAndTheOthersCommit() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch hold = new CountDownLatch(1);
        List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        try (GroupCommit<Integer, Integer> commits = numbers(batchSizes, started, hold)) {
            CompletableFuture<Integer> first = commits.submit(3000);
            started.await(10, TimeUnit.SECONDS);
            CompletableFuture<Integer> good = commits.submit(3001);
            CompletableFuture<Integer> bad = commits.submit(-1);
            CompletableFuture<Integer> alsoGood = commits.submit(3002);
            hold.countDown();

            first.get(10, TimeUnit.SECONDS);
            good.get(10, TimeUnit.SECONDS);
            alsoGood.get(10, TimeUnit.SECONDS);
            assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(SQLException.class);
        }

        // The shared attempt (3 submissions) failed, then each was written alone.
        assertThat(batchSizes).containsExactly(1, 3, 1, 1, 1);
        assertThat(count("SELECT count(*) FROM numbers WHERE n BETWEEN 3000 AND 3002")).isEqualTo(3);
    }

    @Test
    void callRethrowsTheDatabasesRefusal() {
        try (GroupCommit<Integer, Integer> commits = numbers(new CopyOnWriteArrayList<>(), new CountDownLatch(1), new CountDownLatch(0))) {
            assertThatThrownBy(() -> commits.call(-5)).isInstanceOf(SQLException.class).hasMessageContaining("check constraint");
        }
    }

    private static long count(String sql) throws SQLException {
        try (var c = schema.dataSource().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
