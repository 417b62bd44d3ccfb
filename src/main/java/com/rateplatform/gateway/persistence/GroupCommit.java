package com.rateplatform.gateway.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: what many threads submit while a transaction is under way goes to PostgreSQL together in the next one,
 * in one statement and one commit, so the database's commit rate (about 2,000 fsyncs a second on our machines) stops
 * bounding the request rate. One writer thread takes everything waiting (up to {@code maxBatch}), optionally lingering
 * a little for more, writes it with the {@link Writer}, commits, and only then completes each submission's future: a
 * caller that waits for its future knows its rows are durable.
 *
 * <p>A batch that fails for a reason other than a lost connection is written again one submission per transaction, so
 * one bad submission fails alone; a writer that cannot write a batch together (two submissions about the same row)
 * asks for that with {@link WriteSeparately}. A lost connection fails the whole batch at once (each submitter answers
 * 503 or retries).
 *
 * @param <T> one submission
 * @param <R> what its writing gives back to the submitter
 */
public final class GroupCommit<T, R> implements AutoCloseable {

    /** Writes a batch inside the transaction the group commit opened and will commit. */
    @FunctionalInterface
    public interface Writer<T, R> {

        /** @return one result per submission, in the order of {@code batch} */
        List<R> write(Connection connection, List<T> batch) throws SQLException;
    }

    /** Thrown by a {@link Writer} for a batch whose submissions must be written one per transaction. */
    public static final class WriteSeparately extends RuntimeException {

        public WriteSeparately(String reason) {
            super(reason, null, false, false);
        }
    }

    private record Submission<T, R>(T item, CompletableFuture<R> result) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);
    // SQLState class 08: connection exceptions.
    private static final String CONNECTION_EXCEPTION_CLASS = "08";

    private final String name;
    private final DataSource dataSource;
    private final Writer<T, R> writer;
    private final int maxBatch;
    private final long lingerNanos;
    private final Duration maxWait;
    private final Executor continuations;
    private final BlockingQueue<Submission<T, R>> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param name    names the writer thread and log lines
     * @param linger  how long the writer waits for more after the first submission (zero: it takes what is there)
     * @param maxWait how long {@link #call} waits for its commit before giving up (the submission may still commit)
     */
    public GroupCommit(String name, DataSource dataSource, Writer<T, R> writer, int maxBatch, Duration linger, Duration maxWait) {
        this(name, dataSource, writer, maxBatch, linger, maxWait, null);
    }

    /**
     * @param continuations where futures are completed, so whatever their callers chain on them runs there rather than
     *                      on the writer thread (which must not block on a caller's behalf); null: on the writer thread,
     *                      for callers whose next steps do not block
     */
    public GroupCommit(String name, DataSource dataSource, Writer<T, R> writer, int maxBatch, Duration linger, Duration maxWait,
                       Executor continuations) {
        this.continuations = continuations;
        this.name = name;
        this.dataSource = dataSource;
        this.writer = writer;
        this.maxBatch = maxBatch;
        this.lingerNanos = linger.toNanos();
        this.maxWait = maxWait;
        this.thread = new Thread(this::run, "group-commit-" + name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues one submission for the next transaction; the future completes once that transaction has committed. */
    public CompletableFuture<R> submit(T item) {
        CompletableFuture<R> result = new CompletableFuture<>();
        if (!running) {
            result.completeExceptionally(new SQLException("Group commit " + name + " is stopped"));
            return result;
        }
        queue.add(new Submission<>(item, result));
        return result;
    }

    /** {@link #submit}, waiting for the commit. */
    public R call(T item) throws SQLException {
        try {
            return submit(item).get(maxWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new SQLException(e.getCause());
        } catch (TimeoutException e) {
            throw new SQLTimeoutException("No commit of " + name + " within " + maxWait.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("Interrupted while waiting for the commit of " + name, e);
        }
    }

    private void run() {
        List<Submission<T, R>> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Submission<T, R> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                gather(batch);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                batch.clear();
            }
        }
        Submission<T, R> left;
        while ((left = queue.poll()) != null) {
            left.result.completeExceptionally(new SQLException("Group commit " + name + " stopped"));
        }
    }

    private void gather(List<Submission<T, R>> batch) throws InterruptedException {
        queue.drainTo(batch, maxBatch - batch.size());
        if (lingerNanos <= 0) {
            return;
        }
        long deadline = System.nanoTime() + lingerNanos;
        while (batch.size() < maxBatch) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            Submission<T, R> next = queue.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
                return;
            }
            batch.add(next);
            queue.drainTo(batch, maxBatch - batch.size());
        }
    }

    private void write(List<Submission<T, R>> batch) {
        try {
            complete(batch, transaction(batch.stream().map(Submission::item).toList()));
        } catch (SQLException | RuntimeException e) {
            if (batch.size() == 1 || e instanceof SQLException sql && isConnectionFailure(sql)) {
                batch.forEach(s -> fail(s, e));
                return;
            }
            if (e instanceof SQLException) {
                LOG.warn("Group commit {} of {} submissions failed ({}); writing them one by one", name, batch.size(), e.toString());
            } else {
                // The writer refused the batch as a whole (WriteSeparately, or one submission's own mistake).
                LOG.debug("Group commit {} writes {} submissions one by one: {}", name, batch.size(), e.toString());
            }
            for (Submission<T, R> submission : batch) {
                try {
                    complete(List.of(submission), transaction(List.of(submission.item)));
                } catch (SQLException | RuntimeException alone) {
                    fail(submission, alone);
                }
            }
        }
    }

    private List<R> transaction(List<T> items) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<R> results = writer.write(c, items);
                c.commit();
                return results;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
        }
    }

    private void complete(List<Submission<T, R>> batch, List<R> results) {
        for (int i = 0; i < batch.size(); i++) {
            CompletableFuture<R> future = batch.get(i).result;
            R result = results.get(i);
            settle(() -> future.complete(result));
        }
    }

    private void fail(Submission<T, R> submission, Throwable failure) {
        settle(() -> submission.result.completeExceptionally(failure));
    }

    private void settle(Runnable completion) {
        if (continuations == null) {
            completion.run();
        } else {
            continuations.execute(completion);
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            LOG.debug("Rollback failed: {}", e.getMessage());
        }
    }

    private static boolean isConnectionFailure(SQLException e) {
        return e instanceof SQLTransientConnectionException
               || e.getSQLState() != null && e.getSQLState().startsWith(CONNECTION_EXCEPTION_CLASS);
    }

    /** Lets the writer finish what is queued, then stops it. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(maxWait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
