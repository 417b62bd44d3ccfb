package com.rateplatform.gateway.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The exchanges of one read, while they run: each one's completion (on whatever thread it finished) notes its entry as
 * completed or failed, and the reader waits for all of them and takes the completed ids to acknowledge.
 */
final class InFlightBatch {

    private final CountDownLatch finished;
    private final Queue<String> completed = new ConcurrentLinkedQueue<>();

    InFlightBatch(int exchanges) {
        this.finished = new CountDownLatch(exchanges);
    }

    /** The exchange of entry {@code id} completed: its entry may be acknowledged. */
    void completed(String id) {
        completed.add(id);
        finished.countDown();
    }

    /** An exchange failed: its entry stays pending. */
    void failed() {
        finished.countDown();
    }

    /** @return true once every exchange completed or failed */
    boolean awaitFinished(long timeoutMs) throws InterruptedException {
        return finished.await(timeoutMs, TimeUnit.MILLISECONDS);
    }

    long running() {
        return finished.getCount();
    }

    /** The ids completed since the last call. */
    List<String> takeCompleted() {
        List<String> ids = new ArrayList<>();
        for (String id = completed.poll(); id != null; id = completed.poll()) {
            ids.add(id);
        }
        return ids;
    }
}
