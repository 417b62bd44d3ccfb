package com.rateplatform.gateway.support;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.main.Main;
import org.slf4j.LoggerFactory;

import com.rateplatform.gateway.app.GatewayMain;

/**
 * The whole application in a JVM of its own, for tests that must bound its heap (-Xmx): started by a test with
 * ProcessBuilder, given its settings as {@code key=value} arguments (the stream key, unless given, {@link TestKeys}).
 * Prints {@code READY} once it serves, runs until its standard input closes, then prints its heap figures
 * ({@code HEAP <name>=<bytes>}) and stops: the largest heap in use seen (sampled every 10 ms), the peak of each heap
 * pool, and what is still in use after a full GC (what the run left behind).
 */
public final class GatewayProcess {

    private GatewayProcess() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            settings.put(arg.substring(0, equals), arg.substring(equals + 1));
        }
        settings.putIfAbsent("rate.crypto.keys", TestKeys.SPEC);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        AtomicLong peakUsed = new AtomicLong();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> peakUsed.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max),
                0, 10, TimeUnit.MILLISECONDS);
        Main main = GatewayMain.create(settings);
        try {
            main.start();
        } catch (Exception e) {
            // Threads the failed start left behind would keep this JVM alive: leave for good, so the test sees it.
            LoggerFactory.getLogger(GatewayProcess.class).error("The gateway did not start", e);
            System.exit(1);
        }
        System.out.println("READY");
        System.out.flush();
        waitForEndOfInput();
        sampler.shutdown();
        System.gc();
        System.out.println("HEAP used_after_gc=" + memory.getHeapMemoryUsage().getUsed());
        System.out.println("HEAP sampled_peak_used=" + peakUsed.get());
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                System.out.println("HEAP peak " + pool.getName().replace(' ', '_') + "=" + pool.getPeakUsage().getUsed());
            }
        }
        System.out.println("HEAP max=" + Runtime.getRuntime().maxMemory());
        System.out.flush();
        main.stop();
    }

    private static void waitForEndOfInput() throws IOException {
        while (System.in.read() != -1) {
            // anything sent is ignored; closing the stream is the signal to stop
        }
    }
}
